import { describe, expect, it } from 'vitest';
import type { SyncState } from '../../src/mapping/agreed-values.js';
import { contentHash } from '../../src/mapping/content-hash.js';
import type { MergePlan } from '../../src/mapping/merge.js';
import type { ObjectMapping } from '../../src/mapping/types.js';
import type { IdLink } from '../../src/store/state-store.js';
import type { WordPressObject } from '../../src/wordpress/types.js';
import type { SyncEvent } from '../../src/salesforce-to-wordpress/event.js';
import {
  mergesWithWordPress,
  planAgainstWordPress,
  planPayload,
  type MergeDecision,
} from '../../src/salesforce-to-wordpress/plan.js';
import { mappingWith, RECORD, USER } from '../support/apply-mappings.js';

const MODSTAMP = new Date('2026-01-01T10:00:00.000Z');
const NOW = new Date('2026-01-01T10:05:00.000Z').getTime();

function event(overrides: Partial<SyncEvent> = {}): SyncEvent {
  return {
    mapping: 'Contact_User',
    object: 'Contact',
    recordId: RECORD,
    operation: 'UPDATE',
    changedFields: [],
    payload: { LastName: 'Lovelace', FirstName: 'Ada' },
    wordpressId: USER,
    modstamp: MODSTAMP,
    ...overrides,
  };
}

/** The WordPress user as read, changed at `changedAt` (the companion plugin's stamp). */
function current(fields: Record<string, unknown>, changedAt = '2026-01-01T09:00:00.000') {
  return {
    id: USER,
    name: '',
    url: '',
    description: '',
    slug: '',
    meta: {},
    sfwp_modified_gmt: changedAt,
    ...fields,
  } as WordPressObject;
}

const agreed: SyncState = {
  salesforce: { LastName: 'Agreed', FirstName: 'Ada' },
  wordpress: { LastName: 'Agreed', FirstName: 'Ada' },
  salesforceSeenAt: '2026-01-01T08:00:00.000Z',
};

function kept(decision: MergeDecision): MergeDecision & { write: false } {
  if (decision.write) throw new Error('expected WordPress to keep its values');
  return decision;
}

describe('mergesWithWordPress', () => {
  const mapping = mappingWith();

  it('merges a linked or matched record when fields flow from WordPress', () => {
    expect(mergesWithWordPress(mapping, event(), agreed)).toBe(true);
    expect(mergesWithWordPress(mapping, event(), undefined)).toBe(true);
  });

  it('does not merge a forced write', () => {
    expect(mergesWithWordPress(mapping, event({ forceWrite: true }), agreed)).toBe(false);
  });

  it('does not merge a backfill meeting an object first, but does once values are agreed', () => {
    expect(mergesWithWordPress(mapping, event({ backfill: true }), undefined)).toBe(false);
    expect(mergesWithWordPress(mapping, event({ backfill: true }), agreed)).toBe(true);
  });

  it('does not merge when no field flows from WordPress', () => {
    const oneWay = mappingWith('SalesforceWins', 'SalesforceToWordPress');
    expect(mergesWithWordPress(oneWay, event(), agreed)).toBe(false);
    expect(mergesWithWordPress(oneWay, event(), undefined)).toBe(false);
  });
});

describe('planAgainstWordPress with agreed values (three-way)', () => {
  const plan = (
    change: SyncEvent,
    wordpress: WordPressObject,
    mapping: ObjectMapping = mappingWith(),
  ) =>
    planAgainstWordPress({
      mapping,
      event: change,
      agreed,
      current: wordpress,
      wordpressId: USER,
      now: NOW,
    });

  it("writes the field Salesforce changed, at the version it read, and not WordPress's edit", () => {
    const decision = plan(
      event({ payload: { LastName: 'Lovelace', FirstName: 'Ada' } }),
      current({ last_name: 'Agreed', first_name: 'Augusta', sfwp_version: 3 }),
    );
    expect(decision.write).toBe(true);
    expect([...decision.merge.toWordPress]).toEqual(['LastName']);
    expect([...decision.merge.toSalesforce]).toEqual(['FirstName']);
    expect(decision.write && decision.version).toBe(3);
  });

  it('has no version to write at without the companion plugin', () => {
    const decision = plan(event(), current({ last_name: 'Agreed', first_name: 'Ada' }));
    expect(decision).toMatchObject({ write: true, version: undefined });
  });

  it("considers only the event's changed fields when it names them", () => {
    const decision = plan(
      event({
        payload: { LastName: 'Lovelace', FirstName: 'Augusta' },
        changedFields: ['FirstName'],
      }),
      current({ last_name: 'Agreed', first_name: 'Ada' }),
    );
    expect([...decision.merge.toWordPress]).toEqual(['FirstName']);
  });

  it("keeps WordPress's values and remembers Salesforce's when WordPress already has them", () => {
    const decision = kept(
      plan(
        event(),
        current({ last_name: 'Lovelace', first_name: 'Ada' }, '2026-01-01T10:00:01.000'),
      ),
    );
    expect(decision.message).toBe('WordPress already has these values');
    expect(decision.agreed).toEqual({
      salesforce: { LastName: 'Lovelace', FirstName: 'Ada' },
      wordpress: agreed.wordpress,
      // A millisecond before the event's stamp: a later change of the same second still counts.
      salesforceSeenAt: '2026-01-01T09:59:59.999Z',
    });
  });

  it('keeps a newer WordPress edit under NewestWins and names the conflict', () => {
    const decision = kept(
      plan(
        event(),
        current({ last_name: 'Person', first_name: 'Ada' }, '2026-01-01T10:00:01.000'),
        mappingWith('NewestWins'),
      ),
    );
    expect(decision.message).toMatch(/^WordPress keeps its values; conflicts: LastName: /);
    expect(decision.merge.conflicts).toEqual([
      expect.objectContaining({ field: 'LastName', winner: 'wordpress' }),
    ]);
    expect(decision.agreed.salesforce.LastName).toBe('Lovelace');
  });

  it('writes over the same WordPress edit under SalesforceWins, with the conflict', () => {
    const decision = plan(
      event(),
      current({ last_name: 'Person', first_name: 'Ada' }, '2026-01-01T10:00:01.000'),
    );
    expect(decision.write).toBe(true);
    expect(decision.merge.conflicts).toEqual([
      expect.objectContaining({ field: 'LastName', winner: 'salesforce' }),
    ]);
  });

  it('does not remember a Modstamp far ahead of the clock', () => {
    const decision = kept(
      plan(
        event({ modstamp: new Date('2099-01-01T00:00:00.000Z') }),
        current({ last_name: 'Lovelace', first_name: 'Ada' }),
      ),
    );
    expect(decision.agreed.salesforceSeenAt).toBe(agreed.salesforceSeenAt);
  });
});

