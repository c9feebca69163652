import type { SyncDirection } from '../../mapping/types.js';
import { FencedOutError, type FencedStateStore, type Fence } from '../leases.js';
import {
  StateStoreError,
  type DeadLetter,
  type DeadLetterStatus,
  type IdLink,
  type NewDeadLetter,
  type StateStore,
  type SyncState,
} from '../state-store.js';
import { migratePostgres } from './migrate-postgres.js';
import { PostgresDeadLetters } from './postgres-dead-letters.js';
import { PostgresIdLinks } from './postgres-id-links.js';
import { PostgresLeases } from './postgres-leases.js';
import { SyncPostgresConnection, type SyncPostgresOptions } from './sync-connection.js';

export interface PostgresStateStoreOptions extends SyncPostgresOptions {
  now?: () => Date;
}

/** The URL without its password, for messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(an unparsable URL)';
  }
}

/**
 * {@link StateStore} on PostgreSQL, for several connector replicas sharing one state. With a
 * fence set (the leader's lease and token), every write runs in a transaction that first locks
 * the lease row `FOR SHARE` and checks the token is current: a takeover (an UPDATE of that row)
 * waits for the write to commit, and a write after a takeover finds the new token and fails
 * with {@link FencedOutError}. Reads are never fenced.
 */
export class PostgresStateStore implements StateStore, FencedStateStore {
  readonly leases: PostgresLeases;
  private readonly db: SyncPostgresConnection;
  private readonly links: PostgresIdLinks;
  private readonly deadLetters: PostgresDeadLetters;
  private readonly now: () => Date;
  private depth = 0;
  private currentFence: Fence | undefined;

  constructor(options: PostgresStateStoreOptions) {
    this.db = new SyncPostgresConnection(options);
    try {
      migratePostgres(this.db);
    } catch (error) {
      this.db.close();
      throw new StateStoreError(
        `Cannot use the PostgreSQL state store at ${redactedUrl(options.url)}: ${(error as Error).message}`,
        { cause: error },
      );
    }
    this.now = options.now ?? (() => new Date());

    this.links = new PostgresIdLinks(this.db, this.now);
    this.deadLetters = new PostgresDeadLetters(this.db, this.now);
    this.leases = new PostgresLeases(this.db);
  }

  fence(fence: Fence | undefined): void {
    this.currentFence = fence;
  }

  findBySalesforceId(mapping: string, salesforceId: string): IdLink | undefined {
    return this.links.findBySalesforceId(mapping, salesforceId);
  }

  findByWordPressId(mapping: string, wordpressId: number): IdLink | undefined {
    return this.links.findByWordPressId(mapping, wordpressId);
  }

  listLinks(mapping: string, afterSalesforceId: string | undefined, limit: number): IdLink[] {
    return this.links.listLinks(mapping, afterSalesforceId, limit);
  }

  link(mapping: string, salesforceId: string, wordpressId: number): IdLink {
    return this.transaction(() => this.links.link(mapping, salesforceId, wordpressId));
  }

  linksAwaitingWriteBack(limit: number): IdLink[] {
    return this.links.linksAwaitingWriteBack(limit);
  }

  markWrittenBack(mapping: string, salesforceId: string, wordpressId: number): void {
    this.write(() => {
      this.links.markWrittenBack(mapping, salesforceId, wordpressId);
    });
  }

  unlink(mapping: string, salesforceId: string): void {
    this.write(() => {
      this.links.unlink(mapping, salesforceId);
    });
  }

  recordSyncState(mapping: string, salesforceId: string, state: SyncState): void {
    this.write(() => {
      this.links.recordSyncState(mapping, salesforceId, state);
    });
  }

  recordHashes(
    mapping: string,
    salesforceId: string,
    hashes: { salesforceHash?: string; wordpressHash?: string },
  ): void {
    this.write(() => {
      this.links.recordHashes(mapping, salesforceId, hashes);
    });
  }

  getCheckpoint(name: string): string | undefined {
    return this.db.query<{ value: string }>('SELECT value FROM checkpoints WHERE name = $1', [
      name,
    ])[0]?.value;
  }

  setCheckpoint(name: string, value: string): void {
    this.write(() => {
      this.db.query(
        `INSERT INTO checkpoints (name, value, updated_at) VALUES ($1, $2, $3)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        [name, value, this.now().toISOString()],
      );
    });
  }

  addDeadLetter(entry: NewDeadLetter): DeadLetter {
    return this.transaction(() => this.deadLetters.add(entry));
  }

  getDeadLetter(id: number): DeadLetter | undefined {
    return this.deadLetters.get(id);
  }

  listDeadLetters(
    filter: { status?: DeadLetterStatus; mapping?: string; limit?: number } = {},
  ): DeadLetter[] {
    return this.deadLetters.list(filter);
  }

  setDeadLetterStatus(id: number, status: DeadLetterStatus): void {
    this.write(() => {
      this.deadLetters.setStatus(id, status);
    });
  }

  settleDeadLetters(record: {
    mapping: string;
    direction: SyncDirection;
    salesforceId?: string | undefined;
    wordpressId?: number | undefined;
  }): number {
    return this.write(() => this.deadLetters.settle(record));
  }

  countDeadLetters(status?: DeadLetterStatus): number {
    return this.deadLetters.count(status);
  }

  /** Nested calls become savepoints, as better-sqlite3's transactions do. */
  transaction<T>(work: () => T): T {
    const outermost = this.depth === 0;
    const savepoint = `sfwp_${String(this.depth)}`;
    if (outermost) this.begin();
    else this.db.query(`SAVEPOINT ${savepoint}`);
    this.depth += 1;
    try {
      const result = work();
      this.depth -= 1;
      this.db.query(outermost ? 'COMMIT' : `RELEASE SAVEPOINT ${savepoint}`);
      return result;
    } catch (error) {
      this.depth = outermost ? 0 : this.depth - 1;
      this.rollback(outermost ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${savepoint}`);
      throw error;
    }
  }

  close(): void {
    this.db.close();
  }

  /** A single write: on its own when unfenced, else in a transaction that checks the fence. */
  private write<T>(work: () => T): T {
    return this.currentFence && this.depth === 0 ? this.transaction(work) : work();
  }

  private begin(): void {
    const fence = this.currentFence;
    if (!fence) {
      this.db.query('BEGIN');
      return;
    }
    const [, check] = this.db.run([
      { text: 'BEGIN' },
      {
        text: `SELECT 1 FROM leases WHERE name = $1 AND token = $2 AND expires_at > clock_timestamp()
               FOR SHARE`,
        params: [fence.lease, fence.token],
      },
    ]);
    if (check?.rowCount !== 1) {
      this.rollback('ROLLBACK');
      const error = new FencedOutError(fence.lease, fence.token);
      fence.onFencedOut?.(error);
      throw error;
    }
  }

  private rollback(statement: string): void {
    try {
      this.db.query(statement);
    } catch {
      // The connection broke: PostgreSQL rolled the transaction back itself.
    }
  }
}
