import { ConfigError } from '../config/index.js';
import type { Command } from './command.js';
import { CliError, UsageError } from './errors/index.js';
import { EXIT_CODES } from './exit-codes.js';
import type { CliIo } from './io.js';
import { SFWP_VERSION } from './version.js';

function usage(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  return `Usage: sfwp <command> [options]

Salesforce ⇄ WordPress sync connector.

Commands:
${commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n')}

Run \`sfwp <command> --help\` for a command's options. Exit codes: 0 done, 1 failed,
2 wrong command line or configuration, 3 (status) no connector answered.
`;
}

const wantsHelp = (args: readonly string[]): boolean =>
  args.includes('--help') || args.includes('-h');

/** Finds the command whose words start `argv`, longest name first. */
function resolveCommand(
  argv: readonly string[],
  commands: readonly Command[],
): { command: Command; args: string[] } | undefined {
  const byLength = [...commands].sort((a, b) => b.name.length - a.name.length);
  for (const command of byLength) {
    const words = command.name.split(' ');
    if (words.every((word, index) => argv[index] === word)) {
      return { command, args: argv.slice(words.length) };
    }
  }
  return undefined;
}

function report(error: unknown, io: CliIo, debug: boolean): number {
  if (error instanceof ConfigError) {
    io.stderr.write(`sfwp: ${error.message}\n`);
    if (debug && error.stack !== undefined) io.stderr.write(`${error.stack}\n`);
    return EXIT_CODES.usage;
  }
  if (error instanceof UsageError) {
    io.stderr.write(
      `sfwp: ${error.message}\n${error.usage === undefined ? '' : `\n${error.usage}\n`}`,
    );
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.stderr.write(`sfwp: ${message.split('\n')[0] ?? message}\n`);
  if (debug && error instanceof Error && error.stack !== undefined) {
    io.stderr.write(`${error.stack}\n`);
  }
  if (!debug && !(error instanceof CliError))
    io.stderr.write('(run again with --debug for details)\n');
  return error instanceof CliError ? error.exitCode : EXIT_CODES.failure;
}

/**
 * Runs one `sfwp` command line and resolves with the exit code. Errors become one line on
 * stderr (a stack only with `--debug`); a wrong command line prints the usage and exits 2.
 */
export async function runCli(
  argv: readonly string[],
  io: CliIo,
  commands: readonly Command[],
): Promise<number> {
  const debug = argv.includes('--debug');
  if (argv.length === 0 || (argv[0]?.startsWith('-') === true && wantsHelp(argv))) {
    (argv.length === 0 ? io.stderr : io.stdout).write(usage(commands));
    return argv.length === 0 ? EXIT_CODES.usage : EXIT_CODES.ok;
  }
  if (argv[0] === '--version' || argv[0] === '-v') {
    io.stdout.write(`sfwp ${SFWP_VERSION}\n`);
    return EXIT_CODES.ok;
  }
  const found = resolveCommand(argv, commands);
  if (found === undefined) {
    const group = commands.filter((command) => command.name.startsWith(`${argv[0] ?? ''} `));
    if (group.length > 0 && (argv.length === 1 || wantsHelp(argv.slice(1, 2)))) {
      const text = usage(group);
      if (argv.length > 1) {
        io.stdout.write(text);
        return EXIT_CODES.ok;
      }
      io.stderr.write(text);
      return EXIT_CODES.usage;
    }
    io.stderr.write(
      `sfwp: unknown command '${argv.slice(0, group.length > 0 ? 2 : 1).join(' ')}'\n\n${usage(commands)}`,
    );
    return EXIT_CODES.usage;
  }
  if (wantsHelp(found.args)) {
    io.stdout.write(`${found.command.help}\n`);
    return EXIT_CODES.ok;
  }
  try {
    return await found.command.run(found.args, { io, debug });
  } catch (error) {
    return report(error, io, debug);
  }
}
