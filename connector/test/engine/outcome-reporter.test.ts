import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { RecordOutcome } from '../../src/engine/outcome.js';
import { OutcomeReporter } from '../../src/engine/outcome-reporter.js';
import type { SyncResult } from '../../src/salesforce/result-publisher.js';
import { SqliteStateStore } from '../../src/store/sqlite-state-store.js';

function setup() {
  const store = new SqliteStateStore({ path: ':memory:' });
  const results: SyncResult[] = [];
  const counts: string[] = [];
  const lines: { level: number; msg: string }[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) },
  );
  const reporter = new OutcomeReporter({
    store,
    logger,
    results: { add: (result) => results.push(result) },
    count: (mapping, outcome) => counts.push(`${mapping}:${outcome}`),
  });
  return { store, results, counts, lines, reporter };
}

const fromSalesforce = {
  direction: 'salesforce-to-wordpress',
  mapping: 'Contact_User',
  operation: 'UPDATE',
  salesforceId: '003000000000001AAA',
  wordpressId: 7,
} as const;
const fromWordPress = {
  direction: 'wordpress-to-salesforce',
  mapping: 'Contact_User',
  operation: 'update',
  salesforceId: '003000000000001AAA',
  wordpressId: 7,
} as const;

function failed(subject: typeof fromSalesforce | typeof fromWordPress): RecordOutcome {
  return {
    ...subject,
    status: 'Failed',
    code: 'INVALID_EMAIL',
    message: 'bad',
    retryPayload: { x: 1 },
  };
}

describe('OutcomeReporter', () => {
  it('dead-letters a failure of either direction with its retry payload, and says so everywhere', () => {
    for (const subject of [fromSalesforce, fromWordPress]) {
      const { store, results, counts, lines, reporter } = setup();
      reporter.record(failed(subject), 'source-1');
      const [letter] = store.listDeadLetters({ status: 'open' });
      expect(letter).toMatchObject({
        direction: subject.direction,
        operation: subject.operation,
        salesforceId: subject.salesforceId,
        wordpressId: 7,
        errorCode: 'INVALID_EMAIL',
        payload: { x: 1 },
      });
      expect(results).toEqual([
        expect.objectContaining({
          status: 'Failed',
          message: 'INVALID_EMAIL: bad',
          sourceEvent: 'source-1',
        }),
      ]);
      expect(counts).toEqual(['Contact_User:dead-lettered']);
      expect(lines.some((line) => line.msg === 'sync failed; dead-lettered')).toBe(true);
    }
  });

  it('names the result direction as the package does', () => {
    const { results, reporter } = setup();
    reporter.record({ ...fromSalesforce, status: 'Success', message: 'ok', conflicts: [] }, 'a');
    reporter.record({ ...fromWordPress, status: 'Skipped', message: 'same', conflicts: [] }, 'b');
    expect(results.map((result) => [result.direction, result.status])).toEqual([
      ['SalesforceToWordPress', 'Success'],
      ['WordPressToSalesforce', 'Skipped'],
    ]);
  });

  it('settles open dead letters by the id of the side the change came from', () => {
    const { store, reporter } = setup();
    reporter.record(failed(fromSalesforce), 's');
    reporter.record(failed(fromWordPress), 'w');
    // A later success from WordPress settles only the WordPress → Salesforce letter.
    reporter.record(
      {
        ...fromWordPress,
        salesforceId: undefined,
        status: 'Success',
        message: 'ok',
        conflicts: [],
      },
      'w2',
    );
    const open = store.listDeadLetters({ status: 'open' });
    expect(open.map((letter) => letter.direction)).toEqual(['salesforce-to-wordpress']);
    reporter.record(
      {
        ...fromSalesforce,
        wordpressId: undefined,
        status: 'Success',
        message: 'ok',
        conflicts: [],
      },
      's2',
    );
    expect(store.listDeadLetters({ status: 'open' })).toEqual([]);
  });

  it('reports a conflict as Conflict with both values in the log', () => {
    const { results, lines, reporter } = setup();
    reporter.record(
      {
        ...fromWordPress,
        status: 'Success',
        message: 'merged',
        conflicts: [
          {
            field: 'Email',
            salesforceValue: 'a@x',
            wordpressValue: 'b@x',
            policy: 'NewestWins',
            winner: 'wordpress',
          },
        ],
      },
      'c',
    );
    expect(results[0]?.status).toBe('Conflict');
    expect(lines.find((line) => line.msg === 'conflict resolved')).toMatchObject({
      salesforceValue: 'a@x',
      wordpressValue: 'b@x',
    });
  });

  it('keeps a quiet outcome (an echo) to a debug line: no result, no metric', () => {
    const { results, counts, lines, reporter } = setup();
    reporter.record(
      { ...fromWordPress, status: 'Skipped', message: 'echo', conflicts: [], quiet: true },
      'q',
    );
    expect(results).toEqual([]);
    expect(counts).toEqual([]);
    expect(lines.map((line) => line.msg)).toEqual(['nothing to sync']);
  });
});
