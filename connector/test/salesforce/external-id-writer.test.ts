import type { Connection } from 'jsforce';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ObjectMapping } from '../../src/mapping/types.js';
import { ExternalIdWriter } from '../../src/salesforce/external-id-writer.js';
import { SqliteStateStore } from '../../src/store/index.js';

const MAPPING = {
  name: 'Contact_User',
  salesforceObject: 'Contact',
  externalIdField: 'WP_Id__c',
} as ObjectMapping;

type Answer = (records: { Id: string }[]) => unknown[];

/** A connection whose Collections updates answer with `answers`, one per call, in order. */
function connectionAnswering(answers: Answer[]) {
  const calls: { Id: string }[][] = [];
  const connection = {
    sobject: () => ({
      update: (records: { Id: string }[]) => {
        calls.push(records);
        const answer = answers[Math.min(calls.length - 1, answers.length - 1)] as Answer;
        return Promise.resolve(answer(records));
      },
    }),
  } as unknown as Connection;
  return { connection, calls };
}

const saved: Answer = (records) => records.map((record) => ({ id: record.Id, success: true }));
const locked =
  (ids: string[]): Answer =>
  (records) =>
    records.map((record) =>
      ids.includes(record.Id)
        ? {
            success: false,
            errors: [{ statusCode: 'UNABLE_TO_LOCK_ROW', message: 'locked', fields: [] }],
          }
        : { id: record.Id, success: true },
    );

let store: SqliteStateStore;
afterEach(() => {
  vi.useRealTimers();
  store.close();
});

function writerFor(answers: Answer[]) {
  store = new SqliteStateStore({ path: ':memory:' });
  store.link('Contact_User', '003A', 1);
  store.link('Contact_User', '003B', 2);
  const { connection, calls } = connectionAnswering(answers);
  const writer = new ExternalIdWriter(
    connection,
    store,
    () => MAPPING,
    pino({ level: 'silent' }),
    10,
  );
  return { writer, calls };
}

describe('ExternalIdWriter', () => {
  it('writes every awaiting link and marks it held by Salesforce', async () => {
    const { writer, calls } = writerFor([saved]);
    await writer.flush();
    expect(calls).toEqual([
      [
        { Id: '003A', WP_Id__c: '1' },
        { Id: '003B', WP_Id__c: '2' },
      ],
    ]);
    expect(store.linksAwaitingWriteBack(10)).toEqual([]);
  });

  it('tries a record refused for a row lock again on its own, until it is written', async () => {
    vi.useFakeTimers();
    const { writer, calls } = writerFor([locked(['003B']), locked(['003B']), saved]);
    await writer.flush();
    expect(store.linksAwaitingWriteBack(10).map((link) => link.salesforceId)).toEqual(['003B']);

    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls.length).toBe(3);
    expect(calls[2]).toEqual([{ Id: '003B', WP_Id__c: '2' }]);
    expect(store.linksAwaitingWriteBack(10)).toEqual([]);

    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls.length).toBe(3);
    writer.close();
  });

  it('does not keep retrying a permanent refusal by itself (it waits for the next link)', async () => {
    vi.useFakeTimers();
    const deleted: Answer = (records) =>
      records.map((record) =>
        record.Id === '003B'
          ? { success: false, errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'gone' }] }
          : { id: record.Id, success: true },
      );
    const { writer, calls } = writerFor([deleted]);
    await writer.flush();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(calls.length).toBe(1);
    expect(store.linksAwaitingWriteBack(10).map((link) => link.salesforceId)).toEqual(['003B']);
    writer.close();
  });
});
