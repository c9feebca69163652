import { describe, expect, it } from 'vitest';
import {
  deserialiseOrgEvent,
  parseOrgEvent,
  serialiseOrgEvent,
} from '../../src/salesforce-to-salesforce/org-event.js';

const RAW = {
  Mapping__c: 'Lead_To_B',
  Object__c: 'Lead',
  Record_Id__c: '00QA00000000001AAA',
  Operation__c: 'UPDATE',
  Changed_Fields__c: 'Company,LastName',
  Payload__c: '{"Company":"Acme","LastName":"Doe"}',
  WP_Id__c: '00QB00000000001AAA',
  Modstamp__c: '2026-12-01T10:00:00.000+0000',
};

describe('parseOrgEvent', () => {
  it("reads WP_Id__c as the record's source id (WP_Source_Record_Id__c)", () => {
    const parsed = parseOrgEvent(RAW);
    expect(parsed).toEqual({
      ok: true,
      event: {
        mapping: 'Lead_To_B',
        object: 'Lead',
        recordId: '00QA00000000001AAA',
        operation: 'UPDATE',
        changedFields: ['Company', 'LastName'],
        payload: { Company: 'Acme', LastName: 'Doe' },
        sourceRef: '00QB00000000001AAA',
        modstamp: new Date('2026-12-01T10:00:00.000Z'),
      },
    });
    if (parsed.ok)
      expect(deserialiseOrgEvent(serialiseOrgEvent(parsed.event))).toEqual(parsed.event);
  });

  it('refuses what it cannot apply, with the reason', () => {
    expect(parseOrgEvent({ ...RAW, WP_Id__c: '42' })).toMatchObject({
      ok: false,
      problem: expect.stringMatching(/not a Salesforce id/) as unknown,
    });
    expect(parseOrgEvent({ ...RAW, Payload__c: '[1]' })).toMatchObject({
      ok: false,
      problem: 'Payload__c is not a JSON object',
    });
    expect(parseOrgEvent({ ...RAW, Operation__c: 'MERGE' })).toMatchObject({
      ok: false,
      recordId: '00QA00000000001AAA',
    });
    expect(parseOrgEvent({ ...RAW, Modstamp__c: 'soon' })).toMatchObject({
      ok: false,
      problem: "Modstamp__c 'soon' is not a date",
    });
  });
});
