/**
 * The real connector as a child process (`sfwp start`, exactly as an operator runs it), between
 * the org emulator and the benchmark's WordPress: its JSON log lines are read as they come
 * (each synced record is one line with the record id and a timestamp), its /metrics are
 * scraped, and its resident memory is sampled from /proc.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { RunningEmulator } from '../test/emulator/index.js';
import { connectorEnvironment } from '../test/integration/support/emulated-org.js';
import { findFreePort } from '../test/wordpress/php-server.js';
import type { WordPressTarget } from '../test/wordpress/target.js';
import { onCleanup, onExit } from './cleanup.js';
import { RssSampler } from './rss.js';
import { waitUntil } from './stats.js';

const CLI = fileURLToPath(new URL('../connector/src/cli/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');
const PROBE = import.meta.resolve('./connector-probe.ts');

export { RssSampler } from './rss.js';

/** One "record synced" or "sync failed; dead-lettered" log line. */
export interface RecordLogLine {
  salesforceId: string;
  /** Epoch ms of the log line: just after the record's WordPress write completed. */
  at: number;
  outcome: 'Success' | 'Skipped' | 'Failed';
}

interface LogLine {
  time?: string;
  msg?: string;
  salesforceId?: string;
  recordId?: string;
  outcome?: string;
  level?: string;
  reason?: string;
}

export interface ConnectorProcess {
  readonly pid: number;
  /** Resident memory, sampled every 250 ms from the moment the process was spawned. */
  readonly rss: RssSampler;
  /** Called for every record line as it arrives. */
  onRecord(listener: (line: RecordLogLine) => void): void;
  /** The last log line with this message (`msg`), if there was one. */
  logged(message: string): Record<string, unknown> | undefined;
  /** Sum of `sfwp_wordpress_requests_total` over all labels, by purpose. */
  wordPressRequests(): Promise<Record<string, number>>;
  /** One metric from `/metrics`, summed over its labels (e.g. `nodejs_heap_size_used_bytes`). */
  metric(name: string): Promise<number | undefined>;
  /**
   * Only when started with `probe`: the process's `process.memoryUsage()` and heap spaces, and a
   * heap snapshot file. The RSS peaks stop before it (see RssSampler.freezePeaks).
   */
  probeMemory(): Promise<MemoryProbe>;
  /** The last log lines, for error messages. */
  tail(lines?: number): string;
  stop(): Promise<void>;
}

export interface StartConnectorProcessOptions {
  emulator: RunningEmulator;
  wordpress: WordPressTarget;
  /** @defaultValue 60 s */
  readyTimeoutMs?: number;
  /**
   * `sync.*` settings for a tuning experiment, written to the process's sfwp.config.yaml.
   * Absent: the connector's defaults, which is what the benchmark's figures are about.
   */
  sync?: Record<string, number>;
  /** Load bench/connector-probe.ts into the process (heap snapshot and memory figures on SIGUSR2). */
  probe?: boolean;
}

export interface MemoryProbe {
  memory: NodeJS.MemoryUsage;
  spaces: { name: string; usedBytes: number }[];
  /** The heap snapshot file; it is deleted with the process's state directory. */
  snapshot: string;
}

