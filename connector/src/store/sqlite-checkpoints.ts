import type Database from 'better-sqlite3';

/** The `checkpoints` table: named positions (replay ids, cursors) that survive a restart. */
export class SqliteCheckpoints {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {}

  get(name: string): string | undefined {
    return this.db
      .prepare<[string], { value: string }>('SELECT value FROM checkpoints WHERE name = ?')
      .get(name)?.value;
  }

  set(name: string, value: string): void {
    this.db
      .prepare(
        `INSERT INTO checkpoints (name, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(name, value, this.now().toISOString());
  }
}
