import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { claimSqliteStore, StateStoreInUseError } from '../../src/app/leadership/claim-store.js';
import { processStat } from '../../src/app/process-stat.js';
import {
  clearServiceMark,
  markServiceRunning,
  otherRunningService,
} from '../../src/app/service-marker.js';
import { SqliteStateStore } from '../../src/store/index.js';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe('the service mark with several orgs on one store', () => {
  it("is the process's, kept in the 'default' scope whichever org's view sets it", () => {
    const store = new SqliteStateStore({ path: ':memory:' });
    try {
      const service = store.forOrg('service');
      markServiceRunning(service);
      expect(JSON.parse(store.getCheckpoint('service-process') ?? '{}')).toMatchObject({
        pid: process.pid,
      });
      expect(service.getCheckpoint('service-process')).toBeUndefined();
      expect(store.listOrgs()).toEqual(['default']);
      clearServiceMark(store.forOrg('acquired'));
      expect(store.getCheckpoint('service-process')).toBe('');
    } finally {
      store.close();
    }
  });

  it("is found from any org's view, and a claim through a view is refused while another service runs", () => {
    const child = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.push(child);
    const pid = child.pid as number;
    const store = new SqliteStateStore({ path: ':memory:' });
    try {
      markServiceRunning(store);
      const own = JSON.parse(store.getCheckpoint('service-process') ?? '{}') as object;
      const other = { ...own, pid, startTicks: processStat(pid)?.startTicks };
      store.setCheckpoint('service-process', JSON.stringify(other));

      const service = store.forOrg('service');
      expect(otherRunningService(service)).toMatchObject({ pid });
      expect(() => {
        claimSqliteStore(service, 'state.sqlite');
      }).toThrow(StateStoreInUseError);
      expect(JSON.parse(store.getCheckpoint('service-process') ?? '{}')).toMatchObject({ pid });
    } finally {
      store.close();
    }
  });
});
