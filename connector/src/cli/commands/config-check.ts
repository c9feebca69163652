import { stringify } from 'yaml';
import { ConfigError } from '../../config/index.js';
import { statusTokenPath } from '../../server/index.js';
import type { Command } from '../command.js';
import { COMMON_HELP, COMMON_OPTIONS } from '../command.js';
import { EXIT_CODES } from '../exit-codes.js';
import { loadCliConfig } from '../load-cli-config.js';
import { parseCommandLine } from '../parse.js';
import { printableConfig } from '../printable-config.js';
import type { Config } from '../../config/index.js';
import { DEFAULT_ORG } from '../../config/schema.js';

const help = `Usage: sfwp config check [--config FILE] [--json]

Loads the config file and the environment, validates them and reads every credential. Prints
the effective configuration with credentials redacted (only where each comes from), or every
problem with how to fix it.

Exit codes: 0 valid, 2 invalid.

Options:
      --json          Print the effective configuration as JSON
${COMMON_HELP}`;

/**
 * The settings in the form the file uses: one org as `salesforce:` (its `default` name
 * implied), several as `orgs:` only.
 */
function asWritten(config: Config): Record<string, unknown> {
  const { orgs, salesforce, ...rest } = config;
  if (orgs.length > 1 || salesforce.name !== DEFAULT_ORG) return { orgs, ...rest };
  const single: Partial<typeof salesforce> = { ...salesforce };
  delete single.name;
  return { salesforce: single, ...rest };
}

export const configCheckCommand: Command = {
  name: 'config check',
  summary: 'Validate the configuration and print it, credentials redacted',
  help,
  run(args, { io }) {
    const { values } = parseCommandLine(
      args,
      { ...COMMON_OPTIONS, json: { type: 'boolean' } },
      help,
    );
    let config;
    try {
      config = loadCliConfig(values, io, { allOrgs: true });
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      io.stderr.write(`${error.message}\n`);
      return Promise.resolve(EXIT_CODES.usage);
    }
    const printable = printableConfig(asWritten(config));
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify(printable, null, 2)}\n`);
      return Promise.resolve(EXIT_CODES.ok);
    }
    io.stdout.write(`# Configuration is valid. Effective settings:\n${stringify(printable)}`);
    if (config.server.token === undefined) {
      io.stdout.write(
        `# server.token is unset: the connector generates one at start in ${statusTokenPath(config, io.cwd)}\n`,
      );
    }
    return Promise.resolve(EXIT_CODES.ok);
  },
};
