/**
 * `npm start` with a configuration: exactly `sfwp start` (the CLI's own command path, JSON log
 * lines on stdout, status server, exit codes). Nothing local is started.
 */
import { COMMANDS } from '../../connector/src/cli/commands/index.js';
import { processIo } from '../../connector/src/cli/io.js';
import { runCli } from '../../connector/src/cli/run-cli.js';

export async function runReal(argv: readonly string[], reason: string): Promise<number> {
  process.stderr.write(
    `npm start: configuration found (${reason}); running the connector as \`sfwp start\`.\n`,
  );
  return runCli(['start', ...argv], processIo(), COMMANDS);
}
