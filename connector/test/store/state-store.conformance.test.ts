import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useSharedPostgres } from '../../../test/postgres/shared-postgres.js';
import {
  SqliteStateStore,
  StateStoreError,
  migrate,
  type StateStore,
} from '../../src/store/index.js';
import { storeBackends, type OpenStore } from './store-backends.js';

const directory = mkdtempSync(join(tmpdir(), 'sfwp-store-'));
const shared = useSharedPostgres();
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

const backends = storeBackends(directory, shared);

describe.each(backends)('StateStore contract on %s', (_name, prepare) => {
  let store: StateStore;
  let open: OpenStore;
  beforeEach(async () => {
    open = await prepare();
  });
  afterEach(() => {
    store.close();
  });

  it('links records both ways and finds them by either id', () => {
    store = open();
    const link = store.link('Contact_User', '003000000000001AAA', 42);
    expect(link).toMatchObject({
      salesforceId: '003000000000001AAA',
      wordpressId: 42,
      salesforceHash: undefined,
    });
    expect(store.findByWordPressId('Contact_User', 42)?.salesforceId).toBe('003000000000001AAA');
    expect(store.findBySalesforceId('Contact_User', '003000000000001AAA')?.wordpressId).toBe(42);
    expect(store.findBySalesforceId('Account_Organization', '003000000000001AAA')).toBeUndefined();
  });

  it('refuses to link one WordPress object to two records', () => {
    store = open();
    store.link('Contact_User', '003A', 7);
    expect(() => {
      store.link('Contact_User', '003B', 7);
    }).toThrow(StateStoreError);
    expect(() => {
      store.link('Contact_User', '003B', 7);
    }).toThrow(/already linked to 003A/);
    expect(store.link('Account_Organization', '001A', 7).wordpressId).toBe(7);
  });

  it('keeps hashes per direction and forgets them when a link moves', () => {
    store = open();
    store.link('Contact_User', '003A', 7);
    store.recordHashes('Contact_User', '003A', { wordpressHash: 'w1' });
    store.recordHashes('Contact_User', '003A', { salesforceHash: 's1' });
    expect(store.findBySalesforceId('Contact_User', '003A')).toMatchObject({
      salesforceHash: 's1',
      wordpressHash: 'w1',
    });
    store.link('Contact_User', '003A', 7);
    expect(store.findBySalesforceId('Contact_User', '003A')?.wordpressHash).toBe('w1');
    store.link('Contact_User', '003A', 8);
    expect(store.findBySalesforceId('Contact_User', '003A')).toMatchObject({
      wordpressId: 8,
      salesforceHash: undefined,
      wordpressHash: undefined,
    });
    expect(() => {
      store.recordHashes('Contact_User', '003Z', { salesforceHash: 'x' });
    }).toThrow(/No link/);
    store.unlink('Contact_User', '003A');
    expect(store.findByWordPressId('Contact_User', 8)).toBeUndefined();
  });

  it('remembers which links Salesforce does not hold yet, until marked written back', () => {
    store = open();
    store.link('Contact_User', '003A', 1);
    store.link('Contact_User', '003B', 2);
    expect(store.linksAwaitingWriteBack(10).map((link) => link.salesforceId)).toEqual([
      '003A',
      '003B',
    ]);
    store.markWrittenBack('Contact_User', '003A', 1);
    store.markWrittenBack('Contact_User', '003B', 99);
    expect(store.linksAwaitingWriteBack(10).map((link) => link.salesforceId)).toEqual(['003B']);
    store.markWrittenBack('Contact_User', '003B', 2);
    expect(store.linksAwaitingWriteBack(10)).toEqual([]);
    store.link('Contact_User', '003B', 2);
    expect(store.linksAwaitingWriteBack(10)).toEqual([]);
    store.link('Contact_User', '003B', 3);
    expect(store.linksAwaitingWriteBack(10).map((link) => link.wordpressId)).toEqual([3]);
  });

  it("lists one mapping's links a page at a time in byte order of the Salesforce id", () => {
    store = open();
    // Mixed case: byte order puts upper case first whatever the database's locale.
    for (const [index, id] of ['003b', '003A', '003C', '003a', '003B'].entries())
      store.link('Contact_User', id, index + 1);
    store.link('Account_Organization', '001A', 99);
    expect(typeof store.listLinks).toBe('function');
    const page = (after: string | undefined) =>
      store.listLinks?.('Contact_User', after, 2).map((link) => link.salesforceId);
    expect(page(undefined)).toEqual(['003A', '003B']);
    expect(page('003B')).toEqual(['003C', '003a']);
    expect(page('003a')).toEqual(['003b']);
    expect(page('003b')).toEqual([]);
    expect(store.listLinks?.('Contact_User', '003C', 1)[0]).toMatchObject({
      salesforceId: '003a',
      wordpressId: 4,
    });
  });

  it('stores checkpoints', () => {
    store = open();
    expect(store.getCheckpoint('replay:/event/WP_Sync_Event__e')).toBeUndefined();
    store.setCheckpoint('replay:/event/WP_Sync_Event__e', '00000000000001f4');
    store.setCheckpoint('replay:/event/WP_Sync_Event__e', '00000000000001f9');
    expect(store.getCheckpoint('replay:/event/WP_Sync_Event__e')).toBe('00000000000001f9');
  });

  it("settles a record's open dead letters of one direction once it syncs", () => {
    store = open();
    const base = {
      mapping: 'Contact_User',
      operation: 'UPDATE',
      payload: {},
      errorCode: 'rest_invalid_param',
      errorMessage: 'bad',
    };
    store.addDeadLetter({ ...base, direction: 'salesforce-to-wordpress', salesforceId: '003A' });
    store.addDeadLetter({ ...base, direction: 'salesforce-to-wordpress', salesforceId: '003B' });
    store.addDeadLetter({ ...base, direction: 'wordpress-to-salesforce', wordpressId: 7 });
    expect(
      store.settleDeadLetters({
        mapping: 'Contact_User',
        direction: 'salesforce-to-wordpress',
        salesforceId: '003A',
      }),
    ).toBe(1);
    expect(
      store.settleDeadLetters({
        mapping: 'Contact_User',
        direction: 'salesforce-to-wordpress',
        wordpressId: 7,
      }),
    ).toBe(0);
    expect(
      store.settleDeadLetters({ mapping: 'Contact_User', direction: 'wordpress-to-salesforce' }),
    ).toBe(0);
    expect(
      store
        .listDeadLetters({ status: 'open' })
        .map((letter) => letter.salesforceId ?? letter.wordpressId),
    ).toEqual(expect.arrayContaining(['003B', 7]));
    expect(store.countDeadLetters('open')).toBe(2);
  });

  it('keeps one open dead letter per record and operation, counting attempts', () => {
    store = open();
    const entry = {
      mapping: 'Contact_User',
      direction: 'salesforce-to-wordpress' as const,
      salesforceId: '003A',
      operation: 'UPDATE',
      payload: { email: 'not-an-email' },
      errorCode: 'rest_invalid_param',
      errorMessage: 'email: Invalid email address.',
    };
    const first = store.addDeadLetter(entry);
    const second = store.addDeadLetter({ ...entry, errorMessage: 'still invalid' });
    expect(second.id).toBe(first.id);
    expect(second).toMatchObject({
      attempts: 2,
      errorMessage: 'still invalid',
      status: 'open',
      payload: entry.payload,
    });
    store.addDeadLetter({ ...entry, salesforceId: '003B' });
    expect(store.countDeadLetters('open')).toBe(2);

    store.setDeadLetterStatus(first.id, 'retried');
    expect(store.countDeadLetters('open')).toBe(1);
    expect(store.listDeadLetters({ status: 'retried' }).map((letter) => letter.id)).toEqual([
      first.id,
    ]);
    const reopened = store.addDeadLetter(entry);
    expect(reopened.id).not.toBe(first.id);
    expect(reopened.attempts).toBe(1);
    expect(store.countDeadLetters()).toBe(3);
    expect(() => {
      store.setDeadLetterStatus(9999, 'dropped');
    }).toThrow(/No dead letter/);
  });

  it('rolls back every change of a failed transaction', () => {
    store = open();
    expect(() =>
      store.transaction(() => {
        store.link('Contact_User', '003A', 1);
        store.setCheckpoint('cursor', '10');
        throw new Error('write failed');
      }),
    ).toThrow('write failed');
    expect(store.findBySalesforceId('Contact_User', '003A')).toBeUndefined();
    expect(store.getCheckpoint('cursor')).toBeUndefined();
  });
});

describe('SQLite state file', () => {
  it('keeps committed state when the process is killed right after the commit', () => {
    const path = join(directory, 'killed.sqlite');
    const script = `
      import { SqliteStateStore } from './connector/src/store/index.js';
      const store = new SqliteStateStore({ path: ${JSON.stringify(path)} });
      store.transaction(() => {
        store.link('Contact_User', '003A', 11);
        store.setCheckpoint('replay', 'abc');
      });
      process.kill(process.pid, 'SIGKILL');
    `;
    expect(() =>
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        cwd: process.cwd(),
        stdio: 'pipe',
      }),
    ).toThrow();
    const store = new SqliteStateStore({ path });
    expect(store.findBySalesforceId('Contact_User', '003A')?.wordpressId).toBe(11);
    expect(store.getCheckpoint('replay')).toBe('abc');
    store.close();
  });

  it('applies migrations once and refuses a database from a newer connector', () => {
    const path = join(directory, 'migrations.sqlite');
    new SqliteStateStore({ path }).close();
    const db = new Database(path);
    expect(migrate(db)).toEqual([]);
    db.prepare("INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 'now')").run();
    db.close();
    expect(() => new SqliteStateStore({ path })).toThrow(/newer sfwp/);
  });
});
