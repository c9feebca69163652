import type { CliIo } from './io.js';

export interface CommandContext {
  io: CliIo;
  /** `--debug`: print stacks and debug logs. */
  debug: boolean;
}

/** One `sfwp` command: thin, parses its arguments and calls the code that does the work. */
export interface Command {
  /** Words after `sfwp`, e.g. `dlq list`. */
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Full `--help` text. */
  help: string;
  /** Runs with the arguments after the command name; resolves with the exit code. */
  run(args: string[], context: CommandContext): Promise<number>;
}

/** Options every command accepts. */
export const COMMON_OPTIONS = {
  config: { type: 'string', short: 'c' },
  demo: { type: 'boolean' },
  org: { type: 'string' },
  debug: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const COMMON_HELP = `Common options:
  -c, --config FILE   Config file (default: $SFWP_CONFIG, else ./sfwp.config.yaml, else the
                      running npm start demo's .sfwp/demo-connector.yaml)
      --demo          Use the npm start demo's configuration
      --org NAME      With several orgs (orgs: in the config), the org to act on
      --debug         Print stack traces with errors
  -h, --help          This help`;