/** Starts `sfwp start` in a fresh state directory and resolves once it logs "connector started". */
export async function startConnectorProcess(
  options: StartConnectorProcessOptions,
): Promise<ConnectorProcess> {
  const stateDir = mkdtempSync(join(tmpdir(), 'sfwp-bench-connector-'));
  const port = await findFreePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...connectorEnvironment(options.emulator, options.wordpress, stateDir, 'client-credentials'),
    SFWP_HTTP_HOST: '127.0.0.1',
    SFWP_HTTP_PORT: String(port),
    SFWP_LOG_LEVEL: 'info',
  };
  delete env.SFWP_CONFIG;
  delete env.SFWP_STATUS_TOKEN;
  const probeDir = join(stateDir, 'probe');
  if (options.probe) {
    mkdirSync(probeDir);
    env.SFWP_BENCH_PROBE_DIR = probeDir;
  }
  if (options.sync && Object.keys(options.sync).length > 0) {
    const lines = Object.entries(options.sync).map(([key, value]) => `  ${key}: ${value}`);
    writeFileSync(join(stateDir, 'sfwp.config.yaml'), `sync:\n${lines.join('\n')}\n`);
  }
  // Its own process group, so a Ctrl-C in the terminal reaches the benchmark, which stops the
  // connector itself (and the terminal's signal cannot race that).
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    ['--import', TSX, ...(options.probe ? ['--import', PROBE] : []), CLI, 'start'],
    { cwd: stateDir, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the connector process');
  const rss = new RssSampler(pid);
  // Mutated by event handlers; an object so that the checks below read the current values.
  const state = { started: false, exited: false, exitCode: null as number | null };
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code) => {
      state.exited = true;
      state.exitCode = code;
      resolve();
    });
  });
  const removeExitHook = onExit(() => {
    if (!state.exited) process.kill(pid, 'SIGKILL');
  });

  const recent: string[] = [];
  const lastByMessage = new Map<string, Record<string, unknown>>();
  const listeners: ((line: RecordLogLine) => void)[] = [];
  const remember = (line: string): void => {
    recent.push(line);
    if (recent.length > 200) recent.shift();
  };
  createInterface({ input: child.stderr }).on('line', remember);
  createInterface({ input: child.stdout }).on('line', (text) => {
    remember(text);
    if (!text.startsWith('{')) return;
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      return;
    }
    if (typeof line.msg === 'string') {
      lastByMessage.set(line.msg, line as unknown as Record<string, unknown>);
    }
    if (line.msg === 'connector started') state.started = true;
    const synced = line.msg === 'record synced';
    const deadLettered = line.msg === 'sync failed; dead-lettered';
    if (!synced && !deadLettered) return;
    const salesforceId = synced ? line.salesforceId : line.recordId;
    if (!salesforceId) return;
    const record: RecordLogLine = {
      salesforceId,
      at: line.time ? Date.parse(line.time) : Date.now(),
      outcome: deadLettered ? 'Failed' : line.outcome === 'Skipped' ? 'Skipped' : 'Success',
    };
    for (const listener of listeners) listener(record);
  });

  const tail = (count = 40): string => recent.slice(-count).join('\n');
  let stopping: Promise<void> | undefined;
  const stopChild = (): Promise<void> => {
    stopping ??= (async () => {
      rss.stop();
      if (!state.exited) {
        process.kill(pid, 'SIGTERM');
        const stopped = await waitUntil(() => state.exited, 30_000, 100);
        if (!stopped) {
          process.kill(pid, 'SIGKILL');
          await exitPromise;
        }
      }
      removeExitHook();
      rmSync(stateDir, { recursive: true, force: true });
    })();
    return stopping;
  };
  const unregister = onCleanup(`the connector process ${pid}`, stopChild);

  const ready = await waitUntil(
    () => state.started || state.exited,
    options.readyTimeoutMs ?? 60_000,
    50,
  );
  if (!state.started) {
    await unregister();
    throw new Error(
      `the connector process ${ready ? `exited with code ${String(state.exitCode)}` : 'did not start within the time allowed'}; its last output:\n${tail()}`,
    );
  }

  const token = readFileSync(join(stateDir, 'status-token'), 'utf8').trim();
  const scrape = async (): Promise<string> => {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`the connector's /metrics answered ${response.status}`);
    return response.text();
  };
  return {
    pid,
    rss,
    onRecord(listener) {
      listeners.push(listener);
    },
    logged: (message) => lastByMessage.get(message),
    async wordPressRequests() {
      const byPurpose: Record<string, number> = {};
      for (const line of (await scrape()).split('\n')) {
        if (!line.startsWith('sfwp_wordpress_requests_total{')) continue;
        const purpose = /purpose="([^"]*)"/.exec(line)?.[1] ?? 'unknown';
        byPurpose[purpose] = (byPurpose[purpose] ?? 0) + Number(line.split(' ').at(-1));
      }
      return byPurpose;
    },
    async metric(name) {
      let total: number | undefined;
      for (const line of (await scrape()).split('\n')) {
        if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) {
          total = (total ?? 0) + Number(line.split(' ').at(-1));
        }
      }
      return total;
    },
    async probeMemory() {
      if (!options.probe) throw new Error('the connector process was started without probe');
      const file = join(probeDir, 'memory.json');
      rmSync(file, { force: true });
      rss.freezePeaks();
      process.kill(pid, 'SIGUSR2');
      if (!(await waitUntil(() => existsSync(file) || state.exited, 180_000, 200))) {
        throw new Error('the connector wrote no heap snapshot within 180 s');
      }
      if (state.exited) throw new Error(`the connector exited while writing a heap snapshot`);
      return JSON.parse(readFileSync(file, 'utf8')) as MemoryProbe;
    },
    tail,
    stop: unregister,
  };
}
