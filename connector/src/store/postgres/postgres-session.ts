import { FencedOutError, type Fence } from '../leases.js';
import type { SyncPostgresConnection } from './sync-connection.js';

/**
 * What a PostgreSQL store and its other orgs' views share: the one connection, its clock, the
 * transaction in progress and the fence. A transaction begun through one org's view spans the
 * others', and a fence set through any view guards the writes of all.
 *
 * With a fence set (the leader's lease and token), every write runs in a transaction that first
 * locks the lease row `FOR SHARE` and checks the token is current: a takeover (an UPDATE of that
 * row) waits for the write to commit, and a write after a takeover finds the new token and fails
 * with {@link FencedOutError}. Reads are never fenced.
 */
export class PostgresSession {
  private depth = 0;
  private currentFence: Fence | undefined;

  constructor(
    readonly db: SyncPostgresConnection,
    readonly now: () => Date,
  ) {}

  fence(fence: Fence | undefined): void {
    this.currentFence = fence;
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

  /** A single write: on its own when unfenced, else in a transaction that checks the fence. */
  write<T>(work: () => T): T {
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
