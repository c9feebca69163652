import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { commandAuthor, PauseControl, type Pausable } from '../../src/engine/pause.js';
import { userName } from '../../src/salesforce/user-name.js';
import { SqliteStateStore } from '../../src/store/sqlite-state-store.js';

const directory = mkdtempSync(join(tmpdir(), 'sfwp-pause-'));
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

function gate(): Pausable & { paused: boolean } {
  const target = {
    paused: false,
    pause: () => {
      target.paused = true;
    },
    resume: () => {
      target.paused = false;
    },
  };
  return target;
}

describe('PauseControl', () => {
  it('pauses with who and when, keeps the first pause, and resumes', () => {
    const store = new SqliteStateStore({ path: join(directory, 'a.sqlite') });
    const target = gate();
    const control = new PauseControl(store, target);
    expect(control.info).toBeUndefined();
    control.pause({ pausedBy: '005A', pausedAt: '2026-11-22T09:00:00.000Z' });
    control.pause({ pausedBy: '005B', pausedAt: '2026-11-22T10:00:00.000Z' });
    expect(target.paused).toBe(true);
    expect(control.info).toEqual({ pausedBy: '005A', pausedAt: '2026-11-22T09:00:00.000Z' });
    control.resume();
    expect(target.paused).toBe(false);
    expect(control.info).toBeUndefined();
    store.close();
  });

  it('stays paused across a restart until Resume', () => {
    const path = join(directory, 'b.sqlite');
    const first = new SqliteStateStore({ path });
    new PauseControl(first, gate()).pause({
      pausedBy: '005A',
      pausedAt: '2026-11-22T09:00:00.000Z',
    });
    first.close();

    const second = new SqliteStateStore({ path });
    const target = gate();
    const control = new PauseControl(second, target);
    expect(target.paused).toBe(true);
    expect(control.info).toEqual({ pausedBy: '005A', pausedAt: '2026-11-22T09:00:00.000Z' });
    control.resume();
    second.close();

    const third = new SqliteStateStore({ path });
    const after = gate();
    expect(new PauseControl(third, after).info).toBeUndefined();
    expect(after.paused).toBe(false);
    third.close();
  });
});

describe('commandAuthor', () => {
  it("reads the event's CreatedById and CreatedDate (epoch milliseconds)", () => {
    expect(
      commandAuthor({ CreatedById: '0055g000001AdmnAAA', CreatedDate: 1_795_000_000_000 }),
    ).toEqual({
      pausedBy: '0055g000001AdmnAAA',
      pausedAt: new Date(1_795_000_000_000).toISOString(),
    });
    expect(commandAuthor({ CreatedDate: BigInt(1_795_000_000_000) }).pausedAt).toBe(
      new Date(1_795_000_000_000).toISOString(),
    );
  });

  it('falls back to now when the event carries no usable time, and omits an unknown author', () => {
    const now = new Date('2026-11-22T09:00:00.000Z');
    expect(commandAuthor({ CreatedDate: 'garbage' }, now)).toEqual({
      pausedAt: '2026-11-22T09:00:00.000Z',
    });
  });
});

describe('userName', () => {
  it("reads the user's name with an escaped id, and gives up quietly", async () => {
    const queries: string[] = [];
    const connection = {
      query: (soql: string) => {
        queries.push(soql);
        return Promise.resolve({ records: [{ Name: 'Ada Admin' }] });
      },
    } as unknown as Parameters<typeof userName>[0];
    expect(await userName(connection, '0055g000001AdmnAAA')).toBe('Ada Admin');
    expect(queries).toEqual(["SELECT Name FROM User WHERE Id = '0055g000001AdmnAAA'"]);
    expect(await userName(connection, "005' OR Name != '")).toBeUndefined();
    expect(await userName(connection, undefined)).toBeUndefined();
    expect(queries).toHaveLength(1);
    const failing = {
      query: () => Promise.reject(new Error('INSUFFICIENT_ACCESS')),
    } as unknown as Parameters<typeof userName>[0];
    expect(await userName(failing, '0055g000001AdmnAAA')).toBeUndefined();
  });
});
