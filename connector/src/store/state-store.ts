import type { SyncState } from '../mapping/agreed-values.js';
import type { SyncDirection } from '../mapping/types.js';

// The agreed values are the merge's own vocabulary, so they live in mapping/; kept exported
// from here for the store's importers.
export type { PendingWrite, SyncState } from '../mapping/agreed-values.js';

/** A Salesforce record and the WordPress object it is synced with, under one mapping. */
export interface IdLink {
  mapping: string;
  salesforceId: string;
  wordpressId: number;
  /** Fingerprint of the values last written to (or confirmed in) Salesforce. */
  salesforceHash: string | undefined;
  /** Fingerprint of the values last written to (or confirmed in) WordPress. */
  wordpressHash: string | undefined;
  updatedAt: string;
  /** Whether Salesforce holds the WordPress id in the mapping's external id field. */
  salesforceHasWordPressId: boolean;
  /** What both sides last agreed on; absent for links made before it was kept. */
  syncState: SyncState | undefined;
}

export type DeadLetterStatus = 'open' | 'retried' | 'dropped';

export interface NewDeadLetter {
  mapping: string;
  direction: SyncDirection;
  salesforceId?: string;
  wordpressId?: number;
  operation: string;
  /** What would have been written, for retry and for the admin's eyes. */
  payload: unknown;
  errorCode: string;
  errorMessage: string;
}

export interface DeadLetter extends NewDeadLetter {
  id: number;
  attempts: number;
  status: DeadLetterStatus;
  firstFailedAt: string;
  lastFailedAt: string;
}

/** The org a single-org config runs as, and the one state written before orgs existed belongs to. */
export const DEFAULT_ORG = 'default';

/**
 * The connector's durable memory. The sync engine reaches storage only through this port, so
 * a test or another database can stand in; `transaction` makes several changes atomic (e.g.
 * an id link and the checkpoint that covers it).
 *
 * A store is scoped to one org: its links, checkpoints and dead letters are that org's only.
 * {@link StateStore.forOrg} gives another org's view of the same database connection.
 */
export interface StateStore {
  /** The org whose state this store reads and writes. */
  readonly org: string;
  /**
   * The same connection scoped to `org`: transactions, fencing and the connection are shared
   * with this store (a transaction can span views); `close()` on a view does nothing.
   */
  forOrg(org: string): StateStore;
  /** The orgs that have any state (links, checkpoints or dead letters), in name order. */
  listOrgs(): string[];

  findBySalesforceId(mapping: string, salesforceId: string): IdLink | undefined;
  findByWordPressId(mapping: string, wordpressId: number): IdLink | undefined;
  /** Creates or moves the link of a Salesforce record; a WordPress id linked elsewhere is an error. */
  link(mapping: string, salesforceId: string, wordpressId: number): IdLink;
  unlink(mapping: string, salesforceId: string): void;
  /**
   * The links of a mapping in Salesforce id order, `limit` at a time after `afterSalesforceId`
   * (a page of `sfwp audit`). Optional: the audit skips the check it serves without it.
   */
  listLinks?(mapping: string, afterSalesforceId: string | undefined, limit: number): IdLink[];
  /** Links whose WordPress id Salesforce does not hold yet, oldest first. */
  linksAwaitingWriteBack(limit: number): IdLink[];
  /** Salesforce now holds this WordPress id (a later re-link clears the mark again). */
  markWrittenBack(mapping: string, salesforceId: string, wordpressId: number): void;
  recordHashes(
    mapping: string,
    salesforceId: string,
    hashes: { salesforceHash?: string; wordpressHash?: string },
  ): void;

  /** Replaces the agreed values of a link. */
  recordSyncState(mapping: string, salesforceId: string, state: SyncState): void;

  getCheckpoint(name: string): string | undefined;
  setCheckpoint(name: string, value: string): void;

  /** Adds a dead letter, or bumps the attempts of the open one for the same record and operation. */
  addDeadLetter(entry: NewDeadLetter): DeadLetter;
  /** Ids are numbered across orgs; another org's letter is not found (nor changed) here. */
  getDeadLetter(id: number): DeadLetter | undefined;
  listDeadLetters(filter?: {
    status?: DeadLetterStatus;
    mapping?: string;
    limit?: number;
  }): DeadLetter[];
  setDeadLetterStatus(id: number, status: DeadLetterStatus): void;
  /**
   * Marks the record's open dead letters of that direction retried: a later sync of the same
   * record went through (someone fixed the data), so they need no one's attention. Returns how many.
   */
  settleDeadLetters(record: {
    mapping: string;
    direction: SyncDirection;
    salesforceId?: string | undefined;
    wordpressId?: number | undefined;
  }): number;
  countDeadLetters(status?: DeadLetterStatus): number;

  transaction<T>(work: () => T): T;
  /** Closes the connection, for every view of it; a no-op on a view made by `forOrg`. */
  close(): void;
}

export class StateStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StateStoreError';
  }
}

/** Refuses an org name no config could hold: an empty or blank one. */
export function checkedOrg(org: string): string {
  if (org.trim() === '' || org !== org.trim()) {
    throw new StateStoreError(
      `'${org}' is not an org name (it is empty or has surrounding spaces)`,
    );
  }
  return org;
}
