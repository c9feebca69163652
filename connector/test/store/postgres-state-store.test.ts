import { describe, expect, it, vi } from 'vitest';
import { useSharedPostgres } from '../../../test/postgres/shared-postgres.js';
import { FencedOutError, PostgresStateStore, isFencedStateStore } from '../../src/store/index.js';
import { SyncPostgresConnection } from '../../src/store/postgres/sync-connection.js';

// Each store starts a worker thread and connects: a couple of seconds on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

const shared = useSharedPostgres();

describe('PostgreSQL state store: start-up errors', () => {
  it('names the server it cannot reach, without the password', async () => {
    const name = await shared.freshDatabase();
    const url = shared.instance.url(name, { port: 1 });
    expect(() => new PostgresStateStore({ url, connectTimeoutMs: 2000 })).toThrow(
      /Cannot use the PostgreSQL state store at postgres:\/\/sfwp_admin:\*\*\*@127\.0\.0\.1:1\/.*ECONNREFUSED/,
    );
  });

  it('says when the password is refused, and when the database is missing', async () => {
    const name = await shared.freshDatabase();
    expect(
      () => new PostgresStateStore({ url: shared.instance.url(name, { password: 'wrong' }) }),
    ).toThrow(/password authentication failed for user "sfwp_admin"/);
    expect(() => new PostgresStateStore({ url: shared.instance.url('sfwp_missing') })).toThrow(
      /database "sfwp_missing" does not exist/,
    );
  });

  it('applies migrations once and refuses a database from a newer connector, changing nothing', async () => {
    const name = await shared.freshDatabase();
    new PostgresStateStore({ url: shared.instance.url(name) }).close();
    new PostgresStateStore({ url: shared.instance.url(name) }).close();
    expect(
      await shared.instance.sql('SELECT version FROM schema_migrations ORDER BY 1', name),
    ).toBe('1\n2\n3\n');
    await shared.instance.sql(
      "INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 'now')",
      name,
    );
    expect(() => new PostgresStateStore({ url: shared.instance.url(name) })).toThrow(/newer sfwp/);
    expect(await shared.instance.sql('SELECT count(*) FROM schema_migrations', name)).toBe('4\n');
  });
});

