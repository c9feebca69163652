/**
 * `npm start` and the commands of "a second terminal" as real processes, for the demo's tests.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
/** tsx's loader by path: `--import tsx` would be looked up from the demo's working directory. */
const TSX = pathToFileURL(`${ROOT}node_modules/tsx/dist/loader.mjs`).href;

export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The user's environment without anything that would make `npm start` run a real org. */
export function withoutConnectorSettings(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(env).filter(([name]) => !name.startsWith('SF_') && !name.startsWith('SFWP_')),
  );
}

/** Runs a command to its end, capturing its output. */
export function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

/** `npm run sfwp -- ARGS` from the repository, as the README has it. */
export function sfwp(args: string[], env: NodeJS.ProcessEnv): Promise<Finished> {
  return run('npm', ['run', '--silent', 'sfwp', '--', ...args], { cwd: ROOT, env });
}

/** A running `npm start` (the same command line as package.json's `start`). */
export class DemoProcess {
  readonly child: ChildProcess;
  output = '';
  readonly exited: Promise<number | null>;

  constructor(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
    this.child = spawn(process.execPath, ['--import', TSX, `${ROOT}scripts/start.ts`, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const child = this.child;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code) => {
        resolve(code);
      }),
    );
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async waitFor(what: string, probe: () => boolean, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!probe()) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}; output:\n${this.output}`);
      if (!this.running) throw new Error(`npm start exited early; output:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Ctrl-C, and the exit code once everything stopped. */
  async stop(timeoutMs = 30_000): Promise<number | null> {
    if (!this.running) return this.exited;
    this.child.kill('SIGINT');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}
