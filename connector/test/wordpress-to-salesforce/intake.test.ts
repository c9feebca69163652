import type { ProblemReporter } from '../../src/engine/status.js';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ObjectMapping } from '../../src/mapping/index.js';
import { FEED_CHECKPOINT, WordPressIntake } from '../../src/wordpress-to-salesforce/intake.js';
import { SqliteStateStore } from '../../src/store/sqlite-state-store.js';
import type {
  SalesforceOutcome,
  WordPressChangeItem,
} from '../../src/wordpress-to-salesforce/apply.js';
import type { ChangePage, CompanionPlugin, WordPressChange } from '../../src/wordpress/index.js';
import { contactToUser } from '../mapping/fixtures.js';

function feed(changes: WordPressChange[]): CompanionPlugin & { acked: number[] } {
  const acked: number[] = [];
  return {
    acked,
    changes(after: number, limit: number): Promise<ChangePage> {
      const page = changes.filter((change) => change.cursor > after).slice(0, limit);
      return Promise.resolve({
        changes: page,
        nextCursor: page.at(-1)?.cursor ?? after,
        hasMore: changes.filter((change) => change.cursor > after).length > limit,
        latestCursor: changes.at(-1)?.cursor ?? 0,
      });
    },
    acknowledge(cursor: number) {
      acked.push(cursor);
      return Promise.resolve();
    },
    status: () => Promise.reject(new Error('not used')),
    configure: () => Promise.resolve(),
  };
}

const row = (cursor: number, id: number, origin: WordPressChange['origin'] = 'wordpress') => ({
  cursor,
  type: 'user',
  id,
  operation: 'update' as const,
  origin,
  time: '2026-11-22T10:00:00.000000Z',
});

function intake(
  plugin: CompanionPlugin,
  store: SqliteStateStore,
  apply: (mapping: ObjectMapping, items: WordPressChangeItem[]) => Promise<SalesforceOutcome[]>,
  gate: () => Promise<void> = () => Promise.resolve(),
  onProblem?: ProblemReporter,
) {
  const recorded: SalesforceOutcome[] = [];
  const reader = new WordPressIntake({
    plugin,
    store,
    logger: pino({ level: 'silent' }),
    mappings: () => new Map([[contactToUser.name, contactToUser]]),
    apply,
    record: (_mapping, outcome) => recorded.push(outcome),
    gate,
    pollMs: 60_000,
    batchSize: 2,
    throttleRetryMs: 50,
    ...(onProblem ? { onProblem } : {}),
  });
  return { reader, recorded };
}

const success = (items: WordPressChangeItem[]): Promise<SalesforceOutcome[]> =>
  Promise.resolve(
    items.map((item) => ({
      status: 'Success' as const,
      wordpressId: item.id,
      salesforceId: '003000000000001AAA',
      operation: 'update' as const,
      message: 'ok',
      conflicts: [],
    })),
  );

describe('WordPressIntake', () => {
  it('applies people’s changes page by page, skips the connector’s own, and stores the cursor after', async () => {
    const store = new SqliteStateStore({ path: ':memory:' });
    const plugin = feed([row(1, 10), row(2, 11, 'connector'), row(3, 12), row(4, 10)]);
    const applied: number[][] = [];
    const { reader, recorded } = intake(plugin, store, (_mapping, items) => {
      applied.push(items.map((item) => item.id));
      return success(items);
    });
    expect(await reader.drain()).toBe(4);
    expect(applied).toEqual([[10], [12, 10]]);
    expect(recorded).toHaveLength(3);
    expect(store.getCheckpoint(FEED_CHECKPOINT)).toBe('4');
    // The plugin hears of the cursor at most every 30 s, and when intake stops.
    expect(plugin.acked).toEqual([2]);
    await reader.stop();
    expect(plugin.acked).toEqual([2, 4]);
  });

  it('keeps the cursor where it was when applying fails, so the page is read again', async () => {
    const store = new SqliteStateStore({ path: ':memory:' });
    const { reader } = intake(feed([row(1, 10)]), store, () =>
      Promise.reject(new Error('Salesforce unreachable')),
    );
    await expect(reader.drain()).rejects.toThrow('unreachable');
    expect(store.getCheckpoint(FEED_CHECKPOINT)).toBeUndefined();
  });

  it('stops promptly while paused', async () => {
    const store = new SqliteStateStore({ path: ':memory:' });
    const { reader } = intake(
      feed([row(1, 10)]),
      store,
      (_mapping, items) => success(items),
      () => new Promise(() => undefined),
    );
    reader.start();
    const stopped = await Promise.race([
      reader.stop().then(() => 'stopped'),
      new Promise((resolve) => {
        setTimeout(() => {
          resolve('hung');
        }, 1000);
      }),
    ]);
    expect(stopped).toBe('stopped');
    expect(store.getCheckpoint(FEED_CHECKPOINT)).toBeUndefined();
  });

  it('holds intake while the API allowance is spent, says so, and goes on at the same cursor', async () => {
    const store = new SqliteStateStore({ path: ':memory:' });
    const problems: (string | undefined)[] = [];
    const states: (string | undefined)[] = [];
    let calls = 0;
    const limitExceeded = Object.assign(new Error('TotalRequests Limit exceeded.'), {
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
    });
    const { reader, recorded } = intake(
      feed([row(1, 10)]),
      store,
      (_mapping, items) => (++calls <= 2 ? Promise.reject(limitExceeded) : success(items)),
      () => Promise.resolve(),
      (message, state) => {
        problems.push(message);
        states.push(state);
      },
    );
    reader.start();
    while (store.getCheckpoint(FEED_CHECKPOINT) === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await reader.stop();
    expect(calls).toBe(3);
    expect(states.slice(0, 2)).toEqual(['throttled', 'throttled']);
    expect(problems[0]).toMatch(/REQUEST_LIMIT_EXCEEDED/);
    expect(problems.at(-1)).toBeUndefined();
    expect(recorded).toHaveLength(1);
  });
});
