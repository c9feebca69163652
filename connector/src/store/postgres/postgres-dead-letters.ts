import type { SyncDirection } from '../../mapping/types.js';
import {
  StateStoreError,
  type DeadLetter,
  type DeadLetterStatus,
  type NewDeadLetter,
} from '../state-store.js';
import type { SyncPostgresConnection } from './sync-connection.js';
import { toDeadLetter, type DeadLetterRow } from '../table-rows.js';

/** The `dead_letters` table on PostgreSQL; the same contract as `SqliteDeadLetters`. */
export class PostgresDeadLetters {
  constructor(
    private readonly db: SyncPostgresConnection,
    private readonly now: () => Date,
    private readonly org: string,
  ) {}

  /** Runs inside the store's transaction: finding the open letter and bumping it are one step. */
  add(entry: NewDeadLetter): DeadLetter {
    const now = this.now().toISOString();
    const payload = JSON.stringify(entry.payload ?? null);
    const [open] = this.db.query<{ id: number }>(
      `SELECT id FROM dead_letters
       WHERE org = $6 AND status = 'open' AND mapping = $1 AND direction = $2
         AND salesforce_id IS NOT DISTINCT FROM $3 AND wordpress_id IS NOT DISTINCT FROM $4::bigint
         AND operation = $5
       FOR UPDATE`,
      [
        entry.mapping,
        entry.direction,
        entry.salesforceId ?? null,
        entry.wordpressId ?? null,
        entry.operation,
        this.org,
      ],
    );
    const [row] = open
      ? this.db.query<DeadLetterRow>(
          `UPDATE dead_letters SET attempts = attempts + 1, payload = $1, error_code = $2, error_message = $3,
             last_failed_at = $4
           WHERE id = $5 RETURNING *`,
          [payload, entry.errorCode, entry.errorMessage, now, open.id],
        )
      : this.db.query<DeadLetterRow>(
          `INSERT INTO dead_letters (mapping, direction, salesforce_id, wordpress_id, operation, payload,
             error_code, error_message, first_failed_at, last_failed_at, org)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10) RETURNING *`,
          [
            entry.mapping,
            entry.direction,
            entry.salesforceId ?? null,
            entry.wordpressId ?? null,
            entry.operation,
            payload,
            entry.errorCode,
            entry.errorMessage,
            now,
            this.org,
          ],
        );
    return toDeadLetter(row as DeadLetterRow);
  }

  get(id: number): DeadLetter | undefined {
    const [row] = this.db.query<DeadLetterRow>(
      'SELECT * FROM dead_letters WHERE id = $1 AND org = $2',
      [id, this.org],
    );
    return row ? toDeadLetter(row) : undefined;
  }

  list(filter: { status?: DeadLetterStatus; mapping?: string; limit?: number } = {}): DeadLetter[] {
    return this.db
      .query<DeadLetterRow>(
        `SELECT * FROM dead_letters
         WHERE org = $4 AND ($1::text IS NULL OR status = $1) AND ($2::text IS NULL OR mapping = $2)
         ORDER BY id LIMIT $3`,
        [filter.status ?? null, filter.mapping ?? null, filter.limit ?? 1000, this.org],
      )
      .map(toDeadLetter);
  }

  setStatus(id: number, status: DeadLetterStatus): void {
    const [result] = this.db.run([
      {
        text: 'UPDATE dead_letters SET status = $1 WHERE id = $2 AND org = $3',
        params: [status, id, this.org],
      },
    ]);
    if (result?.rowCount === 0) throw new StateStoreError(`No dead letter with id ${id}`);
  }

  settle(record: {
    mapping: string;
    direction: SyncDirection;
    salesforceId?: string | undefined;
    wordpressId?: number | undefined;
  }): number {
    if (record.salesforceId === undefined && record.wordpressId === undefined) return 0;
    const [result] = this.db.run([
      {
        text: `UPDATE dead_letters SET status = 'retried'
               WHERE org = $5 AND status = 'open' AND mapping = $1 AND direction = $2
                 AND (($3::text IS NOT NULL AND salesforce_id = $3)
                   OR ($4::bigint IS NOT NULL AND wordpress_id = $4))`,
        params: [
          record.mapping,
          record.direction,
          record.salesforceId ?? null,
          record.wordpressId ?? null,
          this.org,
        ],
      },
    ]);
    return result?.rowCount ?? 0;
  }

  count(status?: DeadLetterStatus): number {
    const [row] = this.db.query<{ count: number }>(
      'SELECT COUNT(*) AS count FROM dead_letters WHERE org = $2 AND ($1::text IS NULL OR status = $1)',
      [status ?? null, this.org],
    );
    return row?.count ?? 0;
  }
}