describe('planAgainstWordPress at a first contact (no agreed values)', () => {
  const plan = (wordpress: WordPressObject, change = event()) =>
    planAgainstWordPress({
      mapping: mappingWith(),
      event: change,
      agreed: undefined,
      current: wordpress,
      wordpressId: USER,
      now: NOW,
    });

  it('links an object that already has the values without writing', () => {
    const decision = kept(plan(current({ last_name: 'Lovelace', first_name: 'Ada' })));
    expect(decision.message).toBe(
      'Linked to the existing WordPress user 7, which already has these values',
    );
    expect(decision.merge.conflicts).toEqual([]);
  });

  it('lets a WordPress edit newer than the event win whatever the policy', () => {
    const decision = kept(
      plan(current({ last_name: 'Person', first_name: 'Ada' }, '2026-01-01T10:00:01.000')),
    );
    expect(decision.message).toMatch(
      /^Linked to the existing WordPress user 7, which keeps its newer values; conflicts: LastName/,
    );
    // Recorded as agreed on Salesforce's value, so the change feed carries WordPress's on.
    expect(decision.agreed).toEqual({
      salesforce: { LastName: 'Lovelace', FirstName: 'Ada' },
      wordpress: { LastName: 'Lovelace', FirstName: 'Ada' },
      salesforceSeenAt: '2026-01-01T09:59:59.999Z',
    });
  });

  it('writes an older WordPress value over', () => {
    const decision = plan(current({ last_name: 'Old', first_name: 'Ada', sfwp_version: 2 }));
    expect(decision).toMatchObject({ write: true, version: 2 });
    expect([...decision.merge.toWordPress]).toEqual(['LastName']);
  });
});

describe('planPayload', () => {
  const mapping = mappingWith();
  const link = (wordpressHash: string | undefined): IdLink => ({
    mapping: mapping.name,
    salesforceId: RECORD,
    wordpressId: USER,
    salesforceHash: undefined,
    wordpressHash,
    updatedAt: '2026-01-01T00:00:00.000Z',
    salesforceHasWordPressId: true,
    syncState: undefined,
  });
  const mergeSending = (...fields: string[]): MergePlan => ({
    toWordPress: new Set(fields),
    toSalesforce: new Set(),
    conflicts: [],
    changedInSalesforce: new Set(fields),
    changedInWordPress: new Set(),
  });
  const allFields = { last_name: 'Lovelace', first_name: 'Ada' };

  it('maps every outbound field, with the fingerprint of what is sent', () => {
    expect(planPayload(mapping, event(), undefined, undefined)).toEqual({
      kind: 'write',
      fields: allFields,
      fingerprint: contentHash(allFields),
    });
  });

  it("sends only the merge's fields after a merge", () => {
    const planned = planPayload(mapping, event(), mergeSending('FirstName'), undefined);
    expect(planned).toMatchObject({ kind: 'write', fields: { first_name: 'Ada' } });
  });

  it('refuses a blank required field as invalid', () => {
    const planned = planPayload(
      mapping,
      event({ payload: { LastName: '', FirstName: 'Ada' } }),
      undefined,
      undefined,
    );
    expect(planned).toMatchObject({ kind: 'invalid', code: 'REQUIRED_FIELD_MISSING' });
    expect(planned.kind === 'invalid' && planned.message).toContain('Contact.LastName');
  });

  it('skips the same fields the last write sent (an echo), unless forced or merged', () => {
    const same = link(contentHash(allFields));
    expect(planPayload(mapping, event(), undefined, same)).toEqual({
      kind: 'unchanged',
      message: 'WordPress already has these values',
    });
    expect(planPayload(mapping, event({ forceWrite: true }), undefined, same).kind).toBe('write');
    expect(planPayload(mapping, event(), mergeSending('LastName', 'FirstName'), same).kind).toBe(
      'write',
    );
    expect(planPayload(mapping, event(), undefined, link('other')).kind).toBe('write');
  });
});
