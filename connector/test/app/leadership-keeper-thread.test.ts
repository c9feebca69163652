import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { useSharedPostgres } from '../../../test/postgres/shared-postgres.js';
import { LeaseKeeperThread } from '../../src/app/leadership/lease-keeper-thread.js';
import type { LeadershipChange } from '../../src/app/leadership/lease-keeper.js';
import { FencedOutError, PostgresStateStore } from '../../src/store/index.js';

// Generous: these run beside WordPress, PostgreSQL and other suites on a 2-core machine.
vi.setConfig({ testTimeout: 120_000 });

const shared = useSharedPostgres();

/** Holds the main thread as a large synchronous batch of store calls would. */
function blockMainThread(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

interface Replica {
  keeper: LeaseKeeperThread;
  changes: LeadershipChange[];
  acquired: Promise<number>;
}

function replica(url: string, holder: string, ttlMs: number): Replica {
  const changes: LeadershipChange[] = [];
  let resolveAcquired: (token: number) => void = () => undefined;
  const acquired = new Promise<number>((resolve) => (resolveAcquired = resolve));
  const keeper = new LeaseKeeperThread({
    url,
    name: 'intake',
    holder,
    ttlMs,
    logger: pino({ level: 'silent' }),
    onAcquired: resolveAcquired,
    onLost: () => undefined,
    onChange: (change) => changes.push(change),
  });
  return { keeper, changes, acquired };
}

describe('the lease keeper thread', () => {
  it('keeps renewing while the main thread is blocked for longer than the lease', async () => {
    const url = await shared.freshUrl();
    const store = new PostgresStateStore({ url });
    const a = replica(url, 'a', 2000);
    const b = replica(url, 'b', 2000);
    try {
      a.keeper.start();
      expect(await a.acquired).toBe(1);
      b.keeper.start();
      blockMainThread(5000);
      // 2½ leases later: still a's, token 1. Renewed from a's thread, or b would hold it now.
      const [lease] = store.leases.list();
      expect(lease).toMatchObject({ holder: 'a', token: 1 });
      expect(Date.parse(lease?.expiresAt ?? '')).toBeGreaterThan(Date.now());
      expect(b.keeper.currentToken).toBeUndefined();
    } finally {
      await a.keeper.stop();
      await b.keeper.stop();
      store.close();
    }
  });

  it('takes over a crashed holder’s lease once it runs out; the holder’s writes are refused', async () => {
    const url = await shared.freshUrl();
    const crashed = new PostgresStateStore({ url });
    const b = replica(url, 'b', 2000);
    try {
      const token = crashed.leases.acquire('intake', 'crashed', 2000) as number;
      crashed.fence({ lease: 'intake', token });
      crashed.setCheckpoint('cursor', '1');
      const crashedAt = Date.now();
      b.keeper.start();
      expect(await b.acquired).toBe(token + 1);
      expect(Date.now() - crashedAt).toBeGreaterThanOrEqual(1900);
      expect(() => {
        crashed.setCheckpoint('cursor', '2');
      }).toThrow(FencedOutError);
      expect(crashed.getCheckpoint('cursor')).toBe('1');
    } finally {
      await b.keeper.stop();
      crashed.close();
    }
  });

  it('hands the lease over at once on stop, even to a standby whose main thread is busy', async () => {
    const url = await shared.freshUrl();
    const store = new PostgresStateStore({ url });
    const a = replica(url, 'a', 10_000);
    const b = replica(url, 'b', 10_000);
    try {
      a.keeper.start();
      expect(await a.acquired).toBe(1);
      b.keeper.start();
      await b.keeper.firstAnswer;
      const held = store.leases.list()[0];
      await a.keeper.stop();
      const stoppedAt = Date.now();
      // b's thread asks every tenth of the lease; the main thread never yields meanwhile.
      let holder: string | undefined;
      while (holder !== 'b' && Date.now() - stoppedAt < 10_000) {
        blockMainThread(250);
        holder = store.leases.list()[0]?.holder;
      }
      const taken = store.leases.list()[0];
      expect(taken).toMatchObject({ holder: 'b', token: 2 });
      // Released, not expired: b had it before a's last renewal would have run out.
      expect(Date.parse(taken?.acquiredAt ?? '')).toBeLessThan(Date.parse(held?.expiresAt ?? ''));
      expect(await b.acquired).toBe(2);
      expect(a.changes).toEqual(['acquired', 'released']);
      expect(b.changes).toEqual(['acquired']);
    } finally {
      await a.keeper.stop();
      await b.keeper.stop();
      store.close();
    }
  });
});
