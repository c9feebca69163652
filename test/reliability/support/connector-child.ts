/**
 * The real connector as a child process (`sfwp start`, as an operator runs it) for the
 * reliability suite: one state directory and environment shared across restarts, its JSON log
 * lines parsed as they come, its /metrics scraped, its resident memory sampled from /proc (the
 * benchmark's sampler). Unlike bench/connector-process.ts it never deletes its state and can be
 * SIGKILLed and started again on the same state.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { RssSampler } from '../../../bench/connector-process.js';

const CLI = fileURLToPath(new URL('../../../connector/src/cli/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

/** One parsed JSON log line, with the fields the suite reads. */
export interface ConnectorLogLine {
  time?: number | string;
  msg?: string;
  direction?: string;
  salesforceId?: string;
  recordId?: string;
  wordpressId?: number;
  outcome?: string;
  level?: number | string;
  [key: string]: unknown;
}

export interface ConnectorChild {
  readonly pid: number;
  /** True until the process has exited. */
  readonly running: boolean;
  /** Resolves with how the process ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Set once the process logged "connector started". */
  readonly started: boolean;
  /** Resident memory, sampled every `rssIntervalMs` from the spawn. */
  readonly rss: RssSampler;
  /** Called for every JSON log line as it arrives. */
  onLine(listener: (line: ConnectorLogLine) => void): void;
  /** Resolves once "connector started" is logged; rejects if the process exits first. */
  whenStarted(timeoutMs?: number): Promise<void>;
  /** One metric from /metrics, summed over its labels; undefined if absent or unreachable. */
  metric(name: string): Promise<number | undefined>;
  /** The last lines of output (stdout and stderr), for error messages. */
  tail(lines?: number): string;
  /** SIGKILL; resolves when the process is gone. */
  kill(): Promise<void>;
  /** SIGTERM and wait (up to `timeoutMs`, then SIGKILL and throw). */
  stop(timeoutMs?: number): Promise<void>;
}

export interface SpawnConnectorOptions {
  /** The connector's environment (connectorEnvironment(...) plus SFWP_HTTP_PORT and so on). */
  env: NodeJS.ProcessEnv;
  /** Working directory: the state directory, so no stray sfwp.config.yaml is read. */
  cwd: string;
  /** Where the status token is (the state database's directory). */
  stateDir: string;
  rssIntervalMs?: number;
  /** Also append every output line to this file (kept for a post-mortem). */
  logFile?: string;
}

/** Starts `sfwp start` with the given environment. */
export function spawnConnector(options: SpawnConnectorOptions): ConnectorChild {
  const env = { ...options.env };
  delete env.SFWP_CONFIG;
  delete env.SFWP_STATUS_TOKEN;
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    ['--import', TSX, CLI, 'start'],
    { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the connector process');
  const rss = new RssSampler(pid, options.rssIntervalMs ?? 250);
  const state = { running: true, started: false };
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      state.running = false;
      rss.stop();
      resolve({ code, signal });
    });
  });
  const recent: string[] = [];
  const listeners: ((line: ConnectorLogLine) => void)[] = [];
  const logFile = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
  void exited.then(() => logFile?.end());
  const remember = (text: string): void => {
    logFile?.write(`${text}\n`);
    recent.push(text);
    if (recent.length > 300) recent.shift();
  };
  createInterface({ input: child.stderr }).on('line', remember);
  createInterface({ input: child.stdout }).on('line', (text) => {
    remember(text);
    if (!text.startsWith('{')) return;
    let line: ConnectorLogLine;
    try {
      line = JSON.parse(text) as ConnectorLogLine;
    } catch {
      return;
    }
    if (line.msg === 'connector started') state.started = true;
    for (const listener of listeners) listener(line);
  });
  const tail = (count = 60): string => recent.slice(-count).join('\n');
  const port = env.SFWP_HTTP_PORT ?? '9465';

  return {
    pid,
    get running() {
      return state.running;
    },
    get started() {
      return state.started;
    },
    exited,
    rss,
    onLine(listener) {
      listeners.push(listener);
    },
    async whenStarted(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      while (!state.started) {
        if (!state.running) {
          throw new Error(`the connector exited before it started:\n${tail()}`);
        }
        if (Date.now() > deadline) {
          throw new Error(`the connector did not start within ${timeoutMs} ms:\n${tail()}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async metric(name) {
      let token: string;
      try {
        token = readFileSync(join(options.stateDir, 'status-token'), 'utf8').trim();
      } catch {
        return undefined;
      }
      let text: string;
      try {
        const response = await fetch(`http://127.0.0.1:${port}/metrics`, {
          headers: { Authorization: `Bearer ${token}` },
        });
        if (!response.ok) return undefined;
        text = await response.text();
      } catch {
        return undefined;
      }
      let total: number | undefined;
      for (const line of text.split('\n')) {
        if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) {
          total = (total ?? 0) + Number(line.split(' ').at(-1));
        }
      }
      return total;
    },
    tail,
    async kill() {
      if (state.running) child.kill('SIGKILL');
      await exited;
    },
    async stop(timeoutMs = 60_000) {
      if (!state.running) return;
      child.kill('SIGTERM');
      const timer = new Promise<'timeout'>((resolve) => {
        setTimeout(() => {
          resolve('timeout');
        }, timeoutMs).unref();
      });
      if ((await Promise.race([exited, timer])) === 'timeout') {
        child.kill('SIGKILL');
        await exited;
        throw new Error(`the connector did not exit within ${timeoutMs} ms of SIGTERM:\n${tail()}`);
      }
    },
  };
}

/** Epoch ms of a pino log line's `time` (a number by default, an ISO string if configured). */
export function lineTime(line: ConnectorLogLine): number | undefined {
  if (typeof line.time === 'number') return line.time;
  if (typeof line.time === 'string') {
    const parsed = Date.parse(line.time);
    return Number.isFinite(parsed) ? parsed : undefined;
  }
  return undefined;
}
