import type Database from 'better-sqlite3';
import type { SyncDirection } from '../mapping/types.js';
import {
  StateStoreError,
  type DeadLetter,
  type DeadLetterStatus,
  type NewDeadLetter,
} from './state-store.js';
import { toDeadLetter, type DeadLetterRow } from './table-rows.js';

/**
 * The `dead_letters` table: writes that failed for good, kept for an operator to retry or drop.
 * Ids are numbered across orgs, but an org's store finds, lists and changes its own letters only.
 */
export class SqliteDeadLetters {
  constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
    private readonly org: string,
  ) {}

  add(entry: NewDeadLetter): DeadLetter {
    const now = this.now().toISOString();
    return this.db.transaction(() => {
      const open = this.db
        .prepare<[string, string, string, string | null, number | null, string], { id: number }>(
          `SELECT id FROM dead_letters
           WHERE org = ? AND status = 'open' AND mapping = ? AND direction = ? AND salesforce_id IS ?
             AND wordpress_id IS ? AND operation = ?`,
        )
        .get(
          this.org,
          entry.mapping,
          entry.direction,
          entry.salesforceId ?? null,
          entry.wordpressId ?? null,
          entry.operation,
        );
      let id: number;
      if (open) {
        this.db
          .prepare(
            `UPDATE dead_letters SET attempts = attempts + 1, payload = ?, error_code = ?, error_message = ?, last_failed_at = ?
             WHERE id = ?`,
          )
          .run(
            JSON.stringify(entry.payload ?? null),
            entry.errorCode,
            entry.errorMessage,
            now,
            open.id,
          );
        id = open.id;
      } else {
        id = Number(
          this.db
            .prepare(
              `INSERT INTO dead_letters (org, mapping, direction, salesforce_id, wordpress_id, operation, payload,
                 error_code, error_message, first_failed_at, last_failed_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              this.org,
              entry.mapping,
              entry.direction,
              entry.salesforceId ?? null,
              entry.wordpressId ?? null,
              entry.operation,
              JSON.stringify(entry.payload ?? null),
              entry.errorCode,
              entry.errorMessage,
              now,
              now,
            ).lastInsertRowid,
        );
      }
      return this.get(id) as DeadLetter;
    })();
  }

  get(id: number): DeadLetter | undefined {
    const row = this.db
      .prepare<[number, string], DeadLetterRow>(
        'SELECT * FROM dead_letters WHERE id = ? AND org = ?',
      )
      .get(id, this.org);
    return row ? toDeadLetter(row) : undefined;
  }

  list(filter: { status?: DeadLetterStatus; mapping?: string; limit?: number } = {}): DeadLetter[] {
    return this.db
      .prepare<
        [{ org: string; status: string | null; mapping: string | null; limit: number }],
        DeadLetterRow
      >(
        `SELECT * FROM dead_letters
         WHERE org = @org AND (@status IS NULL OR status = @status) AND (@mapping IS NULL OR mapping = @mapping)
         ORDER BY id LIMIT @limit`,
      )
      .all({
        org: this.org,
        status: filter.status ?? null,
        mapping: filter.mapping ?? null,
        limit: filter.limit ?? 1000,
      })
      .map(toDeadLetter);
  }

  setStatus(id: number, status: DeadLetterStatus): void {
    const result = this.db
      .prepare('UPDATE dead_letters SET status = ? WHERE id = ? AND org = ?')
      .run(status, id, this.org);
    if (result.changes === 0) throw new StateStoreError(`No dead letter with id ${id}`);
  }

  settle(record: {
    mapping: string;
    direction: SyncDirection;
    salesforceId?: string | undefined;
    wordpressId?: number | undefined;
  }): number {
    if (record.salesforceId === undefined && record.wordpressId === undefined) return 0;
    return this.db
      .prepare(
        `UPDATE dead_letters SET status = 'retried'
           WHERE org = @org AND status = 'open' AND mapping = @mapping AND direction = @direction
             AND ((@salesforceId IS NOT NULL AND salesforce_id = @salesforceId)
               OR (@wordpressId IS NOT NULL AND wordpress_id = @wordpressId))`,
      )
      .run({
        org: this.org,
        mapping: record.mapping,
        direction: record.direction,
        salesforceId: record.salesforceId ?? null,
        wordpressId: record.wordpressId ?? null,
      }).changes;
  }

  count(status?: DeadLetterStatus): number {
    return (
      this.db
        .prepare<[{ org: string; status: string | null }], { count: number }>(
          'SELECT COUNT(*) AS count FROM dead_letters WHERE org = @org AND (@status IS NULL OR status = @status)',
        )
        .get({ org: this.org, status: status ?? null })?.count ?? 0
    );
  }
}
