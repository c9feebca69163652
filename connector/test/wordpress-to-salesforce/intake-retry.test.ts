import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ObjectMapping } from '../../src/mapping/index.js';
import { OutcomeReporter } from '../../src/engine/outcome-reporter.js';
import { recordOutcome } from '../../src/wordpress-to-salesforce/outcome.js';
import { FEED_CHECKPOINT, WordPressIntake } from '../../src/wordpress-to-salesforce/intake.js';
import { SqliteStateStore } from '../../src/store/sqlite-state-store.js';
import type {
  SalesforceOutcome,
  WordPressChangeItem,
} from '../../src/wordpress-to-salesforce/apply.js';
import type { ChangePage, CompanionPlugin, WordPressChange } from '../../src/wordpress/index.js';
import { contactToUser } from '../mapping/fixtures.js';

function feed(changes: WordPressChange[]): CompanionPlugin {
  return {
    changes(after: number, limit: number): Promise<ChangePage> {
      const page = changes.filter((change) => change.cursor > after).slice(0, limit);
      return Promise.resolve({
        changes: page,
        nextCursor: page.at(-1)?.cursor ?? after,
        hasMore: changes.filter((change) => change.cursor > after).length > limit,
        latestCursor: changes.at(-1)?.cursor ?? 0,
      });
    },
    acknowledge: () => Promise.resolve(),
    status: () => Promise.reject(new Error('not used')),
    configure: () => Promise.resolve(),
  };
}

const change = (cursor: number, id: number): WordPressChange => ({
  cursor,
  type: 'user',
  id,
  operation: 'update',
  origin: 'wordpress',
  time: '2026-11-22T10:00:00.000000Z',
});

function success(item: WordPressChangeItem): SalesforceOutcome {
  return {
    status: 'Success',
    wordpressId: item.id,
    salesforceId: `003000000000${String(item.id).padStart(3, '0')}AAA`,
    operation: 'update',
    message: 'Updated',
    conflicts: [],
  };
}

function failure(item: WordPressChangeItem, code: string, kind: 'transient' | 'permanent') {
  return {
    status: 'Failed',
    code,
    kind,
    attempted: { id: item.id },
    wordpressId: item.id,
    salesforceId: undefined,
    operation: 'update',
    message: `${code}: refused`,
    conflicts: [],
  } satisfies SalesforceOutcome;
}

/**
 * An intake whose Salesforce side answers from `answer(id, attempt)` (attempt counts that
 * record's tries), recording outcomes the way the connector does: dead letters in the store.
 */
function intakeWith(
  answer: (item: WordPressChangeItem, attempt: number) => SalesforceOutcome,
  maxAttempts = 4,
  backoff = { baseMs: 1, maxMs: 5 },
) {
  const store = new SqliteStateStore({ path: ':memory:' });
  const calls: number[][] = [];
  const attempts = new Map<number, number>();
  const recorded: SalesforceOutcome[] = [];
  const logger = pino({ level: 'silent' });
  const reporter = new OutcomeReporter({ store, logger, results: { add: () => undefined } });
  const reader = new WordPressIntake({
    plugin: feed([change(1, 10), change(2, 11), change(3, 12)]),
    store,
    logger,
    mappings: () => new Map<string, ObjectMapping>([[contactToUser.name, contactToUser]]),
    apply: (_mapping, items) => {
      calls.push(items.map((item) => item.id));
      return Promise.resolve(
        items.map((item) => {
          const attempt = (attempts.get(item.id) ?? 0) + 1;
          attempts.set(item.id, attempt);
          return answer(item, attempt);
        }),
      );
    },
    record: (mapping, outcome, sourceEvent) => {
      recorded.push(outcome);
      reporter.record(recordOutcome(mapping, outcome), sourceEvent);
    },
    gate: () => Promise.resolve(),
    pollMs: 60_000,
    batchSize: 10,
    throttleRetryMs: 50,
    maxAttempts,
    recordRetryBackoff: backoff,
  });
  return { reader, store, calls, recorded };
}

describe('WordPressIntake retrying transient record errors', () => {
  it('tries a row-locked record again until it succeeds, without touching the others', async () => {
    const { reader, store, calls, recorded } = intakeWith((item, attempt) =>
      item.id === 11 && attempt <= 2
        ? failure(item, 'UNABLE_TO_LOCK_ROW', 'transient')
        : success(item),
    );
    expect(await reader.drain()).toBe(3);
    // The records that succeeded first time are written once; only the locked one again.
    expect(calls).toEqual([[10, 11, 12], [11], [11]]);
    expect(recorded.map((outcome) => [outcome.wordpressId, outcome.status])).toEqual([
      [10, 'Success'],
      [12, 'Success'],
      [11, 'Success'],
    ]);
    expect(store.listDeadLetters()).toEqual([]);
    expect(reader.counters.recordsSynced).toBe(3);
    expect(store.getCheckpoint(FEED_CHECKPOINT)).toBe('3');
  });

  it('dead-letters a record still failing after maxAttempts, with its code, and moves on', async () => {
    const { reader, store, calls } = intakeWith(
      (item) => (item.id === 12 ? failure(item, 'QUERY_TIMEOUT', 'transient') : success(item)),
      3,
    );
    await reader.drain();
    expect(calls).toEqual([[10, 11, 12], [12], [12]]);
    const letters = store.listDeadLetters();
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      wordpressId: 12,
      direction: 'wordpress-to-salesforce',
      errorCode: 'QUERY_TIMEOUT',
    });
    expect(letters[0]?.errorMessage).toMatch(/after 3 attempts/);
    expect(store.getCheckpoint(FEED_CHECKPOINT)).toBe('3');
  });

  it('dead-letters a permanent record error at once', async () => {
    const { reader, store, calls } = intakeWith((item) =>
      item.id === 10 ? failure(item, 'INVALID_EMAIL_ADDRESS', 'permanent') : success(item),
    );
    await reader.drain();
    expect(calls).toEqual([[10, 11, 12]]);
    expect(store.listDeadLetters().map((letter) => letter.errorCode)).toEqual([
      'INVALID_EMAIL_ADDRESS',
    ]);
  });

  it('does not store the cursor past a record whose retries were cut short by stopping', async () => {
    const { reader, store, calls } = intakeWith(
      (item) => (item.id === 11 ? failure(item, 'UNABLE_TO_LOCK_ROW', 'transient') : success(item)),
      50,
      { baseMs: 1000, maxMs: 1000 },
    );
    reader.start();
    while (calls.length < 2) await new Promise((resolve) => setTimeout(resolve, 1));
    await reader.stop();
    expect(store.getCheckpoint(FEED_CHECKPOINT)).toBeUndefined();
    expect(store.listDeadLetters()).toEqual([]);
  });
});
