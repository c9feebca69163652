/**
 * The demo's child processes (the local WordPress's mariadbd, `php -S` and its workers) outlive
 * a demo that is killed (SIGKILL, OOM, a closed laptop lid's power cut): they run in process
 * groups of their own. The demo records them in `.sfwp/demo-processes.json` once they are up;
 * the next start stops the ones still running, and only those: a process counts as ours only if
 * its id, start time (clock ticks since boot, /proc/PID/stat field 22) and command line all match
 * the record, so a recycled process id is never signalled. Linux only (/proc); elsewhere nothing
 * is recorded and nothing is stopped.
 */
import { existsSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { processStat } from '../../connector/src/app/process-stat.js';

export const PROCESSES_FILE = 'demo-processes.json';

export interface ProcessRecord {
  pid: number;
  /** /proc/PID/stat field 22: when the process started, in clock ticks since boot. */
  startTime: string;
  /** The command line, arguments joined by spaces. */
  command: string;
}

interface ProcessInfo extends ProcessRecord {
  parent: number;
}

/** What /proc says about a process, or undefined when it is gone (or there is no /proc). */
export function processInfo(pid: number): ProcessInfo | undefined {
  const stat = processStat(pid);
  if (!stat) return undefined;
  try {
    const command = readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8')
      .split('\0')
      .filter((part) => part !== '')
      .join(' ');
    return { pid, parent: stat.parent, startTime: stat.startTicks, command };
  } catch {
    return undefined;
  }
}

/** Every running process started by `root`, directly or not. */
export function descendantsOf(root: number): ProcessRecord[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return [];
  }
  const all = entries
    .map((name) => processInfo(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined);
  const found: ProcessRecord[] = [];
  const parents = new Set([root]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const info of all) {
      if (parents.has(info.parent) && !parents.has(info.pid)) {
        parents.add(info.pid);
        found.push({ pid: info.pid, startTime: info.startTime, command: info.command });
        grew = true;
      }
    }
  }
  return found;
}

/** Records the processes this demo started, so a later start can clean up after a crash. */
export function recordChildren(directory: string, root: number = process.pid): ProcessRecord[] {
  const children = descendantsOf(root);
  const file = join(directory, PROCESSES_FILE);
  const temporary = `${file}.${String(process.pid)}.tmp`;
  writeFileSync(temporary, `${JSON.stringify({ parent: root, children }, null, 2)}\n`, {
    mode: 0o600,
  });
  renameSync(temporary, file);
  return children;
}

export function forgetChildren(directory: string): void {
  rmSync(join(directory, PROCESSES_FILE), { force: true });
}

function isOurs(record: ProcessRecord): boolean {
  const now = processInfo(record.pid);
  return now !== undefined && now.startTime === record.startTime && now.command === record.command;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone in the meantime: nothing to stop.
  }
}

/**
 * Stops the previous run's recorded processes that still run and are still the same processes:
 * SIGTERM (mariadbd shuts down cleanly and releases its data directory), then SIGKILL after
 * `graceMs`. Returns the ones it stopped; forgets the record.
 */
export async function stopLeftovers(directory: string, graceMs = 10_000): Promise<ProcessRecord[]> {
  const file = join(directory, PROCESSES_FILE);
  if (!existsSync(file)) return [];
  let recorded: ProcessRecord[];
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { children?: ProcessRecord[] };
    recorded = Array.isArray(parsed.children) ? parsed.children : [];
  } catch {
    recorded = [];
  }
  const ours = recorded.filter(
    (record) =>
      Number.isSafeInteger(record.pid) &&
      record.pid > 1 &&
      record.pid !== process.pid &&
      isOurs(record),
  );
  for (const record of ours) signal(record.pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (ours.some(isOurs) && Date.now() < deadline) await delay(100);
  for (const record of ours.filter(isOurs)) signal(record.pid, 'SIGKILL');
  while (ours.some(isOurs) && Date.now() < deadline + 2000) await delay(50);
  forgetChildren(directory);
  return ours;
}

/** "mariadbd, php" for a message: the programs' names, each once. */
export function programNames(records: readonly ProcessRecord[]): string {
  const names = records.map((record) => {
    const program = record.command.split(' ')[0] ?? '';
    return program.slice(program.lastIndexOf('/') + 1);
  });
  return [...new Set(names)].join(', ');
}
