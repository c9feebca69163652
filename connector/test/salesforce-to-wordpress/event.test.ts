import { describe, expect, it } from 'vitest';
import { parseSyncEvent } from '../../src/salesforce-to-wordpress/event.js';

const valid = {
  Mapping__c: 'Contact_User',
  Object__c: 'Contact',
  Record_Id__c: '003000000000001AAA',
  Operation__c: 'UPDATE',
  Changed_Fields__c: 'Email,LastName',
  Payload__c: '{"Email":"a@b.test","LastName":"B"}',
  WP_Id__c: '42',
  Modstamp__c: 1795334400000,
};

describe('parseSyncEvent', () => {
  it('reads a well-formed event, Avro datetimes included', () => {
    expect(parseSyncEvent(valid)).toEqual({
      ok: true,
      event: {
        mapping: 'Contact_User',
        object: 'Contact',
        recordId: '003000000000001AAA',
        operation: 'UPDATE',
        changedFields: ['Email', 'LastName'],
        payload: { Email: 'a@b.test', LastName: 'B' },
        wordpressId: 42,
        modstamp: new Date(1795334400000),
      },
    });
  });

  it('accepts a delete without payload, WordPress id or modstamp', () => {
    const parsed = parseSyncEvent({
      ...valid,
      Operation__c: 'DELETE',
      Payload__c: null,
      Changed_Fields__c: null,
      WP_Id__c: null,
      Modstamp__c: null,
    });
    expect(parsed).toMatchObject({
      ok: true,
      event: { payload: {}, changedFields: [], wordpressId: undefined, modstamp: undefined },
    });
  });

  it.each([
    [{ Mapping__c: '' }, 'Mapping__c is empty'],
    [{ Record_Id__c: "003'; DROP" }, "Record_Id__c '003'; DROP' is not a Salesforce id"],
    [
      { Operation__c: 'MERGE' },
      "Operation__c 'MERGE' is not one of CREATE, UPDATE, DELETE, UNDELETE",
    ],
    [{ Payload__c: '{"Email":' }, 'Payload__c is not valid JSON'],
    [{ Payload__c: '[1,2]' }, 'Payload__c is not a JSON object'],
    [{ WP_Id__c: '-3' }, "WP_Id__c '-3' is not a WordPress id"],
    [{ Modstamp__c: 'yesterday' }, "Modstamp__c 'yesterday' is not a date"],
  ])('reports a malformed event clearly: %o', (override, problem) => {
    const parsed = parseSyncEvent({ ...valid, ...override });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem).toContain(problem);
  });
});
