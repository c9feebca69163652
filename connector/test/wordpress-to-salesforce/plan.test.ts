import { describe, expect, it } from 'vitest';
import type { SyncState } from '../../src/store/state-store.js';
import {
  changedSinceAgreed,
  firstContact,
  mergeWithAgreed,
  planRecord,
  writesToSalesforce,
} from '../../src/wordpress-to-salesforce/plan.js';
import { item, link, mapping, planned, user } from './contact-mapping.js';

describe('planRecord', () => {
  it('plans every inbound field, transformed, with nothing yet for WordPress', () => {
    const plan = planned(user({ last_name: 'Lovelace', email: 'Ada@Example.COM' }));
    expect(plan.values).toEqual({ LastName: 'Lovelace', Email: 'ada@example.com' });
    expect(plan.wordpressValues).toEqual(plan.values);
    expect(plan.updateId).toBeUndefined();
    expect(plan.toWordPress.size).toBe(0);
    expect(plan.salesforceRow).toBeUndefined();
  });

  it('updates by Id a linked record that may lack the external id, by upsert one that has it', () => {
    const object = user({ last_name: 'Lovelace' });
    expect(planned(object, link({ salesforceHasWordPressId: false })).updateId).toBe(
      '003000000000001AAA',
    );
    expect(planned(object, link()).updateId).toBeUndefined();
  });

  it('fails a record missing a required value, naming what was attempted', () => {
    const result = planRecord(mapping, item, user({ last_name: '' }), undefined);
    expect(result).toMatchObject({
      failure: {
        status: 'Failed',
        code: 'REQUIRED_FIELD_MISSING',
        kind: 'permanent',
        operation: 'create',
        salesforceId: undefined,
        attempted: { type: 'user', id: 7, operation: 'update' },
      },
    });
  });

  it('leaves out a required value WordPress sanitised away when it was agreed blank already', () => {
    const agreedBlank = link({ syncState: { salesforce: {}, wordpress: { LastName: null } } });
    const plan = planned(user({ last_name: '', email: 'ada@example.com' }), agreedBlank);
    expect(plan.values).toEqual({ Email: 'ada@example.com' });
  });

  it('still fails a required value blanked since an agreed non-blank one', () => {
    const agreed = link({ syncState: { salesforce: {}, wordpress: { LastName: 'Lovelace' } } });
    const result = planRecord(mapping, item, user({ last_name: '' }), agreed);
    expect(result).toMatchObject({
      failure: { code: 'REQUIRED_FIELD_MISSING', operation: 'update' },
    });
  });
});

describe('firstContact', () => {
  const object = user({ last_name: 'Lovelace', email: 'ada@example.com' });

  it('gives Salesforce the fields WordPress changed more recently', () => {
    const row = {
      Id: '003A',
      LastName: 'Byron',
      Email: 'ada@example.com',
      SystemModstamp: '2026-02-01T00:00:00.000+0000',
    };
    const decision = firstContact(mapping, planned(object), row);
    expect(decision.values).toEqual({ LastName: 'Lovelace' });
    expect(decision.toWordPress.size).toBe(0);
    expect(decision.salesforceRow).toBe(row);
    expect(decision.conflicts).toMatchObject([{ field: 'LastName', winner: 'wordpress' }]);
  });

  it('gives WordPress the fields Salesforce changed more recently, whatever the policy', () => {
    const row = {
      Id: '003A',
      LastName: 'Byron',
      Email: 'ada@example.com',
      SystemModstamp: '2026-04-01T00:00:00.000+0000',
    };
    const decision = firstContact(mapping, planned(object), row);
    expect(decision.values).toEqual({});
    expect([...decision.toWordPress]).toEqual(['LastName']);
    expect(decision.conflicts).toMatchObject([{ field: 'LastName', winner: 'salesforce' }]);
  });
});

