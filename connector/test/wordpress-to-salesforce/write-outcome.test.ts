import { describe, expect, it } from 'vitest';
import type { RecordResult } from '../../src/salesforce/record-gateway.js';
import { TRANSIENT_SALESFORCE_CODES } from '../../src/engine/retry-policy.js';
import {
  noRecordId,
  writeFailure,
  writeOperation,
  writeSuccess,
} from '../../src/wordpress-to-salesforce/write-outcome.js';
import { link, mapping, planned, user } from './contact-mapping.js';

function refused(statusCode: string, fields: string[] = []): RecordResult {
  return {
    id: undefined,
    success: false,
    created: false,
    errors: [{ statusCode, message: 'refused', fields }],
  };
}

const saved: RecordResult = { id: '003A', success: true, created: false, errors: [] };
const object = user({ last_name: 'Lovelace', email: 'ada@example.com' });

describe('writeOperation', () => {
  it('is a create when Salesforce says so or nothing was linked or matched', () => {
    expect(writeOperation(planned(object), undefined)).toBe('create');
    expect(writeOperation(planned(object, link()), { ...saved, created: true })).toBe('create');
    expect(writeOperation(planned(object, link()), saved)).toBe('update');
    expect(writeOperation({ ...planned(object), updateId: '003A' }, saved)).toBe('update');
  });
});

describe('writeFailure', () => {
  it('classifies a refused record through the engine: transient codes are retried', () => {
    for (const code of TRANSIENT_SALESFORCE_CODES) {
      expect(writeFailure(planned(object), refused(code), undefined, undefined)).toMatchObject({
        status: 'Failed',
        code,
        kind: 'transient',
      });
    }
    expect(
      writeFailure(
        planned(object),
        refused('FIELD_CUSTOM_VALIDATION_EXCEPTION', ['Email']),
        undefined,
        undefined,
      ),
    ).toMatchObject({ kind: 'permanent', message: 'refused (Email)', operation: 'create' });
  });

  it('fails a plan whose merged fields WordPress refused, after Salesforce took the write', () => {
    const failure = writeFailure(
      planned(object, link()),
      saved,
      { ok: false, code: 'rest_invalid_param', kind: 'permanent', message: 'bad', attempted: {} },
      '003A',
    );
    expect(failure).toMatchObject({
      code: 'rest_invalid_param',
      salesforceId: '003A',
      message: 'Salesforce updated, but writing the merged fields to WordPress failed: bad',
    });
  });

  it('is no failure when both sides took the write', () => {
    expect(
      writeFailure(planned(object, link()), saved, { ok: true, object: undefined }, '003A'),
    ).toBeUndefined();
    expect(noRecordId(planned(object), undefined)).toMatchObject({
      code: 'NO_RECORD_ID',
      kind: 'transient',
    });
  });
});

describe('writeSuccess', () => {
  it('names the fields updated and what WordPress got', () => {
    const plan = { ...planned(object, link()), values: { Email: 'ada@example.com' } };
    plan.toWordPress = new Set(['LastName']);
    expect(
      writeSuccess(mapping, plan, saved, { ok: true, object: undefined }, '003A'),
    ).toMatchObject({
      status: 'Success',
      operation: 'update',
      changedFields: ['Email'],
      message: 'Updated Contact 003A (Email); WordPress got LastName from Salesforce',
    });
  });

  it('says so when WordPress changed meanwhile and refused the merged fields', () => {
    const plan = { ...planned(object, link()), values: {} };
    plan.toWordPress = new Set(['LastName']);
    const outcome = writeSuccess(
      mapping,
      plan,
      saved,
      { ok: true, object: undefined, stale: true },
      '003A',
    );
    expect(outcome.message).toContain('WordPress changed meanwhile, so it did not get LastName');
  });

  it('is skipped, not a success, when WordPress stored a value differently', () => {
    const plan = { ...planned(object, link()), values: {} };
    plan.toWordPress = new Set(['LastName']);
    const outcome = writeSuccess(
      mapping,
      plan,
      saved,
      { ok: true, object: user({ last_name: '' }), sent: { last_name: '<b></b>King' } },
      '003A',
    );
    expect(outcome.status).toBe('Skipped');
  });
});
