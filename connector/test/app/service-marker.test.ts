import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { processStat } from '../../src/app/process-stat.js';
import {
  clearServiceMark,
  markServiceRunning,
  otherRunningService,
  type ServiceProcess,
} from '../../src/app/service-marker.js';

function checkpointStore(): {
  getCheckpoint(name: string): string | undefined;
  setCheckpoint(name: string, value: string): void;
} {
  const values = new Map<string, string>();
  return {
    getCheckpoint: (name) => values.get(name),
    setCheckpoint: (name, value) => values.set(name, value),
  };
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Another live process, as a service somewhere else on this machine would be. */
function otherProcess(): number {
  const child = spawn('sleep', ['60'], { stdio: 'ignore' });
  children.push(child);
  if (child.pid === undefined) throw new Error('could not start sleep');
  return child.pid;
}

/** The store as the service in `pid` would have marked it. */
function markedBy(pid: number, changes: Partial<ServiceProcess> = {}) {
  const store = checkpointStore();
  markServiceRunning(store);
  const own = JSON.parse(store.getCheckpoint('service-process') ?? '{}') as ServiceProcess;
  const startTicks = processStat(pid)?.startTicks;
  store.setCheckpoint('service-process', JSON.stringify({ ...own, pid, startTicks, ...changes }));
  return store;
}

describe('the service mark in the state store', () => {
  it('names a live connector service of another process on this machine', () => {
    const pid = otherProcess();
    expect(otherRunningService(markedBy(pid))).toMatchObject({ pid });
  });

  it('is not another service for the process that marked it', () => {
    const store = checkpointStore();
    markServiceRunning(store);
    expect(otherRunningService(store)).toBeUndefined();
    clearServiceMark(store);
    expect(store.getCheckpoint('service-process')).toBe('');
  });

  it('ignores a service that died without clearing its mark (a crash)', async () => {
    const pid = otherProcess();
    const store = markedBy(pid);
    const child = children[0];
    child?.kill('SIGKILL');
    await new Promise((resolve) => child?.once('exit', resolve));
    expect(otherRunningService(store)).toBeUndefined();
  });

  it('ignores a pid the kernel has given to another process since', () => {
    const pid = otherProcess();
    expect(otherRunningService(markedBy(pid, { startTicks: '1' }))).toBeUndefined();
  });

  it('ignores a mark made on another machine', () => {
    const pid = otherProcess();
    expect(otherRunningService(markedBy(pid, { host: 'elsewhere.invalid' }))).toBeUndefined();
  });

  it('leaves the mark of another process when asked to clear its own', () => {
    const pid = otherProcess();
    const store = markedBy(pid);
    clearServiceMark(store);
    expect(otherRunningService(store)).toMatchObject({ pid });
  });
});
