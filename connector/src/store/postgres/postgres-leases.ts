import type { Lease, Leases } from '../leases.js';
import type { SyncPostgresConnection } from './sync-connection.js';

interface LeaseRow {
  name: string;
  holder: string;
  token: number;
  expires_at: Date;
  acquired_at: Date;
}

/**
 * The lease statements, shared by the store's synchronous {@link PostgresLeases} and the lease
 * keeper's own thread (`app/leadership/lease-worker.ts`). Times are `clock_timestamp()`.
 */
export const LEASE_SQL = {
  /** $1 name, $2 holder, $3 ttl ms: the new token when free or expired, else no row. */
  acquire: `INSERT INTO leases (name, holder, token, expires_at, acquired_at)
       VALUES ($1, $2, 1, clock_timestamp() + $3 * interval '1 millisecond', clock_timestamp())
       ON CONFLICT (name) DO UPDATE SET
         holder = excluded.holder, token = leases.token + 1,
         expires_at = excluded.expires_at, acquired_at = excluded.acquired_at
       WHERE leases.expires_at <= clock_timestamp()
       RETURNING token`,
  /** $1 name, $2 holder, $3 token, $4 ttl ms: one row updated while still held. */
  renew: `UPDATE leases SET expires_at = clock_timestamp() + $4 * interval '1 millisecond'
               WHERE name = $1 AND holder = $2 AND token = $3 AND expires_at > clock_timestamp()`,
  /** $1 name, $2 token. */
  release:
    'UPDATE leases SET expires_at = clock_timestamp() WHERE name = $1 AND token = $2 AND expires_at > clock_timestamp()',
};

/** Leases as rows of the `leases` table, compared against `clock_timestamp()`. */
export class PostgresLeases implements Leases {
  constructor(private readonly db: SyncPostgresConnection) {}

  acquire(name: string, holder: string, ttlMs: number): number | undefined {
    const [row] = this.db.query<{ token: number }>(LEASE_SQL.acquire, [name, holder, ttlMs]);
    return row?.token;
  }

  renew(name: string, holder: string, token: number, ttlMs: number): boolean {
    const [result] = this.db.run([{ text: LEASE_SQL.renew, params: [name, holder, token, ttlMs] }]);
    return (result?.rowCount ?? 0) === 1;
  }

  release(name: string, token: number): void {
    this.db.query(LEASE_SQL.release, [name, token]);
  }

  list(): Lease[] {
    return this.db.query<LeaseRow>('SELECT * FROM leases ORDER BY name').map((row) => ({
      name: row.name,
      holder: row.holder,
      token: row.token,
      expiresAt: row.expires_at.toISOString(),
      acquiredAt: row.acquired_at.toISOString(),
    }));
  }
}
