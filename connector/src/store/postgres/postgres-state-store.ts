import type { SyncDirection } from '../../mapping/types.js';
import type { FencedStateStore, Fence } from '../leases.js';
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
} from '../state-store.js';
import { migratePostgres } from './migrate-postgres.js';
import { PostgresCheckpoints } from './postgres-checkpoints.js';
import { PostgresDeadLetters } from './postgres-dead-letters.js';
import { PostgresIdLinks } from './postgres-id-links.js';
import { PostgresLeases } from './postgres-leases.js';
import { PostgresSession } from './postgres-session.js';
import { SyncPostgresConnection, type SyncPostgresOptions } from './sync-connection.js';

export interface PostgresStateStoreOptions extends SyncPostgresOptions {
  now?: () => Date;
  /** The org the store is scoped to. @defaultValue 'default' */
  org?: string | undefined;
}

/** What a store and its other orgs' views share: the session, and the leases on its connection. */
interface PostgresShared {
  session: PostgresSession;
  leases: PostgresLeases;
}

/** How {@link PostgresStateStore.forOrg} makes a view: an org, and the store's shared parts. */
interface OrgView {
  org: string;
  view: PostgresShared;
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
 * {@link StateStore} on PostgreSQL, for several connector replicas sharing one state. Writes
 * are fenced by the leader's lease once {@link fence} is set (see {@link PostgresSession}).
 * A view made by {@link forOrg} shares the connection, transactions, fence and leases.
 */
export class PostgresStateStore implements StateStore, FencedStateStore {
  readonly org: string;
  readonly leases: PostgresLeases;
  private readonly shared: PostgresShared;
  /** Whether this store opened the connection (and so closes it), or is another org's view. */
  private readonly opened: boolean;
  private readonly links: PostgresIdLinks;
  private readonly checkpoints: PostgresCheckpoints;
  private readonly deadLetters: PostgresDeadLetters;

  constructor(options: PostgresStateStoreOptions | OrgView) {
    this.org = checkedOrg(options.org ?? DEFAULT_ORG);
    this.opened = !('view' in options);
    this.shared = 'view' in options ? options.view : connect(options);
    this.leases = this.shared.leases;
    const { db, now } = this.shared.session;
    this.links = new PostgresIdLinks(db, now, this.org);
    this.checkpoints = new PostgresCheckpoints(db, now, this.org);
    this.deadLetters = new PostgresDeadLetters(db, now, this.org);
  }

  forOrg(org: string): StateStore & FencedStateStore {
    return new PostgresStateStore({ org, view: this.shared });
  }

  /** Byte order (`COLLATE "C"`), as SQLite sorts them. */
  listOrgs(): string[] {
    return this.shared.session.db
      .query<{ org: string }>(
        `SELECT org FROM (
           SELECT org FROM id_map UNION SELECT org FROM checkpoints UNION SELECT org FROM dead_letters
         ) AS orgs ORDER BY org COLLATE "C"`,
      )
      .map((row) => row.org);
  }

  fence(fence: Fence | undefined): void {
    this.shared.session.fence(fence);
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
    return this.checkpoints.get(name);
  }

  setCheckpoint(name: string, value: string): void {
    this.write(() => {
      this.checkpoints.set(name, value);
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

  transaction<T>(work: () => T): T {
    return this.shared.session.transaction(work);
  }

  close(): void {
    if (this.opened) this.shared.session.db.close();
  }

  private write<T>(work: () => T): T {
    return this.shared.session.write(work);
  }
}

/** Connects and migrates; a failure names the server, without the password. */
function connect(options: PostgresStateStoreOptions): PostgresShared {
  const db = new SyncPostgresConnection(options);
  try {
    migratePostgres(db);
  } catch (error) {
    db.close();
    throw new StateStoreError(
      `Cannot use the PostgreSQL state store at ${redactedUrl(options.url)}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  return {
    session: new PostgresSession(db, options.now ?? (() => new Date())),
    leases: new PostgresLeases(db),
  };
}