describe('mergeWithAgreed', () => {
  const agreed: SyncState = {
    salesforce: { LastName: 'Lovelace', Email: 'ada@example.com', Title: null },
    wordpress: { LastName: 'Lovelace', Email: 'ada@example.com' },
  };

  it('merges disjoint edits: WordPress email to Salesforce, Salesforce name to WordPress', () => {
    const plan = planned(
      user({ last_name: 'Lovelace', email: 'ada@new.example' }),
      link({ syncState: agreed }),
    );
    const row = { Id: '003A', LastName: 'King', Email: 'ada@example.com', Title: null };
    const decision = mergeWithAgreed(mapping, plan, agreed, row);
    expect(decision.values).toEqual({ Email: 'ada@new.example' });
    expect([...decision.toWordPress]).toEqual(['LastName']);
    expect(decision.conflicts).toEqual([]);
    expect(decision.unchanged).toBe(false);
  });

  it('resolves a field both changed by the mapping policy', () => {
    const plan = planned(
      user({ last_name: 'Byron', email: 'ada@example.com' }),
      link({ syncState: agreed }),
    );
    const row = { Id: '003A', LastName: 'King', Email: 'ada@example.com', Title: null };
    const decision = mergeWithAgreed(mapping, plan, agreed, row);
    expect(decision.values).toEqual({});
    expect([...decision.toWordPress]).toEqual(['LastName']);
    expect(decision.conflicts).toMatchObject([
      { field: 'LastName', policy: 'SalesforceWins', winner: 'salesforce' },
    ]);
  });

  it("judges NewestWins by the object's own stamp when it was edited again after the feed row", () => {
    const newest = { ...mapping, conflictPolicy: 'NewestWins' as const };
    // The row is from 12:00, Salesforce changed at 12:05, the person edited again at 12:10.
    const object = user({
      last_name: 'Byron',
      email: 'ada@example.com',
      sfwp_modified_gmt: '2026-03-01T12:10:00',
    });
    const row = {
      Id: '003A',
      LastName: 'King',
      Email: 'ada@example.com',
      Title: null,
      SystemModstamp: '2026-03-01T12:05:00.000+0000',
    };
    const edited = mergeWithAgreed(
      newest,
      planned(object, link({ syncState: agreed })),
      agreed,
      row,
    );
    expect(edited.conflicts).toMatchObject([{ field: 'LastName', winner: 'wordpress' }]);
    expect(edited.values).toEqual({ LastName: 'Byron' });

    // Stamped before Salesforce's change: Salesforce's newer value wins.
    const older = user({
      last_name: 'Byron',
      email: 'ada@example.com',
      sfwp_modified_gmt: '2026-03-01T11:59:00',
    });
    const kept = mergeWithAgreed(newest, planned(older, link({ syncState: agreed })), agreed, row);
    expect(kept.conflicts).toMatchObject([{ field: 'LastName', winner: 'salesforce' }]);
  });

  it('is unchanged when neither side has anything for the other', () => {
    const plan = planned(
      user({ last_name: 'Lovelace', email: 'ada@example.com' }),
      link({ syncState: agreed }),
    );
    const row = { Id: '003A', LastName: 'Lovelace', Email: 'ada@example.com', Title: null };
    expect(mergeWithAgreed(mapping, plan, agreed, row)).toMatchObject({
      values: {},
      unchanged: true,
    });
  });
});

describe('changedSinceAgreed', () => {
  it('names only inbound fields whose WordPress value differs from the agreed one', () => {
    const state: SyncState = {
      salesforce: {},
      wordpress: { LastName: 'Lovelace', Email: 'a@b.c', Title: 'x' },
    };
    expect(
      changedSinceAgreed(mapping, { LastName: 'Lovelace', Email: 'z@b.c', Title: 'y' }, state),
    ).toEqual(['Email']);
    expect(changedSinceAgreed(mapping, { LastName: 'Lovelace' }, state)).toEqual([]);
  });
});

describe('writesToSalesforce', () => {
  const object = user({ last_name: 'Lovelace' });

  it('writes a new record, a record to give the external id, or changed values', () => {
    expect(writesToSalesforce(planned(object))).toBe(true);
    expect(
      writesToSalesforce({
        ...planned(object, link({ salesforceHasWordPressId: false })),
        values: {},
      }),
    ).toBe(true);
    expect(writesToSalesforce({ ...planned(object, link()), values: { LastName: 'X' } })).toBe(
      true,
    );
  });

  it('skips a linked record with nothing to send', () => {
    expect(writesToSalesforce({ ...planned(object, link()), values: {} })).toBe(false);
  });
});
