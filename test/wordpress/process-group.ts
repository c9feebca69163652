import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { once } from 'node:events';
import { openSync, closeSync } from 'node:fs';

/**
 * A child started as the leader of its own process group, so that stopping it also stops
 * every worker it forked (php -S with PHP_CLI_SERVER_WORKERS forks workers that outlive a
 * plain SIGTERM to the parent).
 */
export interface ProcessGroup {
  readonly pid: number;
  readonly name: string;
  readonly exited: Promise<void>;
  stop(timeoutMs?: number): Promise<void>;
}

const liveGroups = new Set<number>();
let exitHookInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Last resort when the test runner dies without running teardown: no orphaned servers. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const pid of liveGroups) killGroup(pid, 'SIGKILL');
  });
}

export interface StartGroupOptions {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** File that receives the child's stdout and stderr. */
  logFile: string;
}

export function startProcessGroup(options: StartGroupOptions): ProcessGroup {
  installExitHook();
  const logFd = openSync(options.logFile, 'a');
  const spawnOptions: SpawnOptions = {
    detached: true,
    stdio: ['ignore', logFd, logFd],
    env: options.env ?? process.env,
    cwd: options.cwd,
  };
  const child: ChildProcess = spawn(options.command, options.args, spawnOptions);
  closeSync(logFd);
  if (child.pid === undefined) {
    throw new Error(`Could not start ${options.name} (${options.command}); see ${options.logFile}`);
  }
  const pid = child.pid;
  liveGroups.add(pid);
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => {
      resolve();
    });
    child.once('error', () => {
      resolve();
    });
  });
  child.unref();

  return {
    pid,
    name: options.name,
    exited,
    async stop(timeoutMs = 5000): Promise<void> {
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => {
        killGroup(pid, 'SIGKILL');
      }, timeoutMs);
      await exited;
      clearTimeout(timer);
      // The leader may be gone while forked workers still run: sweep the group.
      killGroup(pid, 'SIGKILL');
      liveGroups.delete(pid);
    },
  };
}

/** Runs a command to completion and returns its stdout; rejects with its output on failure. */
export async function runCommand(
  command: string,
  args: string[],
  options: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<string> {
  const child = spawn(command, args, {
    stdio: [options.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    env: options.env ?? process.env,
    cwd: options.cwd,
  });
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
  if (child.stdin) {
    // A command that exits before reading all its input must fail by exit code, not EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.input);
  }
  const [code] = (await Promise.race([
    once(child, 'exit'),
    once(child, 'error').then(([error]) => {
      throw error;
    }),
  ])) as [number | null];
  const out = Buffer.concat(stdout).toString('utf8');
  if (code !== 0) {
    const err = Buffer.concat(stderr).toString('utf8');
    throw new Error(`${command} ${args.join(' ')} exited with ${String(code)}:\n${err}${out}`);
  }
  return out;
}
