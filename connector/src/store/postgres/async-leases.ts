import pg from 'pg';
import { LEASE_SQL } from './postgres-leases.js';

export interface AsyncPostgresLeasesOptions {
  url: string;
  applicationName: string;
  /** How long a lease statement waits for the lease row's lock (a leader's write holds it). */
  lockTimeoutMs: number;
  /** @defaultValue 5000 */
  connectTimeoutMs?: number;
}

/**
 * The lease statements on a connection of their own, asynchronously: for the lease keeper's
 * thread, whose renewals must not wait on the main thread or on the store's connection. A
 * broken connection (PostgreSQL restarted) fails one call; the next connects again.
 */
export class AsyncPostgresLeases {
  private readonly pool: pg.Pool;

  constructor(options: AsyncPostgresLeasesOptions) {
    this.pool = new pg.Pool({
      connectionString: options.url,
      max: 1,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      // A statement never outlives the lease it is meant to keep.
      statement_timeout: options.lockTimeoutMs + 1000,
      lock_timeout: options.lockTimeoutMs,
      application_name: options.applicationName,
    });
    // An idle connection that breaks is dropped by the pool; without a listener it would throw.
    this.pool.on('error', () => undefined);
  }

  async acquire(name: string, holder: string, ttlMs: number): Promise<number | undefined> {
    const result = await this.pool.query<{ token: string | number }>(LEASE_SQL.acquire, [
      name,
      holder,
      ttlMs,
    ]);
    const token = result.rows[0]?.token;
    return token === undefined ? undefined : Number(token);
  }

  async renew(name: string, holder: string, token: number, ttlMs: number): Promise<boolean> {
    const result = await this.pool.query(LEASE_SQL.renew, [name, holder, token, ttlMs]);
    return result.rowCount === 1;
  }

  async release(name: string, token: number): Promise<void> {
    await this.pool.query(LEASE_SQL.release, [name, token]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
