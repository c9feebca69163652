import type { SyncPostgresConnection } from './sync-connection.js';

/** The `checkpoints` table on PostgreSQL; the same contract as `SqliteCheckpoints`. */
export class PostgresCheckpoints {
  constructor(
    private readonly db: SyncPostgresConnection,
    private readonly now: () => Date,
    private readonly org: string,
  ) {}

  get(name: string): string | undefined {
    return this.db.query<{ value: string }>(
      'SELECT value FROM checkpoints WHERE org = $1 AND name = $2',
      [this.org, name],
    )[0]?.value;
  }

  set(name: string, value: string): void {
    this.db.query(
      `INSERT INTO checkpoints (org, name, value, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (org, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      [this.org, name, value, this.now().toISOString()],
    );
  }
}
