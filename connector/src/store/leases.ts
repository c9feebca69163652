import { StateStoreError } from './state-store.js';

/** A lease row: who may do one piece of work, with which fencing token, until when. */
export interface Lease {
  name: string;
  holder: string;
  token: number;
  expiresAt: string;
  acquiredAt: string;
}

/**
 * Leases for leader election. Every time is the database's clock, so the replicas' clocks
 * never decide who leads. A takeover bumps the token; writes fenced with an older token fail.
 */
export interface Leases {
  /** Takes the lease when it is free or expired; the new fencing token, or undefined. */
  acquire(name: string, holder: string, ttlMs: number): number | undefined;
  /** Extends a lease still held with this token; false when it expired or someone took it. */
  renew(name: string, holder: string, token: number, ttlMs: number): boolean;
  /** Ends a held lease now, so a standby need not wait for it to expire. */
  release(name: string, token: number): void;
  list(): Lease[];
}

/** The lease and token a leader's writes must still hold. */
export interface Fence {
  lease: string;
  token: number;
  /** Told of a refused write before it throws, so the holder can step down at once. */
  onFencedOut?: (error: FencedOutError) => void;
}

/** A store whose writes can be fenced by a lease: PostgreSQL. */
export interface FencedStateStore {
  readonly leases: Leases;
  /** From now on every write checks, in its own transaction, that this token still holds. */
  fence(fence: Fence | undefined): void;
}

/** A write refused because the writer's lease token is no longer current. */
export class FencedOutError extends StateStoreError {
  constructor(
    readonly lease: string,
    readonly token: number,
  ) {
    super(
      `Lease ${lease} is no longer held with token ${String(token)} (it expired or another replica ` +
        'took over); this replica must not write and steps down.',
    );
    this.name = 'FencedOutError';
  }
}

export function isFencedStateStore(store: object): store is FencedStateStore {
  return 'leases' in store && 'fence' in store;
}
