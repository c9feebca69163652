import { describe, expect, it } from 'vitest';
import { planLeg, sourceIsNewer, targetOf } from '../../src/salesforce-to-salesforce/plan.js';
import { INTEGRATION_B, leg, orgEvent, orgMapping, PERSON_B } from './support.js';

const TARGET = {
  Id: '001B00000000009AAA',
  WP_Source_Record_Id__c: '001A00000000001AAA',
  Name: 'Old',
  Phone: '1',
  LastModifiedById: PERSON_B,
  LastModifiedDate: '2026-12-01T09:00:00.000+0000',
};

describe('planLeg', () => {
  it('upserts a one-way record by its source id with the mapped fields only, reading nothing', () => {
    const oneWay = leg({ mapping: orgMapping({ direction: 'SalesforceToWordPress' }) });
    const plan = planLeg(
      oneWay,
      orgEvent({
        payload: { Name: 'Acme', Phone: '1', Other: 'x' },
        sourceRef: '001B00000000009AAA',
      }),
      undefined,
    );
    expect(plan).toEqual({
      kind: 'upsert',
      record: { Name: 'Acme', Phone: '1', WP_Source_Record_Id__c: '001A00000000001AAA' },
    });
  });

  it("updates the target org's own record by Id when the record came from it", () => {
    const event = orgEvent({ sourceRef: TARGET.Id });
    const plan = planLeg(leg(), event, targetOf(leg(), event, [TARGET]));
    expect(plan).toEqual({ kind: 'update', record: { Name: 'Acme', Phone: '1', Id: TARGET.Id } });
  });

  it('keeps the target when a person there changed it later than the source changed (conflict)', () => {
    const event = orgEvent({ modstamp: new Date('2026-12-01T08:59:59.000Z') });
    const plan = planLeg(leg(), event, targetOf(leg(), event, [TARGET]));
    expect(plan).toMatchObject({
      kind: 'skip',
      quiet: false,
      conflicts: [
        { field: 'Name', salesforceValue: 'Acme', wordpressValue: 'Old', policy: 'NewestWins' },
      ],
    });
  });

  it('writes when the source changed later, or when only the sync last wrote the target', () => {
    expect(planLeg(leg(), orgEvent(), TARGET).kind).toBe('upsert');
    const older = orgEvent({ modstamp: new Date('2026-12-01T08:00:00.000Z') });
    expect(planLeg(leg(), older, { ...TARGET, LastModifiedById: INTEGRATION_B }).kind).toBe(
      'upsert',
    );
  });

  it('skips quietly when the target already holds the values', () => {
    expect(
      planLeg(leg(), orgEvent({ payload: { Name: 'Old', Phone: '1' } }), TARGET),
    ).toMatchObject({ kind: 'skip', quiet: true, conflicts: [] });
  });

  it('does not recreate a record whose original the target org deleted', () => {
    expect(planLeg(leg(), orgEvent({ sourceRef: '001B0000000000XAAA' }), undefined).kind).toBe(
      'skip',
    );
  });

  it('deletes the target found, skips when there is none, and honours Ignore', () => {
    const deletion = orgEvent({ operation: 'DELETE' });
    expect(planLeg(leg(), deletion, TARGET)).toEqual({ kind: 'delete', targetId: TARGET.Id });
    expect(planLeg(leg(), deletion, undefined).kind).toBe('skip');
    const ignoring = leg({ mapping: orgMapping({ deletePolicy: 'Ignore' }) });
    expect(planLeg(ignoring, deletion, TARGET).kind).toBe('skip');
  });
});

describe('sourceIsNewer', () => {
  it('breaks a tie by org name, so both legs of a pair agree', () => {
    const at = new Date('2026-12-01T10:00:00.000Z');
    expect(sourceIsNewer(leg(), at, at)).toBe(true);
    expect(sourceIsNewer(leg({ sourceOrg: 'B', targetOrg: 'A' }), at, at)).toBe(false);
  });
});
