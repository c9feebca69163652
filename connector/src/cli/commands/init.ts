import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { configSchema, DEFAULT_CONFIG_FILE } from '../../config/index.js';
import type { Command } from '../command.js';
import { CliError } from '../errors/index.js';
import { EXIT_CODES } from '../exit-codes.js';
import { answersFromFlags, answersFromPrompts, type InitFlags } from '../init/gather-answers.js';
import type { InitAnswers } from '../init/init-answers.js';
import { prepareJwtKey, type JwtKeyOutcome } from '../init/jwt-key-pair.js';
import { Prompter } from '../init/prompter.js';
import { renderConfig, toConfigInput } from '../init/render-config.js';
import { jwtSetupSteps, keptKeyNote } from '../init/setup-steps.js';
import { parseCommandLine } from '../parse.js';

const help = `Usage: sfwp init [--output FILE] [--force] [flags]
       sfwp init --non-interactive --client-id ID --wp-url URL --wp-username NAME [flags]

Writes a commented config file. Asks for each setting not given as a flag, or, with
--non-interactive, takes everything from flags and defaults. Credentials are never written:
the file says where each is read from (an environment variable or a file).

With --auth-method jwt, a missing --private-key-file is created: an RSA 2048 key (mode 0600)
and, beside it, the self-signed certificate to upload to the External Client App; the Setup
steps are printed. An existing key file is kept unless --force.

Options:
      --output FILE              Where to write (default: ${DEFAULT_CONFIG_FILE})
      --force                    Overwrite an existing config file and JWT key file
      --non-interactive          Ask nothing; fail naming any missing flag
      --login-url URL            production (default), sandbox or a My Domain URL
      --auth-method M            jwt (default), client-credentials, refresh-token, password
      --client-id ID             Consumer key of the connected app
      --username NAME            Salesforce integration user (jwt, password)
      --private-key-file PATH    PEM private key (jwt); created with its certificate if missing
      --client-secret-env NAME   Client secret from this variable (default SF_CLIENT_SECRET)
      --client-secret-file PATH  ... or from this file
      --password-env NAME        Password + security token (password; default SF_PASSWORD)
      --password-file PATH
      --refresh-token-env NAME   Refresh token (refresh-token; default SF_REFRESH_TOKEN)
      --refresh-token-file PATH
      --wp-url URL               WordPress site address
      --wp-username NAME         WordPress user the connector writes as
      --wp-app-password-env NAME Application password variable (default WP_APP_PASSWORD)
      --wp-app-password-file PATH
      --store-path PATH          State database (default .sfwp/state.sqlite)
      --debug                    Print stack traces with errors
  -h, --help                     This help`;

const text = { type: 'string' } as const;
const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  debug: { type: 'boolean' },
  output: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
  'non-interactive': { type: 'boolean' },
  'login-url': text,
  'auth-method': text,
  'client-id': text,
  username: text,
  'private-key-file': text,
  'client-secret-env': text,
  'client-secret-file': text,
  'password-env': text,
  'password-file': text,
  'refresh-token-env': text,
  'refresh-token-file': text,
  'wp-url': text,
  'wp-username': text,
  'wp-app-password-env': text,
  'wp-app-password-file': text,
  'store-path': text,
} as const;

/** Checks the answers against the config schema; names each problem. */
function validate(answers: InitAnswers): void {
  const result = configSchema.safeParse(toConfigInput(answers));
  if (result.success) return;
  const problems = result.error.issues.map(
    (issue) => `${issue.path.map(String).join('.')}: ${issue.message}`,
  );
  throw new CliError(
    `These answers would not make a valid config, so nothing was written: ${problems.join('; ')}`,
    EXIT_CODES.usage,
  );
}

export const initCommand: Command = {
  name: 'init',
  summary: 'Write a commented sfwp.config.yaml (interactively or from flags)',
  help,
  async run(args, { io }) {
    const { values } = parseCommandLine(args, OPTIONS, help);
    const output = resolve(io.cwd, values.output ?? DEFAULT_CONFIG_FILE);
    const force = values.force === true;
    if (!force && existsSync(output)) {
      throw new CliError(`${output} already exists; pass --force to overwrite it.`);
    }
    const flags: InitFlags = values;
    let answers: InitAnswers;
    if (values['non-interactive'] === true) {
      answers = answersFromFlags(flags, io.cwd);
    } else {
      const prompter = new Prompter(io.stdin, io.stdout);
      try {
        answers = await answersFromPrompts(flags, prompter, io.cwd);
      } finally {
        prompter.dispose();
      }
    }
    validate(answers);
    const key: JwtKeyOutcome | undefined =
      answers.privateKey !== undefined && 'file' in answers.privateKey
        ? prepareJwtKey(answers.privateKey.file, force)
        : undefined;
    try {
      writeFileSync(output, renderConfig(answers, new Date()), { flag: force ? 'w' : 'wx' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new CliError(`Cannot write ${output} (${code}).`, EXIT_CODES.failure, { cause: error });
    }
    const variables = [
      answers.privateKey,
      answers.clientSecret,
      answers.password,
      answers.refreshToken,
      answers.applicationPassword,
    ].flatMap((source) => (source !== undefined && 'env' in source ? [source.env] : []));
    if (key !== undefined)
      io.stdout.write(key.kind === 'created' ? jwtSetupSteps(key) : keptKeyNote(key));
    io.stdout.write(
      `Wrote ${output}.\n` +
        (variables.length > 0
          ? `Set ${variables.join(', ')} in the connector's environment, then `
          : 'Next: ') +
        `run \`sfwp config check${values.output === undefined ? '' : ` --config ${output}`}\`.\n`,
    );
    return EXIT_CODES.ok;
  },
};
