import {
  REQUEST_LIMIT_CODE,
  SalesforceApiError,
  SalesforceRequestLimitError,
  SalesforceSessionError,
  SESSION_ERROR_CODES,
} from '../salesforce/errors.js';
import { WordPressAuthenticationError, WordPressError } from '../wordpress/errors.js';

/**
 * What a failure means for the sync:
 * - `transient`: try the same write again after a backoff, a bounded number of times (a 500 from
 *   WordPress, 429, row locks, query timeouts);
 * - `unavailable`: the other side cannot be reached at all (connection refused or reset, DNS,
 *   502/503/504): nothing is wrong with the record, so wait, however long the outage lasts;
 * - `throttled`: the org's API allowance is spent; pause intake until it resets;
 * - `authentication`: credentials refused; stop intake, losing nothing, until they are fixed;
 * - `permanent`: this record cannot be written as it is; dead-letter it and go on.
 */
export type FailureKind =
  'transient' | 'unavailable' | 'throttled' | 'authentication' | 'permanent';

/**
 * Salesforce error codes worth retrying (platform-facts: "Status Codes and Error Responses"),
 * whether a whole call failed with them or one record of a Collections write did. Both
 * directions classify through this module; keep it the only list.
 */
export const TRANSIENT_SALESFORCE_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_LOCK_ROW',
  'QUERY_TIMEOUT',
  'REQUEST_RUNNING_TOO_LONG',
]);
/** The server is not there or says it is down: an outage, not a problem with the record. */
const UNAVAILABLE_CODES = new Set([
  'SERVER_UNAVAILABLE',
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
/** WordPress's code for a request that never got an HTTP answer (wordpress/http.ts). */
const WORDPRESS_UNREACHABLE = 'sfwp_unreachable';
const UNAVAILABLE_STATUSES = new Set([502, 503, 504]);

function codeOf(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const candidate = error as { errorCode?: unknown; code?: unknown; name?: unknown };
  if (typeof candidate.errorCode === 'string') return candidate.errorCode;
  if (typeof candidate.code === 'string') return candidate.code;
  return undefined;
}

function kindOfCode(code: string | undefined): FailureKind | undefined {
  if (code === undefined) return undefined;
  if (code === REQUEST_LIMIT_CODE) return 'throttled';
  if (SESSION_ERROR_CODES.has(code)) return 'authentication';
  if (UNAVAILABLE_CODES.has(code)) return 'unavailable';
  if (TRANSIENT_SALESFORCE_CODES.has(code)) return 'transient';
  return undefined;
}

function kindOfStatus(status: unknown): FailureKind | undefined {
  if (typeof status !== 'number') return undefined;
  if (UNAVAILABLE_STATUSES.has(status)) return 'unavailable';
  if (status >= 500 || status === 429) return 'transient';
  return undefined;
}

function classifySalesforceError(error: SalesforceApiError): FailureKind {
  if (error instanceof SalesforceRequestLimitError) return 'throttled';
  if (error instanceof SalesforceSessionError) return 'authentication';
  return kindOfCode(error.errorCode) ?? kindOfStatus(error.httpStatus) ?? 'permanent';
}

export function classifyFailure(error: unknown): FailureKind {
  if (error instanceof WordPressAuthenticationError) return 'authentication';
  if (error instanceof WordPressError) {
    if (
      error.code === WORDPRESS_UNREACHABLE ||
      (error.status !== undefined && UNAVAILABLE_STATUSES.has(error.status))
    ) {
      return 'unavailable';
    }
    return error.retryable ? 'transient' : 'permanent';
  }
  if (error instanceof SalesforceApiError) return classifySalesforceError(error);
  // Untyped failures by their code: Node's network errors (ECONNRESET, ENOTFOUND, …) fail
  // below jsforce's HTTP layer, so salesforce/ has nothing to type them as.
  return (
    kindOfCode(codeOf(error)) ??
    kindOfStatus((error as { statusCode?: unknown } | null)?.statusCode) ??
    'permanent'
  );
}

/**
 * What one record's error in a Collections result means. A record cannot be throttled or
 * unauthenticated on its own (those fail the whole call), so a record error is either worth
 * another try or needs someone to fix the data.
 */
export function classifyRecordError(code: string): 'transient' | 'permanent' {
  return TRANSIENT_SALESFORCE_CODES.has(code) ? 'transient' : 'permanent';
}

export interface BackoffOptions {
  /** Delay before the first retry; 500 ms by default. */
  baseMs?: number;
  /** Longest delay; 60 s by default. */
  maxMs?: number;
  /** Growth per attempt; 2 by default. */
  factor?: number;
}

/**
 * Exponential backoff with full jitter: a random delay between 0 and base·factor^(attempt−1),
 * capped. Jitter spreads retries of many records so they do not hit a recovering server at once.
 */
export function backoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random = Math.random,
): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 60_000;
  const factor = options.factor ?? 2;
  const ceiling = Math.min(max, base * factor ** Math.max(0, attempt - 1));
  return Math.round(random() * ceiling);
}

/** Whether a failed attempt (1-based) should be tried again. */
export function shouldRetry(kind: FailureKind, attempt: number, maxAttempts: number): boolean {
  return kind === 'transient' && attempt < maxAttempts;
}
