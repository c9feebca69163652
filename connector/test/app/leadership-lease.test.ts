import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { useSharedPostgres } from '../../../test/postgres/shared-postgres.js';
import { LeaseKeeper, type LeadershipChange } from '../../src/app/leadership/lease-keeper.js';
import { PostgresStateStore } from '../../src/store/index.js';

// Generous: these run beside WordPress, PostgreSQL and other suites on a 2-core machine.
vi.setConfig({ testTimeout: 120_000 });

const shared = useSharedPostgres();

interface Replica {
  keeper: LeaseKeeper;
  store: PostgresStateStore;
  changes: LeadershipChange[];
  lost: string[];
  logs: string[];
  acquired: Promise<number>;
}

function replica(url: string, holder: string, ttlMs: number): Replica {
  const store = new PostgresStateStore({ url });
  const changes: LeadershipChange[] = [];
  const lost: string[] = [];
  const logs: string[] = [];
  let resolveAcquired: (token: number) => void = () => undefined;
  const acquired = new Promise<number>((resolve) => (resolveAcquired = resolve));
  const keeper = new LeaseKeeper({
    leases: store.leases,
    name: 'intake',
    holder,
    ttlMs,
    logger: pino({ level: 'info' }, { write: (line: string) => logs.push(line) }),
    onAcquired: resolveAcquired,
    onLost: (_token, reason) => lost.push(reason),
    onChange: (change) => changes.push(change),
  });
  return { keeper, store, changes, lost, logs, acquired };
}

describe('the intake lease', () => {
  it('is held by one replica; the other takes over at once after a clean stop', async () => {
    const url = await shared.freshUrl();
    const a = replica(url, 'a', 10_000);
    const b = replica(url, 'b', 10_000);
    try {
      a.keeper.start();
      expect(await a.acquired).toBe(1);
      b.keeper.start();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      expect(b.keeper.currentToken).toBeUndefined();
      const held = a.store.leases.list()[0];
      await a.keeper.stop();
      expect(await b.acquired).toBe(2);
      // Released, not expired: b had it before a's last renewal would have run out.
      const taken = b.store.leases.list()[0];
      expect(Date.parse(taken?.acquiredAt ?? '')).toBeLessThan(Date.parse(held?.expiresAt ?? ''));
      expect(a.changes).toEqual(['acquired', 'released']);
    } finally {
      await a.keeper.stop();
      await b.keeper.stop();
      a.store.close();
      b.store.close();
    }
  });

  it('moves within the lease time when its holder stops renewing (a crash)', async () => {
    const url = await shared.freshUrl();
    const crashed = new PostgresStateStore({ url });
    const b = replica(url, 'b', 2000);
    try {
      expect(crashed.leases.acquire('intake', 'crashed', 2000)).toBe(1);
      const crashedAt = Date.now();
      crashed.close();
      b.keeper.start();
      expect(await b.acquired).toBe(2);
      const failover = Date.now() - crashedAt;
      // Never before the lease ran out (how soon after is for the benchmark, not a test).
      expect(failover).toBeGreaterThanOrEqual(1900);
    } finally {
      await b.keeper.stop();
      b.store.close();
    }
  });

  it('steps down and logs it when another replica holds the lease on its next renewal', async () => {
    const url = await shared.freshUrl();
    const a = replica(url, 'a', 5000);
    try {
      a.keeper.start();
      expect(await a.acquired).toBe(1);
      // What a takeover after a pause looks like from the database: a newer token, another holder.
      await shared.instance.sql(
        "UPDATE leases SET holder = 'b', token = token + 1 WHERE name = 'intake'",
        new URL(url).pathname.slice(1),
      );
      await vi.waitFor(
        () => {
          expect(a.lost).toEqual(['the lease expired or another replica took it over']);
        },
        { timeout: 15_000 },
      );
      expect(a.changes).toEqual(['acquired', 'lost']);
      expect(a.keeper.currentToken).toBeUndefined();
      expect(a.logs.join('')).toContain('leadership lost: stepping down');
    } finally {
      await a.keeper.stop();
      a.store.close();
    }
  });
});
