import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SyncDirection } from '../mapping/types.js';
import { migrate } from './migrate.js';
import {
  StateStoreError,
  type DeadLetter,
  type DeadLetterStatus,
  type IdLink,
  type NewDeadLetter,
  type StateStore,
  type SyncState,
} from './state-store.js';

interface IdMapRow {
  mapping: string;
  salesforce_id: string;
  wordpress_id: number;
  salesforce_hash: string | null;
  wordpress_hash: string | null;
  updated_at: string;
  sync_state: string | null;
  salesforce_has_wordpress_id: number;
}

interface DeadLetterRow {
  id: number;
  mapping: string;
  direction: SyncDirection;
  salesforce_id: string | null;
  wordpress_id: number | null;
  operation: string;
  payload: string;
  error_code: string;
  error_message: string;
  attempts: number;
  status: DeadLetterStatus;
  first_failed_at: string;
  last_failed_at: string;
}

function toLink(row: IdMapRow): IdLink {
  return {
    mapping: row.mapping,
    salesforceId: row.salesforce_id,
    wordpressId: row.wordpress_id,
    salesforceHash: row.salesforce_hash ?? undefined,
    wordpressHash: row.wordpress_hash ?? undefined,
    updatedAt: row.updated_at,
    salesforceHasWordPressId: row.salesforce_has_wordpress_id === 1,
    syncState: row.sync_state === null ? undefined : (JSON.parse(row.sync_state) as SyncState),
  };
}

function toDeadLetter(row: DeadLetterRow): DeadLetter {
  return {
    id: row.id,
    mapping: row.mapping,
    direction: row.direction,
    ...(row.salesforce_id === null ? {} : { salesforceId: row.salesforce_id }),
    ...(row.wordpress_id === null ? {} : { wordpressId: row.wordpress_id }),
    operation: row.operation,
    payload: JSON.parse(row.payload) as unknown,
    errorCode: row.error_code,
    errorMessage: row.error_message,
    attempts: row.attempts,
    status: row.status,
    firstFailedAt: row.first_failed_at,
    lastFailedAt: row.last_failed_at,
  };
}

export interface SqliteStateStoreOptions {
  /** File path, or `:memory:` for tests. */
  path: string;
  now?: () => Date;
}

/**
 * {@link StateStore} on SQLite (better-sqlite3). WAL journal with synchronous=NORMAL: a commit
 * survives the process being killed at any point, which is the failure the sync must survive;
 * only a power loss can take the last commits, and then replay re-delivers them.
 */
export class SqliteStateStore implements StateStore {
  private readonly db: Database.Database;
  private readonly now: () => Date;

  constructor(options: SqliteStateStoreOptions) {
    if (options.path !== ':memory:') mkdirSync(dirname(options.path), { recursive: true });
    try {
      this.db = new Database(options.path);
    } catch (error) {
      throw new StateStoreError(
        `Cannot open the state database at ${options.path}: ${(error as Error).message}`,
        {
          cause: error,
        },
      );
    }
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    this.now = options.now ?? (() => new Date());
  }

  findBySalesforceId(mapping: string, salesforceId: string): IdLink | undefined {
    const row = this.db
      .prepare<[string, string], IdMapRow>(
        'SELECT * FROM id_map WHERE mapping = ? AND salesforce_id = ?',
      )
      .get(mapping, salesforceId);
    return row ? toLink(row) : undefined;
  }

  findByWordPressId(mapping: string, wordpressId: number): IdLink | undefined {
    const row = this.db
      .prepare<[string, number], IdMapRow>(
        'SELECT * FROM id_map WHERE mapping = ? AND wordpress_id = ?',
      )
      .get(mapping, wordpressId);
    return row ? toLink(row) : undefined;
  }

  link(mapping: string, salesforceId: string, wordpressId: number): IdLink {
    const owner = this.findByWordPressId(mapping, wordpressId);
    if (owner && owner.salesforceId !== salesforceId) {
      throw new StateStoreError(
        `WordPress ${wordpressId} is already linked to ${owner.salesforceId} under mapping ${mapping}; ` +
          `refusing to link it to ${salesforceId} as well (that would merge two records).`,
      );
    }
    this.db
      .prepare(
        `INSERT INTO id_map (mapping, salesforce_id, wordpress_id, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (mapping, salesforce_id) DO UPDATE SET
           wordpress_id = excluded.wordpress_id,
           salesforce_hash = CASE WHEN id_map.wordpress_id = excluded.wordpress_id THEN id_map.salesforce_hash END,
           salesforce_has_wordpress_id = CASE WHEN id_map.wordpress_id = excluded.wordpress_id THEN id_map.salesforce_has_wordpress_id ELSE 0 END,
           wordpress_hash = CASE WHEN id_map.wordpress_id = excluded.wordpress_id THEN id_map.wordpress_hash END,
           sync_state = CASE WHEN id_map.wordpress_id = excluded.wordpress_id THEN id_map.sync_state END,
           updated_at = excluded.updated_at`,
      )
      .run(mapping, salesforceId, wordpressId, this.now().toISOString());
    return this.findBySalesforceId(mapping, salesforceId) as IdLink;
  }

  linksAwaitingWriteBack(limit: number): IdLink[] {
    return this.db
      .prepare<[number], IdMapRow>(
        'SELECT * FROM id_map WHERE salesforce_has_wordpress_id = 0 ORDER BY updated_at LIMIT ?',
      )
      .all(limit)
      .map(toLink);
  }

