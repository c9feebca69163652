import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SyncDirection } from '../mapping/types.js';
import { migrate } from './migrate.js';
import { SqliteCheckpoints } from './sqlite-checkpoints.js';
import { SqliteDeadLetters } from './sqlite-dead-letters.js';
import { SqliteIdLinks } from './sqlite-id-links.js';
import {
  DEFAULT_ORG,
  StateStoreError,
  checkedOrg,
  type DeadLetter,
  type DeadLetterStatus,
  type IdLink,
  type NewDeadLetter,
  type StateStore,
  type SyncState,
} from './state-store.js';

export interface SqliteStateStoreOptions {
  /** File path, or `:memory:` for tests. */
  path: string;
  now?: () => Date;
  /** The org the store is scoped to. @defaultValue 'default' */
  org?: string | undefined;
}

/** The open database a store and its other orgs' views share. */
interface SqliteConnection {
  db: Database.Database;
  now: () => Date;
}

/** How {@link SqliteStateStore.forOrg} makes a view: an org, and the store's connection. */
interface OrgView {
  org: string;
  view: SqliteConnection;
}

/**
 * {@link StateStore} on SQLite (better-sqlite3). WAL journal with synchronous=NORMAL: a commit
 * survives the process being killed at any point, which is the failure the sync must survive;
 * only a power loss can take the last commits, and then replay re-delivers them.
 */
export class SqliteStateStore implements StateStore {
  readonly org: string;
  private readonly connection: SqliteConnection;
  /** Whether this store opened the database (and so closes it), or is another org's view. */
  private readonly opened: boolean;
  private readonly links: SqliteIdLinks;
  private readonly checkpoints: SqliteCheckpoints;
  private readonly deadLetters: SqliteDeadLetters;

  constructor(options: SqliteStateStoreOptions | OrgView) {
    this.org = checkedOrg(options.org ?? DEFAULT_ORG);
    this.opened = !('view' in options);
    this.connection =
      'view' in options
        ? options.view
        : { db: openDatabase(options.path), now: options.now ?? (() => new Date()) };
    const { db, now } = this.connection;
    this.links = new SqliteIdLinks(db, now, this.org);
    this.checkpoints = new SqliteCheckpoints(db, now, this.org);
    this.deadLetters = new SqliteDeadLetters(db, now, this.org);
  }

  forOrg(org: string): StateStore {
    return new SqliteStateStore({ org, view: this.connection });
  }

  listOrgs(): string[] {
    return this.connection.db
      .prepare<[], { org: string }>(
        `SELECT org FROM id_map UNION SELECT org FROM checkpoints UNION SELECT org FROM dead_letters
         ORDER BY org`,
      )
      .all()
      .map((row) => row.org);
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
    return this.links.link(mapping, salesforceId, wordpressId);
  }

  linksAwaitingWriteBack(limit: number): IdLink[] {
    return this.links.linksAwaitingWriteBack(limit);
  }

  markWrittenBack(mapping: string, salesforceId: string, wordpressId: number): void {
    this.links.markWrittenBack(mapping, salesforceId, wordpressId);
  }

  unlink(mapping: string, salesforceId: string): void {
    this.links.unlink(mapping, salesforceId);
  }

  recordSyncState(mapping: string, salesforceId: string, state: SyncState): void {
    this.links.recordSyncState(mapping, salesforceId, state);
  }

  recordHashes(
    mapping: string,
    salesforceId: string,
    hashes: { salesforceHash?: string; wordpressHash?: string },
  ): void {
    this.links.recordHashes(mapping, salesforceId, hashes);
  }

  getCheckpoint(name: string): string | undefined {
    return this.checkpoints.get(name);
  }

  setCheckpoint(name: string, value: string): void {
    this.checkpoints.set(name, value);
  }

  addDeadLetter(entry: NewDeadLetter): DeadLetter {
    return this.deadLetters.add(entry);
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
    this.deadLetters.setStatus(id, status);
  }

  settleDeadLetters(record: {
    mapping: string;
    direction: SyncDirection;
    salesforceId?: string | undefined;
    wordpressId?: number | undefined;
  }): number {
    return this.deadLetters.settle(record);
  }

  countDeadLetters(status?: DeadLetterStatus): number {
    return this.deadLetters.count(status);
  }

  transaction<T>(work: () => T): T {
    return this.connection.db.transaction(work)();
  }

  close(): void {
    if (this.opened) this.connection.db.close();
  }
}

/** Opens (creating its folder) and migrates the database, with the settings described above. */
function openDatabase(path: string): Database.Database {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (error) {
    throw new StateStoreError(
      `Cannot open the state database at ${path}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  return db;
}
