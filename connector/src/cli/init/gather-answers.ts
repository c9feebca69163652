import { resolve } from 'node:path';
import { UsageError } from '../errors/index.js';
import {
  AUTH_METHODS,
  DEFAULT_CREDENTIAL_ENV,
  DEFAULT_JWT_KEY_FILE,
  DEFAULT_STORE_PATH,
  needsClientSecret,
  needsUsername,
  type AuthMethod,
  type CredentialSource,
  type InitAnswers,
} from './init-answers.js';
import type { Prompter } from './prompter.js';

/** `sfwp init` flags, as parsed. */
export interface InitFlags {
  'login-url'?: string;
  'auth-method'?: string;
  'client-id'?: string;
  username?: string;
  'private-key-file'?: string;
  'client-secret-env'?: string;
  'client-secret-file'?: string;
  'password-env'?: string;
  'password-file'?: string;
  'refresh-token-env'?: string;
  'refresh-token-file'?: string;
  'wp-url'?: string;
  'wp-username'?: string;
  'wp-app-password-env'?: string;
  'wp-app-password-file'?: string;
  'store-path'?: string;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function envName(name: string, flag: string): CredentialSource {
  if (!ENV_NAME.test(name)) {
    throw new UsageError(`${flag} takes an environment variable name (letters, digits, _)`);
  }
  return { env: name };
}

function credentialFromFlags(
  flags: InitFlags,
  name: 'client-secret' | 'password' | 'refresh-token' | 'wp-app-password',
  cwd: string,
): CredentialSource | undefined {
  const env = flags[`${name}-env`];
  const file = flags[`${name}-file`];
  if (env !== undefined && file !== undefined) {
    throw new UsageError(`give --${name}-env or --${name}-file, not both`);
  }
  if (file !== undefined) return { file: resolve(cwd, file) };
  return env === undefined ? undefined : envName(env, `--${name}-env`);
}

function authMethod(text: string | undefined): AuthMethod | undefined {
  if (text === undefined) return undefined;
  const method = AUTH_METHODS.find((candidate) => candidate === text);
  if (method === undefined)
    throw new UsageError(`--auth-method must be one of ${AUTH_METHODS.join(', ')}`);
  return method;
}

/** Answers from flags alone; names every missing flag at once. */
export function answersFromFlags(flags: InitFlags, cwd: string): InitAnswers {
  const method = authMethod(flags['auth-method']) ?? 'jwt';
  const missing: string[] = [];
  const required = (flag: keyof InitFlags): string => {
    const value = flags[flag];
    if (value === undefined || value === '') missing.push(`--${flag}`);
    return value ?? '';
  };
  const clientId = required('client-id');
  const username = needsUsername(method) ? required('username') : undefined;
  const keyFile = method === 'jwt' ? required('private-key-file') : undefined;
  const wordpressUrl = required('wp-url');
  const wordpressUsername = required('wp-username');
  if (missing.length > 0) {
    throw new UsageError(`missing ${missing.join(', ')} (needed with --non-interactive)`);
  }
  const clientSecret =
    credentialFromFlags(flags, 'client-secret', cwd) ??
    (needsClientSecret(method) ? { env: DEFAULT_CREDENTIAL_ENV.clientSecret } : undefined);
  return {
    loginUrl: flags['login-url'] ?? 'production',
    authMethod: method,
    clientId,
    ...(username === undefined ? {} : { username }),
    ...(keyFile === undefined ? {} : { privateKey: { file: resolve(cwd, keyFile) } }),
    ...(clientSecret === undefined ? {} : { clientSecret }),
    ...(method === 'password'
      ? {
          password: credentialFromFlags(flags, 'password', cwd) ?? {
            env: DEFAULT_CREDENTIAL_ENV.password,
          },
        }
      : {}),
    ...(method === 'refresh-token'
      ? {
          refreshToken: credentialFromFlags(flags, 'refresh-token', cwd) ?? {
            env: DEFAULT_CREDENTIAL_ENV.refreshToken,
          },
        }
      : {}),
    wordpressUrl,
    wordpressUsername,
    applicationPassword: credentialFromFlags(flags, 'wp-app-password', cwd) ?? {
      env: DEFAULT_CREDENTIAL_ENV.applicationPassword,
    },
    storePath: flags['store-path'] ?? DEFAULT_STORE_PATH,
  };
}

/** Asks where a credential is read from: an environment variable name, or `file:PATH`. */
async function askCredential(
  prompter: Prompter,
  what: string,
  fallback: string,
  cwd: string,
): Promise<CredentialSource> {
  for (;;) {
    const answer = await prompter.ask(
      `${what}: environment variable to read it from, or file:PATH (the value itself is never written)`,
      fallback,
    );
    if (answer.startsWith('file:') && answer.length > 5) {
      return { file: resolve(cwd, answer.slice(5)) };
    }
    if (ENV_NAME.test(answer)) return { env: answer };
    prompter.say('  Give a variable name (letters, digits, _) or file:PATH.\n');
  }
}

/** Asks for every answer a flag did not give, with the flag's value or a default offered. */
export async function answersFromPrompts(
  flags: InitFlags,
  prompter: Prompter,
  cwd: string,
): Promise<InitAnswers> {
  const flagged = (name: keyof InitFlags, question: string, fallback?: string): Promise<string> =>
    flags[name] === undefined ? prompter.ask(question, fallback) : Promise.resolve(flags[name]);
  const loginUrl = await flagged(
    'login-url',
    'Salesforce login URL: production, sandbox or your My Domain URL',
    'production',
  );
  const method =
    authMethod(flags['auth-method']) ??
    (await prompter.choose('Salesforce authentication method', AUTH_METHODS, 'jwt'));
  const clientId = await flagged('client-id', 'Consumer key of the connected app');
  const username = needsUsername(method)
    ? await flagged('username', 'Salesforce integration username')
    : undefined;
  const privateKey =
    method === 'jwt'
      ? {
          file: resolve(
            cwd,
            await flagged(
              'private-key-file',
              'Private key file (PEM; created with its certificate if it does not exist)',
              DEFAULT_JWT_KEY_FILE,
            ),
          ),
        }
      : undefined;
  const clientSecret =
    credentialFromFlags(flags, 'client-secret', cwd) ??
    (needsClientSecret(method)
      ? await askCredential(prompter, 'Client secret', DEFAULT_CREDENTIAL_ENV.clientSecret, cwd)
      : undefined);
  const password =
    method === 'password'
      ? (credentialFromFlags(flags, 'password', cwd) ??
        (await askCredential(
          prompter,
          'Password + security token',
          DEFAULT_CREDENTIAL_ENV.password,
          cwd,
        )))
      : undefined;
  const refreshToken =
    method === 'refresh-token'
      ? (credentialFromFlags(flags, 'refresh-token', cwd) ??
        (await askCredential(prompter, 'Refresh token', DEFAULT_CREDENTIAL_ENV.refreshToken, cwd)))
      : undefined;
  const wordpressUrl = await flagged('wp-url', 'WordPress site URL (https://…)');
  const wordpressUsername = await flagged(
    'wp-username',
    'WordPress username the connector writes as',
  );
  const applicationPassword =
    credentialFromFlags(flags, 'wp-app-password', cwd) ??
    (await askCredential(
      prompter,
      'WordPress application password',
      DEFAULT_CREDENTIAL_ENV.applicationPassword,
      cwd,
    ));
  const storePath = await flagged('store-path', 'State database path', DEFAULT_STORE_PATH);
  return {
    loginUrl,
    authMethod: method,
    clientId,
    ...(username === undefined ? {} : { username }),
    ...(privateKey === undefined ? {} : { privateKey }),
    ...(clientSecret === undefined ? {} : { clientSecret }),
    ...(password === undefined ? {} : { password }),
    ...(refreshToken === undefined ? {} : { refreshToken }),
    wordpressUrl,
    wordpressUsername,
    applicationPassword,
    storePath,
  };
}
