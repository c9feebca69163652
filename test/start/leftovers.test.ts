import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import {
  PROCESSES_FILE,
  processInfo,
  programNames,
  recordChildren,
  stopLeftovers,
} from '../../scripts/start/leftovers.js';
import { rotateLog } from '../../scripts/start/log-rotation.js';

const directory = mkdtempSync(join(tmpdir(), 'sfwp-leftovers-'));
const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started) child.kill('SIGKILL');
  rmSync(directory, { recursive: true, force: true });
});

/** A stand-in for the demo: a shell whose children (two sleeps) outlive it. */
function fakeDemo(): ChildProcess {
  const child = spawn('sh', ['-c', 'sleep 60 & sleep 61 & wait'], { stdio: 'ignore' });
  started.push(child);
  return child;
}

async function childrenOf(pid: number, count: number): Promise<void> {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const found = readFileSync(`/proc/${String(pid)}/task/${String(pid)}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter(Boolean);
    if (found.length >= count) return;
    await delay(20);
  }
  throw new Error('the fake demo did not start its children');
}

describe.runIf(existsSync('/proc/self/stat'))('leftovers of a killed demo', () => {
  it('records the children, and the next start stops exactly those after the demo was killed', async () => {
    const demo = fakeDemo();
    const pid = demo.pid ?? 0;
    await childrenOf(pid, 2);
    const recorded = recordChildren(directory, pid);
    expect(recorded.map((record) => record.command).sort()).toEqual(['sleep 60', 'sleep 61']);
    expect(programNames(recorded)).toBe('sleep');

    demo.kill('SIGKILL'); // the demo dies; its sleeps are orphaned and keep running
    await delay(100);
    for (const record of recorded) expect(processInfo(record.pid)).toBeDefined();

    const bystander = spawn('sleep', ['62'], { stdio: 'ignore' });
    started.push(bystander);
    const stopped = await stopLeftovers(directory, 2000);
    expect(stopped.map((record) => record.pid).sort()).toEqual(
      recorded.map((record) => record.pid).sort(),
    );
    for (const record of recorded) expect(processInfo(record.pid)).toBeUndefined();
    expect(processInfo(bystander.pid ?? 0)).toBeDefined();
    expect(existsSync(join(directory, PROCESSES_FILE))).toBe(false);
  });

  it('leaves a process alone whose id matches but whose start time or command does not', async () => {
    const other = spawn('sleep', ['63'], { stdio: 'ignore' });
    started.push(other);
    await delay(50);
    const info = processInfo(other.pid ?? 0);
    expect(info).toBeDefined();
    writeFileSync(
      join(directory, PROCESSES_FILE),
      JSON.stringify({
        parent: 1,
        children: [
          { pid: info?.pid, startTime: '1', command: info?.command },
          { pid: info?.pid, startTime: info?.startTime, command: 'mariadbd --datadir=x' },
        ],
      }),
    );
    expect(await stopLeftovers(directory, 500)).toEqual([]);
    expect(processInfo(other.pid ?? 0)).toBeDefined();
  });
});

describe('the demo log', () => {
  it('keeps the previous runs as .1, .2, .3 instead of emptying the file', () => {
    const log = join(directory, 'demo.log');
    expect(rotateLog(log)).toBeUndefined();
    for (const run of ['first', 'second', 'third', 'fourth']) {
      writeFileSync(log, `${run}\n`);
      expect(rotateLog(log)).toBe(`${log}.1`);
    }
    expect(existsSync(log)).toBe(false);
    expect(readFileSync(`${log}.1`, 'utf8')).toBe('fourth\n');
    expect(readFileSync(`${log}.2`, 'utf8')).toBe('third\n');
    expect(readFileSync(`${log}.3`, 'utf8')).toBe('second\n');
    expect(existsSync(`${log}.4`)).toBe(false);
    writeFileSync(log, '');
    expect(rotateLog(log)).toBeUndefined();
  });
});
