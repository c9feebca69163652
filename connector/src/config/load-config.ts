import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { configSchema, SecretReference, type ParsedConfig } from './schema.js';
import { Secret } from './secret.js';
import { setPath } from './set-path.js';

/** Parsed configuration with every credential read into a {@link Secret}. */
export type Config = WithSecrets<ParsedConfig>;
type WithSecrets<T> = T extends SecretReference
  ? Secret
  : T extends readonly (infer E)[]
    ? WithSecrets<E>[]
    : T extends object
      ? { [K in keyof T]: WithSecrets<T[K]> }
      : T;

export const DEFAULT_CONFIG_FILE = 'sfwp.config.yaml';

interface EnvOverride {
  setting: string;
  kind: 'text' | 'number' | 'boolean' | 'secret' | 'secret-file';
}

/** Environment variables that override the file; credentials are referenced, never copied. */
export const ENV_OVERRIDES: Record<string, EnvOverride> = {
  SF_LOGIN_URL: { setting: 'salesforce.loginUrl', kind: 'text' },
  SF_API_VERSION: { setting: 'salesforce.apiVersion', kind: 'text' },
  SF_AUTH_METHOD: { setting: 'salesforce.auth.method', kind: 'text' },
  SF_CLIENT_ID: { setting: 'salesforce.auth.clientId', kind: 'text' },
  SF_CLIENT_SECRET: { setting: 'salesforce.auth.clientSecret', kind: 'secret' },
  SF_USERNAME: { setting: 'salesforce.auth.username', kind: 'text' },
  SF_PASSWORD: { setting: 'salesforce.auth.password', kind: 'secret' },
  SF_PRIVATE_KEY: { setting: 'salesforce.auth.privateKey', kind: 'secret' },
  SF_PRIVATE_KEY_FILE: { setting: 'salesforce.auth.privateKey', kind: 'secret-file' },
  SF_REFRESH_TOKEN: { setting: 'salesforce.auth.refreshToken', kind: 'secret' },
  SF_REFRESH_TOKEN_FILE: { setting: 'salesforce.auth.refreshToken', kind: 'secret-file' },
  SF_PUBSUB_ENDPOINT: { setting: 'salesforce.pubSubEndpoint', kind: 'text' },
  SF_VERIFY_TLS: { setting: 'salesforce.verifyTls', kind: 'boolean' },
  WP_URL: { setting: 'wordpress.url', kind: 'text' },
  WP_USERNAME: { setting: 'wordpress.username', kind: 'text' },
  WP_APP_PASSWORD: { setting: 'wordpress.applicationPassword', kind: 'secret' },
  WP_VERIFY_TLS: { setting: 'wordpress.verifyTls', kind: 'boolean' },
  WP_SHARED_SECRET: { setting: 'wordpress.sharedSecret', kind: 'secret' },
  SFWP_FEED_ENABLED: { setting: 'changeFeed.enabled', kind: 'boolean' },
  SFWP_FEED_POLL_SECONDS: { setting: 'changeFeed.pollSeconds', kind: 'number' },
  SFWP_WEBHOOK_URL: { setting: 'changeFeed.webhookUrl', kind: 'text' },
  SFWP_THROTTLE_RETRY_SECONDS: { setting: 'sync.throttleRetrySeconds', kind: 'number' },
  SFWP_STORE_PATH: { setting: 'store.path', kind: 'text' },
  SFWP_STORE_KIND: { setting: 'store.kind', kind: 'text' },
  SFWP_DATABASE_URL: { setting: 'store.url', kind: 'secret' },
  SFWP_LEASE_SECONDS: { setting: 'store.leaseSeconds', kind: 'number' },
  SFWP_LOG_LEVEL: { setting: 'log.level', kind: 'text' },
  SFWP_HTTP_HOST: { setting: 'server.host', kind: 'text' },
  SFWP_HTTP_PORT: { setting: 'server.port', kind: 'number' },
  SFWP_STATUS_TOKEN: { setting: 'server.token', kind: 'secret' },
};

function envVariableFor(setting: string): string | undefined {
  return Object.entries(ENV_OVERRIDES).find(([, override]) => override.setting === setting)?.[0];
}

