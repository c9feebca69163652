import type { Logger } from 'pino';
import type { Config } from '../../config/index.js';
import { createLogger } from '../../observability/logger.js';
import type { Command } from '../command.js';
import { COMMON_HELP, COMMON_OPTIONS } from '../command.js';
import { UsageError } from '../errors/index.js';
import { EXIT_CODES } from '../exit-codes.js';
import { loadCliConfig } from '../load-cli-config.js';
import { parseCommandLine } from '../parse.js';

/** Who a working login is, as `sfwp auth` prints it. */
export interface AuthIdentity {
  instanceUrl: string;
  organizationId: string;
  userId: string;
  username?: string;
}

/**
 * What `sfwp auth` calls; the Salesforce side provides it (not written yet: see the report of
 * issue 6). `login` runs the web-server flow with PKCE and a loopback callback, stores the
 * refresh token where `salesforce.auth.refreshToken` points, and says where.
 */
export interface AuthOperations {
  login(
    config: Config,
    options: { logger: Logger; port: number | undefined; print: (line: string) => void },
  ): Promise<AuthIdentity & { storedIn: string }>;
  test(config: Config, options: { logger: Logger }): Promise<AuthIdentity>;
}

const loginHelp = `Usage: sfwp auth login [--port N]

Obtains a Salesforce refresh token with the web-server flow (PKCE): prints a URL to open in a
browser, receives the callback on 127.0.0.1, and stores the token where
salesforce.auth.refreshToken points (an env file or a file; never printed).

Options:
      --port N        Loopback callback port (must match the connected app's callback URL)
${COMMON_HELP}`;

const testHelp = `Usage: sfwp auth test

Logs in to Salesforce with the configured method and prints the org and user, or what to fix.

Exit codes: 0 login works, 1 Salesforce refused it, 2 bad command line or config.

${COMMON_HELP}`;

function identity(result: AuthIdentity): string {
  return `${result.username ?? result.userId} in org ${result.organizationId} (${result.instanceUrl})`;
}

/** `sfwp auth login` and `sfwp auth test`, wired to the Salesforce side's operations. */
export function createAuthCommands(
  loadOperations: () => Promise<AuthOperations>,
  makeLogger: (level: string) => Logger = (level) => createLogger({ level }),
): Command[] {
  const login: Command = {
    name: 'auth login',
    summary: 'Obtain a Salesforce refresh token in the browser (web-server flow, PKCE)',
    help: loginHelp,
    async run(args, { io, debug }) {
      const { values } = parseCommandLine(
        args,
        { ...COMMON_OPTIONS, port: { type: 'string' } },
        loginHelp,
      );
      const port = values.port === undefined ? undefined : Number(values.port);
      if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) {
        throw new UsageError('--port must be a port number', loginHelp);
      }
      const config = loadCliConfig(values, io);
      const operations = await loadOperations();
      const result = await operations.login(config, {
        logger: makeLogger(debug ? 'debug' : config.log.level),
        port,
        print: (line) => io.stdout.write(`${line}\n`),
      });
      io.stdout.write(
        `Logged in as ${identity(result)}. Refresh token stored in ${result.storedIn}.\n`,
      );
      return EXIT_CODES.ok;
    },
  };
  const test: Command = {
    name: 'auth test',
    summary: 'Check that the configured Salesforce login works',
    help: testHelp,
    async run(args, { io, debug }) {
      const { values } = parseCommandLine(args, COMMON_OPTIONS, testHelp);
      const config = loadCliConfig(values, io);
      const operations = await loadOperations();
      const result = await operations.test(config, {
        logger: makeLogger(debug ? 'debug' : config.log.level),
      });
      io.stdout.write(
        `Salesforce login works (${config.salesforce.auth.method}): ${identity(result)}.\n`,
      );
      return EXIT_CODES.ok;
    },
  };
  return [login, test];
}
