import type Database from 'better-sqlite3';

/** The `checkpoints` table: named positions (replay ids, cursors) that survive a restart, per org. */
export class SqliteCheckpoints {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
    private readonly org: string,
  ) {}

  get(name: string): string | undefined {
    return this.db
      .prepare<[string, string], { value: string }>(
        'SELECT value FROM checkpoints WHERE org = ? AND name = ?',
      )
      .get(this.org, name)?.value;
  }

  set(name: string, value: string): void {
    this.db
      .prepare(
        `INSERT INTO checkpoints (org, name, value, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (org, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(this.org, name, value, this.now().toISOString());
  }
}