function envValue(
  name: string,
  raw: string,
  override: EnvOverride,
  problems: ConfigProblem[],
): unknown {
  switch (override.kind) {
    case 'secret':
      return { env: name };
    case 'secret-file':
      return { file: raw };
    case 'number': {
      const value = Number(raw);
      if (!Number.isFinite(value)) {
        problems.push({ setting: override.setting, message: `${name}='${raw}' is not a number` });
      }
      return value;
    }
    case 'boolean':
      if (!['true', 'false'].includes(raw)) {
        problems.push({
          setting: override.setting,
          message: `${name} must be true or false, not '${raw}'`,
        });
      }
      return raw === 'true';
    case 'text':
      return raw;
  }
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.includes('received undefined'))
    return 'is required';
  if (issue.code === 'invalid_union' && 'discriminator' in issue) {
    return 'method must be one of jwt, client-credentials, refresh-token, password';
  }
  return issue.message;
}

function hintFor(setting: string, file: string | undefined): string {
  const variable = envVariableFor(setting);
  const where = file ? `in ${file}` : `in ${DEFAULT_CONFIG_FILE}`;
  return variable
    ? `Set ${setting} ${where}, or the environment variable ${variable}.`
    : `Set ${setting} ${where}.`;
}

function readSecret(
  reference: SecretReference,
  setting: string,
  env: NodeJS.ProcessEnv,
  problems: ConfigProblem[],
): Secret {
  const input = reference.input;
  if (typeof input === 'string') return new Secret(input, 'config file');
  if ('env' in input) {
    const value = env[input.env];
    if (value === undefined || value === '') {
      problems.push({
        setting,
        message: `the environment variable ${input.env} is not set`,
        hint: `Export ${input.env}.`,
      });
    }
    return new Secret(value ?? '', `env ${input.env}`);
  }
  try {
    return new Secret(readFileSync(input.file, 'utf8').trim(), `file ${input.file}`);
  } catch (error) {
    problems.push({
      setting,
      message: `cannot read ${input.file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      hint: 'Check the path and that the connector may read it.',
    });
    return new Secret('', `file ${input.file}`);
  }
}

function resolveSecrets(
  value: unknown,
  path: string,
  env: NodeJS.ProcessEnv,
  problems: ConfigProblem[],
  // A single-org file's credentials appear twice (salesforce and orgs[0]): read them once.
  read = new Map<SecretReference, Secret>(),
): unknown {
  if (value instanceof SecretReference) {
    const known = read.get(value);
    if (known !== undefined) return known;
    const secret = readSecret(value, path, env, problems);
    read.set(value, secret);
    return secret;
  }
  if (Array.isArray(value)) {
    return value.map((inner, index) =>
      resolveSecrets(inner, `${path}.${index}`, env, problems, read),
    );
  }
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      resolveSecrets(inner, path ? `${path}.${key}` : key, env, problems, read),
    ]),
  );
}

export interface LoadConfigOptions {
  /** Config file; else SFWP_CONFIG; else sfwp.config.yaml in `cwd` if present. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/**
 * Reads the config file (YAML or JSON) and the environment, validates them, and reads every
 * credential. Throws one {@link ConfigError} listing all problems, each with a fix.
 */
export function loadConfig(options: LoadConfigOptions = {}): Config {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const named = options.file ?? env.SFWP_CONFIG;
  const file = named
    ? resolve(cwd, named)
    : existsSync(resolve(cwd, DEFAULT_CONFIG_FILE))
      ? resolve(cwd, DEFAULT_CONFIG_FILE)
      : undefined;
  const source = file ?? 'environment only';
  const problems: ConfigProblem[] = [];

  let raw: Record<string, unknown> = {};
  if (file) {
    if (!existsSync(file)) {
      throw new ConfigError(
        [
          {
            setting: '(file)',
            message: `${file} does not exist`,
            hint: 'Run `sfwp init` to write one.',
          },
        ],
        source,
      );
    }
    try {
      const parsed: unknown = parseYaml(readFileSync(file, 'utf8'));
      raw =
        parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
    } catch (error) {
      throw new ConfigError(
        [{ setting: '(file)', message: `not valid YAML: ${(error as Error).message}` }],
        source,
      );
    }
  }
  for (const [name, override] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name];
    if (value !== undefined && value !== '')
      setPath(raw, override.setting, envValue(name, value, override, problems));
  }

  const result = configSchema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const setting = issue.path.map(String).join('.') || '(root)';
      problems.push({ setting, message: describeIssue(issue), hint: hintFor(setting, file) });
    }
    throw new ConfigError(problems, source);
  }
  const config = resolveSecrets(result.data, '', env, problems) as Config;
  if (problems.length > 0) throw new ConfigError(problems, source);
  return config;
}
