import { describe, expect, it } from 'vitest';
import {
  describeConflicts,
  planFirstContact,
  planMerge,
  type ConflictPolicy,
} from '../../src/mapping/index.js';
import type { SyncState } from '../../src/mapping/agreed-values.js';
import { contactToUser } from './fixtures.js';

const agreed: SyncState = {
  salesforce: {
    Email: 'ada@example.test',
    FirstName: 'Ada',
    LastName: 'Lovelace',
    Description: 'x',
  },
  wordpress: { Email: 'ada@example.test', FirstName: 'Ada', LastName: 'Lovelace' },
};
const earlier = new Date('2026-11-22T10:00:00Z');
const later = new Date('2026-11-22T10:00:05Z');

function mapping(policy: ConflictPolicy) {
  return { ...contactToUser, conflictPolicy: policy };
}

describe('planMerge', () => {
  it('merges edits of different fields: each goes to the other side', () => {
    const plan = planMerge(
      mapping('SalesforceWins'),
      agreed,
      { values: { ...agreed.salesforce, FirstName: 'Augusta' }, changedAt: later },
      { values: { ...agreed.wordpress, LastName: 'King' }, changedAt: earlier },
    );
    expect([...plan.toWordPress]).toEqual(['FirstName']);
    expect([...plan.toSalesforce]).toEqual(['LastName']);
    expect(plan.conflicts).toEqual([]);
  });

  it.each([
    ['SalesforceWins', later, earlier, 'salesforce'],
    ['SalesforceWins', earlier, later, 'salesforce'],
    ['WordPressWins', later, earlier, 'wordpress'],
    ['NewestWins', earlier, later, 'wordpress'],
    ['NewestWins', later, earlier, 'salesforce'],
    ['NewestWins', later, later, 'salesforce'],
  ] as const)(
    '%s with Salesforce at %s and WordPress at %s: %s wins',
    (policy, sfAt, wpAt, winner) => {
      const plan = planMerge(
        mapping(policy),
        agreed,
        { values: { ...agreed.salesforce, LastName: 'FromSalesforce' }, changedAt: sfAt },
        { values: { ...agreed.wordpress, LastName: 'FromWordPress' }, changedAt: wpAt },
      );
      expect(plan.conflicts).toEqual([
        {
          field: 'LastName',
          salesforceValue: 'FromSalesforce',
          wordpressValue: 'FromWordPress',
          policy,
          winner,
        },
      ]);
      expect([...plan.toWordPress]).toEqual(winner === 'salesforce' ? ['LastName'] : []);
      expect([...plan.toSalesforce]).toEqual(winner === 'wordpress' ? ['LastName'] : []);
      expect(describeConflicts(plan.conflicts)).toContain(
        '"FromSalesforce" vs WordPress "FromWordPress"',
      );
    },
  );

  it('is no conflict when both made the same change (after the transform)', () => {
    const plan = planMerge(
      mapping('WordPressWins'),
      agreed,
      { values: { ...agreed.salesforce, Email: 'New@Example.test' }, changedAt: later },
      { values: { ...agreed.wordpress, Email: 'new@example.test' }, changedAt: earlier },
    );
    expect(plan.conflicts).toEqual([]);
    expect(plan.toSalesforce.size + plan.toWordPress.size).toBe(0);
  });

  it('only looks at the candidates an event names, and at directions fields flow in', () => {
    const plan = planMerge(
      mapping('SalesforceWins'),
      agreed,
      {
        values: { ...agreed.salesforce, FirstName: 'Stale', Description: 'new bio' },
        changedAt: later,
        candidates: new Set(['Description']),
      },
      // Description flows Salesforce → WordPress only: WordPress's value never counts.
      { values: { ...agreed.wordpress, Description: 'edited in WordPress' }, changedAt: later },
    );
    expect([...plan.toWordPress]).toEqual(['Description']);
    expect(plan.toSalesforce.size).toBe(0);
  });

  it('treats blank and null as the same value', () => {
    const plan = planMerge(
      mapping('SalesforceWins'),
      { ...agreed, wordpress: { ...agreed.wordpress, FirstName: null } },
      { values: agreed.salesforce, changedAt: later },
      { values: { ...agreed.wordpress, FirstName: '' }, changedAt: later },
    );
    expect(plan.changedInWordPress.size).toBe(0);
  });
});

describe('planFirstContact', () => {
  const salesforce = { Email: 'ada@example.test', FirstName: 'Ada', LastName: 'Lovelace' };

  it('lets the side changed most recently keep the fields that differ, whatever the policy', () => {
    const plan = planFirstContact(
      mapping('SalesforceWins'),
      { values: salesforce, changedAt: earlier },
      { values: { ...salesforce, FirstName: 'Augusta' }, changedAt: later },
    );
    expect([...plan.toSalesforce]).toEqual(['FirstName']);
    expect([...plan.toWordPress]).toEqual([]);
    expect(plan.conflicts.map((conflict) => [conflict.field, conflict.winner])).toEqual([
      ['FirstName', 'wordpress'],
    ]);
  });

  it('gives Salesforce the fields when WordPress has no change time (never edited by a person)', () => {
    const plan = planFirstContact(
      mapping('WordPressWins'),
      { values: { ...salesforce, LastName: 'King' }, changedAt: earlier },
      { values: salesforce, changedAt: undefined },
    );
    expect([...plan.toWordPress]).toEqual(['LastName']);
    expect([...plan.toSalesforce]).toEqual([]);
  });

  it('needs nothing where both sides already hold the same values', () => {
    const plan = planFirstContact(
      mapping('NewestWins'),
      { values: salesforce, changedAt: later },
      { values: { ...salesforce }, changedAt: earlier },
    );
    expect(plan.toWordPress.size + plan.toSalesforce.size).toBe(0);
    expect(plan.conflicts).toEqual([]);
  });
});

describe('planMerge after a crash between a write and its record (pending write)', () => {
  const pendingToSalesforce: SyncState = {
    ...agreed,
    pending: {
      target: 'salesforce',
      salesforce: { FirstName: 'Augusta' },
      wordpress: { FirstName: 'Augusta' },
    },
  };

  it('counts a landed write as agreed, so a later WordPress edit is not overruled', () => {
    const plan = planMerge(
      mapping('SalesforceWins'),
      pendingToSalesforce,
      { values: { ...agreed.salesforce, FirstName: 'Augusta' }, changedAt: later },
      { values: { ...agreed.wordpress, FirstName: 'Augusta Ada' }, changedAt: earlier },
    );
    expect([...plan.toSalesforce]).toEqual(['FirstName']);
    expect([...plan.toWordPress]).toEqual([]);
    expect(plan.conflicts).toEqual([]);
  });

  it('ignores a write that did not land', () => {
    const plan = planMerge(
      mapping('SalesforceWins'),
      pendingToSalesforce,
      { values: agreed.salesforce, changedAt: later },
      { values: { ...agreed.wordpress, FirstName: 'Augusta Ada' }, changedAt: earlier },
    );
    expect([...plan.toSalesforce]).toEqual(['FirstName']);
    expect(plan.changedInSalesforce.size).toBe(0);
  });
});
