import type { Logger } from 'pino';
import { backoffDelay, shouldRetry, type BackoffOptions } from '../engine/retry-policy.js';
import type { ObjectMapping } from '../mapping/types.js';
import type { SalesforceOutcome, WordPressChangeItem } from './apply.js';

/** Tries per record when no `maxAttempts` is given: the `sync.maxAttempts` default. */
export const DEFAULT_MAX_ATTEMPTS = 8;

export interface RetryingApplyOptions {
  logger: Logger;
  /**
   * Tries per record for a transient record error (UNABLE_TO_LOCK_ROW, QUERY_TIMEOUT, …)
   * before it counts as failed; 1 turns retrying off. 8 by default.
   */
  maxAttempts?: number;
  /** Backoff between those tries (full jitter; 500 ms doubling, up to 60 s, by default). */
  backoff?: BackoffOptions;
  /** Waits between tries; the intake's version gives up when the connector stops. */
  wait(ms: number): Promise<void>;
  /** Each record's final outcome, as soon as it has one. */
  onSettled?(outcome: SalesforceOutcome): void;
  /** Extra context for the retry log line (e.g. the change-feed cursor). */
  context?: Record<string, unknown>;
}

/**
 * Applies a chunk, then again only its records that failed with a transient error, after a
 * backoff, until none is left or they have had `maxAttempts` tries. Returns every record's final
 * outcome; a call-level failure throws. Records that went through are never written twice.
 */
export async function applyWithRetries(
  mapping: ObjectMapping,
  chunk: readonly WordPressChangeItem[],
  applyOnce: (items: WordPressChangeItem[]) => Promise<SalesforceOutcome[]>,
  options: RetryingApplyOptions,
): Promise<SalesforceOutcome[]> {
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const settled: SalesforceOutcome[] = [];
  let pending = [...chunk];
  for (let attempt = 1; pending.length > 0; attempt++) {
    const outcomes = await applyOnce(pending);
    const retrying = new Map<number, string>();
    for (const outcome of outcomes) {
      if (outcome.status === 'Failed' && shouldRetry(outcome.kind, attempt, maxAttempts)) {
        retrying.set(outcome.wordpressId, outcome.code);
        continue;
      }
      const final = afterAttempts(outcome, attempt);
      settled.push(final);
      options.onSettled?.(final);
    }
    pending = pending.filter((item) => retrying.has(item.id));
    if (pending.length === 0) break;
    options.logger.warn(
      {
        mapping: mapping.name,
        wordpressIds: pending.map((item) => item.id),
        codes: [...new Set(retrying.values())],
        attempt,
        ...options.context,
      },
      'transient Salesforce record errors; retrying those records',
    );
    await options.wait(backoffDelay(attempt, options.backoff));
  }
  return settled;
}

/** A failure that had retries says how many tries it had, for the dead letter and the log. */
function afterAttempts(outcome: SalesforceOutcome, attempts: number): SalesforceOutcome {
  if (outcome.status !== 'Failed' || attempts === 1) return outcome;
  return { ...outcome, message: `${outcome.message} (after ${attempts} attempts)` };
}