  markWrittenBack(mapping: string, salesforceId: string, wordpressId: number): void {
    this.db
      .prepare(
        'UPDATE id_map SET salesforce_has_wordpress_id = 1 WHERE mapping = ? AND salesforce_id = ? AND wordpress_id = ?',
      )
      .run(mapping, salesforceId, wordpressId);
  }

  unlink(mapping: string, salesforceId: string): void {
    this.db
      .prepare('DELETE FROM id_map WHERE mapping = ? AND salesforce_id = ?')
      .run(mapping, salesforceId);
  }

  recordSyncState(mapping: string, salesforceId: string, state: SyncState): void {
    const result = this.db
      .prepare(
        'UPDATE id_map SET sync_state = ?, updated_at = ? WHERE mapping = ? AND salesforce_id = ?',
      )
      .run(JSON.stringify(state), this.now().toISOString(), mapping, salesforceId);
    if (result.changes === 0) {
      throw new StateStoreError(
        `No link for ${salesforceId} under mapping ${mapping} to record the agreed values on`,
      );
    }
  }

  recordHashes(
    mapping: string,
    salesforceId: string,
    hashes: { salesforceHash?: string; wordpressHash?: string },
  ): void {
    const result = this.db
      .prepare(
        `UPDATE id_map SET
           salesforce_hash = COALESCE(?, salesforce_hash),
           wordpress_hash = COALESCE(?, wordpress_hash),
           updated_at = ?
         WHERE mapping = ? AND salesforce_id = ?`,
      )
      .run(
        hashes.salesforceHash ?? null,
        hashes.wordpressHash ?? null,
        this.now().toISOString(),
        mapping,
        salesforceId,
      );
    if (result.changes === 0) {
      throw new StateStoreError(
        `No link for ${salesforceId} under mapping ${mapping} to record hashes on`,
      );
    }
  }

  getCheckpoint(name: string): string | undefined {
    return this.db
      .prepare<[string], { value: string }>('SELECT value FROM checkpoints WHERE name = ?')
      .get(name)?.value;
  }

  setCheckpoint(name: string, value: string): void {
    this.db
      .prepare(
        `INSERT INTO checkpoints (name, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      )
      .run(name, value, this.now().toISOString());
  }

  addDeadLetter(entry: NewDeadLetter): DeadLetter {
    const now = this.now().toISOString();
    return this.transaction(() => {
      const open = this.db
        .prepare<[string, string, string | null, number | null, string], { id: number }>(
          `SELECT id FROM dead_letters
           WHERE status = 'open' AND mapping = ? AND direction = ? AND salesforce_id IS ? AND wordpress_id IS ? AND operation = ?`,
        )
        .get(
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
              `INSERT INTO dead_letters (mapping, direction, salesforce_id, wordpress_id, operation, payload,
                 error_code, error_message, first_failed_at, last_failed_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
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
      return toDeadLetter(
        this.db
          .prepare<[number], DeadLetterRow>('SELECT * FROM dead_letters WHERE id = ?')
          .get(id) as DeadLetterRow,
      );
    });
  }

  getDeadLetter(id: number): DeadLetter | undefined {
    const row = this.db
      .prepare<[number], DeadLetterRow>('SELECT * FROM dead_letters WHERE id = ?')
      .get(id);
    return row ? toDeadLetter(row) : undefined;
  }

  listDeadLetters(
    filter: { status?: DeadLetterStatus; mapping?: string; limit?: number } = {},
  ): DeadLetter[] {
    return this.db
      .prepare<[{ status: string | null; mapping: string | null; limit: number }], DeadLetterRow>(
        `SELECT * FROM dead_letters
         WHERE (@status IS NULL OR status = @status) AND (@mapping IS NULL OR mapping = @mapping)
         ORDER BY id LIMIT @limit`,
      )
      .all({
        status: filter.status ?? null,
        mapping: filter.mapping ?? null,
        limit: filter.limit ?? 1000,
      })
      .map(toDeadLetter);
  }

  setDeadLetterStatus(id: number, status: DeadLetterStatus): void {
    const result = this.db
      .prepare('UPDATE dead_letters SET status = ? WHERE id = ?')
      .run(status, id);
    if (result.changes === 0) throw new StateStoreError(`No dead letter with id ${id}`);
  }

  settleDeadLetters(record: {
    mapping: string;
    direction: SyncDirection;
    salesforceId?: string | undefined;
    wordpressId?: number | undefined;
  }): number {
    if (record.salesforceId === undefined && record.wordpressId === undefined) return 0;
    return this.db
      .prepare(
        `UPDATE dead_letters SET status = 'retried'
           WHERE status = 'open' AND mapping = @mapping AND direction = @direction
             AND ((@salesforceId IS NOT NULL AND salesforce_id = @salesforceId)
               OR (@wordpressId IS NOT NULL AND wordpress_id = @wordpressId))`,
      )
      .run({
        mapping: record.mapping,
        direction: record.direction,
        salesforceId: record.salesforceId ?? null,
        wordpressId: record.wordpressId ?? null,
      }).changes;
  }

  countDeadLetters(status?: DeadLetterStatus): number {
    return (
      this.db
        .prepare<[{ status: string | null }], { count: number }>(
          'SELECT COUNT(*) AS count FROM dead_letters WHERE @status IS NULL OR status = @status',
        )
        .get({ status: status ?? null })?.count ?? 0
    );
  }

  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  close(): void {
    this.db.close();
  }
}
