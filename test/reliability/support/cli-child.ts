/**
 * One real `sfwp` CLI command (e.g. `sfwp sync --full ...`) as a child process for the
 * reliability suite, as an operator runs it: its output kept, and SIGKILL-able mid-run so the
 * same command can be run again on the same state.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../connector/src/cli/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

export interface CliExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Everything the command wrote, stdout and stderr interleaved as it came. */
  output: string;
}

export interface CliChild {
  readonly running: boolean;
  /** Resolves once the process has exited, with its output. */
  readonly exited: Promise<CliExit>;
  /** SIGKILL now (synchronous, so it can be sent from inside a callback); no-op once exited. */
  kill(): void;
}

export interface RunCliOptions {
  /** Working directory: where `./sfwp.config.yaml` is read from. */
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** Starts `sfwp <args>`. */
export function runCli(args: readonly string[], options: RunCliOptions): CliChild {
  const env = { ...options.env };
  delete env.SFWP_CONFIG;
  const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], {
    cwd: options.cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const state = { running: true, output: '' };
  const append = (chunk: Buffer): void => {
    state.output += chunk.toString('utf8');
  };
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<CliExit>((resolve) => {
    child.once('close', (code, signal) => {
      state.running = false;
      resolve({ code, signal, output: state.output });
    });
  });
  return {
    get running() {
      return state.running;
    },
    exited,
    kill() {
      if (state.running) child.kill('SIGKILL');
    },
  };
}

/** The counts of the summary line `sfwp sync --full` prints last, or undefined if absent. */
export function syncSummary(
  output: string,
): { created: number; updated: number; unchanged: number; failed: number } | undefined {
  const match = /created (\d+), updated (\d+), linked \d+, unchanged (\d+), failed (\d+)\./.exec(
    output,
  );
  if (!match) return undefined;
  const [, created, updated, unchanged, failed] = match.map(Number);
  return {
    created: created ?? 0,
    updated: updated ?? 0,
    unchanged: unchanged ?? 0,
    failed: failed ?? 0,
  };
}
