/**
 * Fault switches for the org half (REST and OAuth). Pub/Sub faults live with the event bus.
 */
import type { TokenStore } from '../oauth/token-store.js';
import type { ApiUsage } from '../rest/api-usage.js';
import { RecordFaults, type RecordFaultSpec } from './record-faults.js';

export interface OrgFaults {
  /** Adds this many milliseconds before every HTTP response (0 turns it off). */
  setLatency(ms: number): void;
  /** The next `count` REST calls answer with `status` (5xx) instead of being served. */
  failNextRequests(count: number, status?: number): void;
  /** Every issued access token is expired from now on; refresh tokens still work. */
  expireAccessTokens(): void;
  /** Revokes every access and refresh token. */
  revokeAllTokens(): void;
  /** Uses up the daily API allocation: counted calls get 403 REQUEST_LIMIT_EXCEEDED. */
  exhaustApiLimit(): void;
  /**
   * Chosen records of sObject Collections writes fail with a record error (UNABLE_TO_LOCK_ROW
   * by default) `times` times each; the rest of each call is served.
   */
  failRecordWrites(spec: RecordFaultSpec): void;
  /** Record failures set with `failRecordWrites` not yet answered. */
  pendingRecordFaults(): number;
  /** Turns every fault off and resets the API usage counter. */
  reset(): void;
}

/** The state the HTTP layer consults on each request. */
export class FaultState implements OrgFaults {
  latencyMs = 0;
  private failuresLeft = 0;
  private failureStatus = 503;
  /** Consulted by sObject Collections writes, record by record. */
  readonly records = new RecordFaults();

  constructor(
    private readonly tokens: TokenStore,
    private readonly usage: ApiUsage,
  ) {}

  setLatency(ms: number): void {
    this.latencyMs = Math.max(0, ms);
  }

  failNextRequests(count: number, status = 503): void {
    if (status < 500 || status > 599) throw new RangeError('failNextRequests needs a 5xx status');
    this.failuresLeft = count;
    this.failureStatus = status;
  }

  /** The status to fail this request with, or undefined to serve it. */
  takeFailure(): number | undefined {
    if (this.failuresLeft <= 0) return undefined;
    this.failuresLeft -= 1;
    return this.failureStatus;
  }

  expireAccessTokens(): void {
    this.tokens.expireAllAccessTokens();
  }

  revokeAllTokens(): void {
    this.tokens.revokeAll();
  }

  exhaustApiLimit(): void {
    this.usage.exhaust();
  }

  failRecordWrites(spec: RecordFaultSpec): void {
    this.records.add(spec);
  }

  pendingRecordFaults(): number {
    return this.records.remaining();
  }

  reset(): void {
    this.latencyMs = 0;
    this.failuresLeft = 0;
    this.records.reset();
    this.usage.reset();
  }
}
