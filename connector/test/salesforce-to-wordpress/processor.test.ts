import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { ObjectMapping } from '../../src/mapping/types.js';
import { OutcomeReporter } from '../../src/engine/outcome-reporter.js';
import { PauseGate } from '../../src/engine/pause-gate.js';
import { EventProcessor } from '../../src/salesforce-to-wordpress/processor.js';
import { SqliteStateStore } from '../../src/store/sqlite-state-store.js';
import type { ApplyDependencies } from '../../src/salesforce-to-wordpress/apply.js';
import { KeyedScheduler } from '../../src/engine/keyed-scheduler.js';
import { WordPressError, WordPressUnavailableError } from '../../src/wordpress/errors.js';
import type { WriteResult } from '../../src/wordpress/types.js';

const mapping: ObjectMapping = {
  name: 'Contact_User',
  salesforceObject: 'Contact',
  wordpressType: 'user',
  direction: 'SalesforceToWordPress',
  active: true,
  externalIdField: 'WP_Id__c',
  conflictPolicy: 'SalesforceWins',
  deletePolicy: 'Ignore',
  fields: [
    {
      name: 'LastName',
      salesforceField: 'LastName',
      wordpressField: 'last_name',
      direction: 'SalesforceToWordPress',
      transform: 'None',
      required: true,
    },
  ],
};

const payload = {
  Mapping__c: 'Contact_User',
  Object__c: 'Contact',
  Record_Id__c: '003000000000001AAA',
  Operation__c: 'UPDATE',
  Changed_Fields__c: 'LastName',
  Payload__c: JSON.stringify({ LastName: 'Lovelace' }),
  WP_Id__c: '7',
};

/** A processor whose WordPress writes fail with `failures`, in order, then succeed. */
function processorFailing(failures: WordPressError[], maxAttempts: number) {
  const store = new SqliteStateStore({ path: ':memory:' });
  const problems: (string | undefined)[] = [];
  let writes = 0;
  const deps: ApplyDependencies = {
    store,
    mapping: (name) => (name === mapping.name ? mapping : undefined),
    wordpress: { list: () => Promise.resolve({ items: [], total: 0, totalPages: 1 }) },
    reader: { get: () => Promise.reject(new Error('not read on one-way mappings')) },
    writer: {
      submit: (): Promise<WriteResult> => {
        const failure = failures[writes++];
        return Promise.resolve(
          failure
            ? { ok: false, error: failure }
            : { ok: true, status: 200, id: 7, object: undefined },
        );
      },
    },
  };
  const logger = pino({ level: 'silent' });
  const processor = new EventProcessor({
    apply: deps,
    scheduler: new KeyedScheduler(4),
    reporter: new OutcomeReporter({ store, results: { add: () => undefined }, logger }),
    gate: new PauseGate(),
    logger,
    maxAttempts,
    onProblem: (message, state) => problems.push(message === undefined ? undefined : state),
  });
  return { processor, store, problems, writes: () => writes };
}

const unreachable = () =>
  new WordPressUnavailableError('WordPress is unreachable', { code: 'sfwp_unreachable' });
const serverError = () =>
  new WordPressError('plugin crashed', { code: 'internal', status: 500, retryable: true });

describe('EventProcessor', () => {
  it('waits out an unreachable WordPress without spending attempts or dead-lettering', async () => {
    const { processor, store, problems, writes } = processorFailing(
      [unreachable(), unreachable()],
      1,
    );
    await processor.process(payload, '1');
    expect(writes()).toBe(3);
    expect(store.countDeadLetters('open')).toBe(0);
    expect(problems.slice(0, 2)).toEqual(['unavailable', 'unavailable']);
    expect(problems.at(-1)).toBeUndefined();
  }, 20_000);

  it('dead-letters a record WordPress keeps failing after maxAttempts', async () => {
    const { processor, store, writes } = processorFailing(
      [serverError(), serverError(), serverError()],
      2,
    );
    await processor.process(payload, '2');
    expect(writes()).toBe(2);
    expect(store.listDeadLetters({ status: 'open' }).map((letter) => letter.errorCode)).toEqual([
      'internal',
    ]);
  }, 20_000);
});
