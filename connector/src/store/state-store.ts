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

/**
 * The connector's durable memory. The sync engine reaches storage only through this port, so
 * a test or another database can stand in; `transaction` makes several changes atomic (e.g.
 * an id link and the checkpoint that covers it).
 */
export interface StateStore {
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
  close(): void;
}

export class StateStoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StateStoreError';
  }
}
