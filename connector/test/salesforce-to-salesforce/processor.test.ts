import { Connection } from 'jsforce';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { KeyedScheduler } from '../../src/engine/keyed-scheduler.js';
import { OutcomeReporter } from '../../src/engine/outcome-reporter.js';
import { PauseGate } from '../../src/engine/pause-gate.js';
import type { SyncResult } from '../../src/salesforce/result-publisher.js';
import type { LegOutcome } from '../../src/salesforce-to-salesforce/apply.js';
import type { OrgEvent } from '../../src/salesforce-to-salesforce/org-event.js';
import { OrgToOrgProcessor } from '../../src/salesforce-to-salesforce/processor.js';
import { SqliteStateStore } from '../../src/store/sqlite-state-store.js';
import { leg } from './support.js';

const raw = (n: number) => ({
  Mapping__c: 'Account_To_B',
  Object__c: 'Account',
  Record_Id__c: `001A${String(n).padStart(11, '0')}AAA`,
  Operation__c: 'UPDATE',
  Changed_Fields__c: 'Name',
  Payload__c: JSON.stringify({ Name: `Acme ${n}` }),
  Modstamp__c: '2026-12-01T10:00:00.000+0000',
});

/** A processor whose batches answer with `answer` (or throw what it throws), counting batches. */
function processorWith(answer: (events: OrgEvent[], call: number) => LegOutcome[]) {
  const store = new SqliteStateStore({ path: ':memory:' });
  const results: SyncResult[] = [];
  const batches: number[] = [];
  const logger = pino({ level: 'silent' });
  const processor = new OrgToOrgProcessor({
    sourceOrg: 'A',
    routes: new Map([['Account_To_B', { leg: leg(), target: new Connection({}) }]]),
    scheduler: new KeyedScheduler(50),
    reporter: new OutcomeReporter({ store, results: { add: (r) => void results.push(r) }, logger }),
    gate: new PauseGate(),
    logger,
    maxAttempts: 3,
    applyBatch: (_route, events) => {
      batches.push(events.length);
      return Promise.resolve().then(() => answer(events, batches.length));
    },
  });
  return { processor, store, results, batches };
}

const success: LegOutcome = {
  status: 'Success',
  targetId: '001B00000000001AAA',
  created: true,
  deleted: false,
  message: 'created',
};

describe('OrgToOrgProcessor', () => {
  it('applies events processed together in one batch, each with its own result', async () => {
    const { processor, results, batches } = processorWith((events) => events.map(() => success));
    await Promise.all(Array.from({ length: 30 }, (_, n) => processor.process(raw(n), `e${n}`)));
    expect(batches).toEqual([30]);
    expect(results.map((r) => r.status)).toEqual(Array(30).fill('Success'));
  });

  it('retries a transient record failure and dead-letters a permanent one in the source org', async () => {
    const { processor, store, results, batches } = processorWith((events, call) =>
      events.map((event) =>
        event.payload.Name === 'Acme 1' && call === 1
          ? { status: 'Failed', kind: 'transient', code: 'UNABLE_TO_LOCK_ROW', message: 'locked' }
          : event.payload.Name === 'Acme 2'
            ? { status: 'Failed', kind: 'permanent', code: 'REQUIRED_FIELD_MISSING', message: 'no' }
            : success,
      ),
    );
    await Promise.all([processor.process(raw(1), 'e1'), processor.process(raw(2), 'e2')]);
    expect(batches).toEqual([2, 1]);
    expect(results.map((r) => [r.recordId, r.status]).sort()).toEqual([
      [raw(1).Record_Id__c, 'Success'],
      [raw(2).Record_Id__c, 'Failed'],
    ]);
    const letters = store.listDeadLetters({ status: 'open' });
    expect(letters.map((letter) => [letter.errorCode, letter.direction])).toEqual([
      ['REQUIRED_FIELD_MISSING', 'salesforce-to-wordpress'],
    ]);
    expect(letters[0]?.payload).toMatchObject({ orgToOrg: { sourceOrg: 'A', targetOrg: 'B' } });
  });

  it('waits out an unreachable target org instead of failing the record', async () => {
    const { processor, results, batches } = processorWith((events, call) => {
      if (call === 1)
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      return events.map(() => success);
    });
    await processor.process(raw(3), 'e3');
    expect(batches).toEqual([1, 1]);
    expect(results.map((r) => r.status)).toEqual(['Success']);
  });

  it('dead-letters a malformed event and an event of a mapping it does not have', async () => {
    const { processor, store, batches } = processorWith((events) => events.map(() => success));
    await processor.process({ ...raw(4), WP_Id__c: '12' }, 'e4');
    await processor.process({ ...raw(5), Mapping__c: 'Contact_User' }, 'e5');
    expect(batches).toEqual([]);
    expect(store.listDeadLetters({ status: 'open' }).map((letter) => letter.errorCode)).toEqual([
      'MALFORMED_EVENT',
      'UNKNOWN_MAPPING',
    ]);
  });
});