describe('PostgreSQL leases and fencing', () => {
  it('gives a lease to one holder at a time, and a higher token at each takeover', async () => {
    const url = shared.instance.url(await shared.freshDatabase());
    const first = new PostgresStateStore({ url });
    const second = new PostgresStateStore({ url });
    try {
      const token = first.leases.acquire('intake', 'replica-a', 10_000);
      expect(token).toBe(1);
      expect(second.leases.acquire('intake', 'replica-b', 10_000)).toBeUndefined();
      expect(first.leases.renew('intake', 'replica-a', 1, 10_000)).toBe(true);
      first.leases.release('intake', 1);
      expect(first.leases.renew('intake', 'replica-a', 1, 10_000)).toBe(false);
      expect(second.leases.acquire('intake', 'replica-b', 10_000)).toBe(2);
      expect(second.leases.list()).toEqual([
        expect.objectContaining({ name: 'intake', holder: 'replica-b', token: 2 }),
      ]);
    } finally {
      first.close();
      second.close();
    }
  });

  it('refuses every write of a holder whose lease expired and was taken over', async () => {
    const url = shared.instance.url(await shared.freshDatabase());
    const old = new PostgresStateStore({ url });
    const next = new PostgresStateStore({ url });
    try {
      const token = old.leases.acquire('intake', 'old', 300) as number;
      old.fence({ lease: 'intake', token });
      old.setCheckpoint('cursor', '1');
      old.link('Contact_User', '003A', 1);
      await new Promise((resolve) => setTimeout(resolve, 400));
      const newToken = next.leases.acquire('intake', 'next', 10_000) as number;
      next.fence({ lease: 'intake', token: newToken });
      next.setCheckpoint('cursor', '2');

      const writes: (() => unknown)[] = [
        () => {
          old.setCheckpoint('cursor', '3');
        },
        () => old.link('Contact_User', '003B', 2),
        () => {
          old.recordHashes('Contact_User', '003A', { wordpressHash: 'stale' });
        },
        () =>
          old.addDeadLetter({
            mapping: 'Contact_User',
            direction: 'salesforce-to-wordpress',
            salesforceId: '003A',
            operation: 'UPDATE',
            payload: {},
            errorCode: 'x',
            errorMessage: 'x',
          }),
        () => {
          old.transaction(() => {
            old.unlink('Contact_User', '003A');
          });
        },
      ];
      for (const write of writes) expect(write).toThrow(FencedOutError);
      expect(next.getCheckpoint('cursor')).toBe('2');
      expect(next.findBySalesforceId('Contact_User', '003B')).toBeUndefined();
      expect(next.findBySalesforceId('Contact_User', '003A')?.wordpressHash).toBeUndefined();
      expect(next.countDeadLetters()).toBe(0);
      // Reads still work: the old holder can see the state it must no longer change.
      expect(old.getCheckpoint('cursor')).toBe('2');
    } finally {
      old.close();
      next.close();
    }
  });

  it("fences every org's view of a store: a view refuses a stale token, reads still work", async () => {
    const url = shared.instance.url(await shared.freshDatabase());
    const old = new PostgresStateStore({ url });
    const next = new PostgresStateStore({ url });
    try {
      const oldService = old.forOrg('service');
      expect(isFencedStateStore(oldService)).toBe(true);
      const token = old.leases.acquire('intake', 'old', 300) as number;
      // Set through a view, the fence guards the opened store too: they share it.
      oldService.fence({ lease: 'intake', token });
      oldService.setCheckpoint('cursor', '1');
      await new Promise((resolve) => setTimeout(resolve, 400));
      expect(next.leases.acquire('intake', 'next', 10_000)).toBe(token + 1);

      const fencedOut: FencedOutError[] = [];
      old.fence({ lease: 'intake', token, onFencedOut: (error) => fencedOut.push(error) });
      expect(() => {
        oldService.setCheckpoint('cursor', 'stale');
      }).toThrow(FencedOutError);
      expect(() => oldService.link('Contact_User', '003A', 1)).toThrow(FencedOutError);
      expect(() => {
        old.transaction(() => {
          old.setCheckpoint('cursor', 'stale');
          oldService.setCheckpoint('cursor', 'stale');
        });
      }).toThrow(FencedOutError);
      expect(() => {
        old.forOrg('other').setCheckpoint('cursor', 'stale');
      }).toThrow(FencedOutError);
      expect(fencedOut).toHaveLength(4);
      expect(next.forOrg('service').getCheckpoint('cursor')).toBe('1');
      expect(next.getCheckpoint('cursor')).toBeUndefined();
      expect(next.listOrgs()).toEqual(['service']);
      expect(oldService.getCheckpoint('cursor')).toBe('1');
    } finally {
      old.close();
      next.close();
    }
  });

  it('holds a takeover back until a fenced write in progress commits', async () => {
    const url = shared.instance.url(await shared.freshDatabase());
    const leader = new PostgresStateStore({ url });
    const other = new SyncPostgresConnection({ url });
    try {
      const token = leader.leases.acquire('intake', 'leader', 10_000) as number;
      leader.fence({ lease: 'intake', token });
      leader.transaction(() => {
        leader.setCheckpoint('cursor', 'inside');
        expect(() =>
          other.run([
            { text: "SET lock_timeout = '200ms'" },
            { text: "UPDATE leases SET token = token + 1 WHERE name = 'intake'" },
          ]),
        ).toThrow(/lock timeout/);
      });
      expect(other.query("SELECT token FROM leases WHERE name = 'intake'")).toEqual([{ token }]);
    } finally {
      leader.close();
      other.close();
    }
  });
});

describe('PostgreSQL connection loss', () => {
  it('fails a transaction whose connection broke, keeps nothing of it, and reconnects', async () => {
    const name = await shared.freshDatabase();
    const store = new PostgresStateStore({ url: shared.instance.url(name) });
    const admin = new SyncPostgresConnection({ url: shared.instance.url('postgres') });
    try {
      store.setCheckpoint('cursor', 'before');
      expect(() => {
        store.transaction(() => {
          store.setCheckpoint('cursor', 'half');
          admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [
            name,
          ]);
          store.setCheckpoint('cursor', 'after');
        });
      }).toThrow();
      expect(store.getCheckpoint('cursor')).toBe('before');
    } finally {
      store.close();
      admin.close();
    }
  });

  it('works again once PostgreSQL has restarted', async () => {
    const store = new PostgresStateStore({
      url: shared.instance.url(await shared.freshDatabase()),
    });
    try {
      store.setCheckpoint('cursor', '1');
      await shared.instance.restart();
      store.setCheckpoint('cursor', '2');
      expect(store.getCheckpoint('cursor')).toBe('2');
    } finally {
      store.close();
    }
  });
});
