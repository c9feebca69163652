import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { classifyRecordError } from '../../src/engine/retry-policy.js';
import type {
  SalesforceOutcome,
  WordPressChangeItem,
} from '../../src/wordpress-to-salesforce/apply.js';
import { applyWithRetries } from '../../src/wordpress-to-salesforce/retrying-apply.js';
import { contactToUser } from '../mapping/fixtures.js';

const logger = pino({ level: 'silent' });

/** A Salesforce that answers each record with the code its script gives for that attempt. */
function scriptedSalesforce(script: Record<number, (string | undefined)[]>) {
  const calls: number[][] = [];
  const tries = new Map<number, number>();
  const applyOnce = (items: WordPressChangeItem[]): Promise<SalesforceOutcome[]> => {
    calls.push(items.map((item) => item.id));
    return Promise.resolve(
      items.map((item): SalesforceOutcome => {
        const attempt = tries.get(item.id) ?? 0;
        tries.set(item.id, attempt + 1);
        const code = script[item.id]?.[attempt];
        const base = {
          wordpressId: item.id,
          salesforceId: undefined,
          operation: 'update' as const,
          conflicts: [],
        };
        return code === undefined
          ? { ...base, status: 'Success', message: 'written' }
          : {
              ...base,
              status: 'Failed',
              code,
              kind: classifyRecordError(code),
              message: `${code} from Salesforce`,
              attempted: {},
            };
      }),
    );
  };
  return { calls, applyOnce };
}

const items = (...ids: number[]): WordPressChangeItem[] =>
  ids.map((id) => ({ id, operation: 'update' }));

describe('applyWithRetries (WordPress → Salesforce)', () => {
  it('tries only the records with transient errors again, after a backoff, until they go through', async () => {
    const salesforce = scriptedSalesforce({ 2: ['UNABLE_TO_LOCK_ROW', 'QUERY_TIMEOUT'] });
    const waits: number[] = [];
    const settled: number[] = [];
    const outcomes = await applyWithRetries(contactToUser, items(1, 2, 3), salesforce.applyOnce, {
      logger,
      backoff: { baseMs: 100 },
      wait: (ms) => {
        waits.push(ms);
        return Promise.resolve();
      },
      onSettled: (outcome) => settled.push(outcome.wordpressId),
    });
    expect(salesforce.calls).toEqual([[1, 2, 3], [2], [2]]);
    expect(waits).toHaveLength(2);
    expect(waits[1]).toBeLessThanOrEqual(200);
    expect(settled).toEqual([1, 3, 2]);
    expect(outcomes.every((outcome) => outcome.status === 'Success')).toBe(true);
  });

  it('gives up after maxAttempts and says how many tries it had; permanent errors are not retried', async () => {
    const salesforce = scriptedSalesforce({
      1: ['UNABLE_TO_LOCK_ROW', 'UNABLE_TO_LOCK_ROW', 'UNABLE_TO_LOCK_ROW'],
      2: ['INVALID_EMAIL_ADDRESS'],
    });
    const outcomes = await applyWithRetries(contactToUser, items(1, 2), salesforce.applyOnce, {
      logger,
      maxAttempts: 3,
      wait: () => Promise.resolve(),
    });
    expect(salesforce.calls).toEqual([[1, 2], [1], [1]]);
    const byId = new Map(outcomes.map((outcome) => [outcome.wordpressId, outcome]));
    expect(byId.get(1)).toMatchObject({
      status: 'Failed',
      code: 'UNABLE_TO_LOCK_ROW',
      message: 'UNABLE_TO_LOCK_ROW from Salesforce (after 3 attempts)',
    });
    expect(byId.get(2)).toMatchObject({
      status: 'Failed',
      message: 'INVALID_EMAIL_ADDRESS from Salesforce',
    });
  });

  it('with maxAttempts 1 never retries', async () => {
    const salesforce = scriptedSalesforce({ 1: ['UNABLE_TO_LOCK_ROW'] });
    const outcomes = await applyWithRetries(contactToUser, items(1), salesforce.applyOnce, {
      logger,
      maxAttempts: 1,
      wait: () => Promise.reject(new Error('must not wait')),
    });
    expect(salesforce.calls).toEqual([[1]]);
    expect(outcomes[0]).toMatchObject({ status: 'Failed', code: 'UNABLE_TO_LOCK_ROW' });
  });
});
