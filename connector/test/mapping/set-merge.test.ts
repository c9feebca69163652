import { describe, expect, it } from 'vitest';
import {
  mapToSalesforce,
  mapToWordPress,
  planFirstContact,
  planMerge,
  type FieldMapping,
  type ObjectMapping,
} from '../../src/mapping/index.js';
import { agreeOnSalesforceSets } from '../../src/mapping/set-agreement.js';
import { mergeSets } from '../../src/mapping/set-merge.js';
import { elementsOf, sameSet } from '../../src/mapping/set-values.js';
import type { WordPressUser } from '../../src/wordpress/types.js';

const tags: FieldMapping = {
  name: 'Member_Level_Tags',
  salesforceField: 'WP_Member_Level__c',
  wordpressField: 'meta.sfwp_tags',
  direction: 'Bidirectional',
  transform: 'None',
  required: false,
  set: { source: 'MultiSelectPicklist', allowedRoles: [], allowPrivilegedRoles: false },
};

const memberLevel: ObjectMapping = {
  name: 'Member_Level',
  salesforceObject: 'Contact',
  wordpressType: 'user',
  direction: 'Bidirectional',
  active: true,
  externalIdField: 'WP_Id__c',
  conflictPolicy: 'SalesforceWins',
  deletePolicy: 'Ignore',
  fields: [tags],
};

const F = 'WP_Member_Level__c';
const at = (iso: string) => new Date(iso);

function user(meta: Record<string, unknown>, roles: string[] = ['subscriber']): WordPressUser {
  return { id: 7, meta, roles } as unknown as WordPressUser;
}

describe('set elements', () => {
  it('reads "A;B" and lists alike: trimmed, once each, order-insensitive', () => {
    expect(elementsOf(' Gold ;Silver;;Gold')).toEqual(['Gold', 'Silver']);
    expect(elementsOf(['Silver', ' Gold', '', 'Gold'])).toEqual(['Gold', 'Silver']);
    expect(elementsOf(null)).toEqual([]);
    expect(elementsOf('')).toEqual([]);
    expect(sameSet('Silver;Gold', ['Gold', 'Silver'])).toBe(true);
    expect(sameSet('Gold', ['Gold', 'Silver'])).toBe(false);
  });

  it('keeps unicode elements as written', () => {
    expect(elementsOf('Müller;会员;🎟 VIP')).toEqual(['Müller', '🎟 VIP', '会员'].sort());
  });
});

describe('mergeSets', () => {
  const winner = () => 'salesforce' as const;

  it('keeps concurrent additions of both sides', () => {
    const result = mergeSets({
      agreedSalesforce: 'Bronze',
      agreedWordPress: 'Bronze',
      salesforce: 'Bronze;Gold',
      wordpress: ['Bronze', 'Silver'],
      winner,
    });
    expect(result.merged).toEqual({
      salesforce: ['Bronze', 'Gold', 'Silver'],
      wordpress: ['Bronze', 'Gold', 'Silver'],
    });
    expect(result.conflicts).toEqual([]);
  });

  it('removes only the element one side removed, keeping the other side’s addition', () => {
    const result = mergeSets({
      agreedSalesforce: 'Bronze;Gold',
      agreedWordPress: 'Bronze;Gold',
      salesforce: 'Bronze;Gold;Platinum',
      wordpress: ['Bronze'],
      winner,
    });
    expect(result.merged.wordpress).toEqual(['Bronze', 'Platinum']);
    expect(result.merged.salesforce).toEqual(['Bronze', 'Platinum']);
  });

  it('resolves an element added on one side and removed on the other by the policy’s winner', () => {
    // The agreed sets differ (Gold was agreed in WordPress only): Salesforce adds it, WordPress removes it.
    const input = {
      agreedSalesforce: null,
      agreedWordPress: ['Gold'],
      salesforce: 'Gold',
      wordpress: [] as string[],
    };
    const salesforceWins = mergeSets({ ...input, winner: () => 'salesforce' });
    expect(salesforceWins.conflicts).toEqual([
      { element: 'Gold', salesforceHasIt: true, wordpressHasIt: false },
    ]);
    expect(salesforceWins.merged.wordpress).toEqual(['Gold']);
    const wordpressWins = mergeSets({ ...input, winner: () => 'wordpress' });
    expect(wordpressWins.merged).toEqual({ salesforce: [], wordpress: [] });
  });

  it('leaves an element neither side changed as each holds it', () => {
    const result = mergeSets({
      agreedSalesforce: 'administrator;member',
      agreedWordPress: ['member'],
      salesforce: 'administrator;member;gold',
      wordpress: ['member'],
      winner,
    });
    expect(result.merged).toEqual({
      salesforce: ['administrator', 'gold', 'member'],
      wordpress: ['gold', 'member'],
    });
  });
});

describe('planMerge with a set field', () => {
  it('sends each side the merged set where it differs, with no conflict for disjoint edits', () => {
    const plan = planMerge(
      memberLevel,
      { salesforce: { [F]: 'Bronze' }, wordpress: { [F]: 'Bronze' } },
      { values: { [F]: 'Gold;Bronze' }, changedAt: at('2026-01-01T00:00:01Z') },
      { values: { [F]: 'Bronze;Silver' }, changedAt: at('2026-01-01T00:00:02Z') },
    );
    expect([...plan.toWordPress]).toEqual([F]);
    expect([...plan.toSalesforce]).toEqual([F]);
    expect(plan.conflicts).toEqual([]);
    expect(plan.sets?.get(F)?.wordpress).toEqual(['Bronze', 'Gold', 'Silver']);
  });

  it('sends nothing when the sets differ only in order', () => {
    const plan = planMerge(
      memberLevel,
      { salesforce: { [F]: 'Gold;Bronze' }, wordpress: { [F]: 'Bronze;Gold' } },
      { values: { [F]: 'Bronze;Gold' }, changedAt: undefined },
      { values: { [F]: 'Gold;Bronze' }, changedAt: undefined },
    );
    expect(plan.toWordPress.size + plan.toSalesforce.size).toBe(0);
    expect(plan.sets?.size ?? 0).toBe(0);
  });

  it('reports a conflicting element with both sides and the policy', () => {
    const plan = planMerge(
      { ...memberLevel, conflictPolicy: 'WordPressWins' },
      { salesforce: {}, wordpress: { [F]: 'Gold' } },
      { values: { [F]: 'Gold' }, changedAt: undefined },
      { values: { [F]: null }, changedAt: undefined },
    );
    expect(plan.conflicts).toEqual([
      {
        field: F,
        salesforceValue: 'has Gold',
        wordpressValue: 'has no Gold',
        policy: 'WordPressWins',
        winner: 'wordpress',
      },
    ]);
    expect([...plan.toSalesforce]).toEqual([F]);
    expect(plan.sets?.get(F)?.salesforce).toEqual([]);
  });

  it('joins both sets at a first contact', () => {
    const plan = planFirstContact(
      memberLevel,
      { values: { [F]: 'Gold' }, changedAt: undefined },
      { values: { [F]: 'Silver' }, changedAt: undefined },
    );
    expect(plan.sets?.get(F)).toEqual({
      salesforce: ['Gold', 'Silver'],
      wordpress: ['Gold', 'Silver'],
    });
    expect(plan.conflicts).toEqual([]);
  });
});

describe('mapping a set field', () => {
  it('sends WordPress a list for "A;B"', () => {
    expect(mapToWordPress(memberLevel, { [F]: 'Silver;Gold' }).fields).toEqual({
      meta: { sfwp_tags: ['Gold', 'Silver'] },
    });
    expect(mapToWordPress(memberLevel, { [F]: null }).fields).toEqual({ meta: { sfwp_tags: [] } });
  });

  it('reads a WordPress list as "A;B", sorted', () => {
    expect(mapToSalesforce(memberLevel, user({ sfwp_tags: ['Silver', 'Gold '] })).values).toEqual({
      [F]: 'Gold;Silver',
    });
    expect(mapToSalesforce(memberLevel, user({ sfwp_tags: [] })).values).toEqual({ [F]: null });
  });

  it('refuses an element with ";" for a multi-select picklist, naming it', () => {
    const mapped = mapToSalesforce(memberLevel, user({ sfwp_tags: ['Gold', 'a;b'] }));
    expect(mapped.values).toEqual({});
    expect(mapped.problems).toEqual([
      {
        field: F,
        code: 'INVALID_VALUE',
        message:
          'user 7 meta.sfwp_tags → WP_Member_Level__c: "a;b" cannot be a multi-select picklist value (\';\' separates its values)',
      },
    ]);
  });

  it('reads only allowlisted roles', () => {
    const roles: ObjectMapping = {
      ...memberLevel,
      fields: [
        {
          ...tags,
          wordpressField: 'roles',
          set: {
            source: 'MultiSelectPicklist',
            allowedRoles: ['member', 'gold_member'],
            allowPrivilegedRoles: false,
          },
        },
      ],
    };
    expect(mapToSalesforce(roles, user({}, ['member', 'editor'])).values).toEqual({
      [F]: 'member',
    });
  });
});

describe('agreeOnSalesforceSets', () => {
  it('records both sides as holding Salesforce’s set, so WordPress’s own elements travel next', () => {
    const state = agreeOnSalesforceSets(
      memberLevel,
      { salesforce: { [F]: 'Bronze' }, wordpress: { [F]: 'Bronze;Gold;Silver' } },
      { [F]: 'Gold;Bronze' },
      [F],
    );
    expect(state).toEqual({
      salesforce: { [F]: 'Gold;Bronze' },
      wordpress: { [F]: 'Bronze;Gold' },
    });
    // WordPress holds Silver beyond it: the next merge sends Silver to Salesforce.
    const next = planMerge(
      memberLevel,
      state,
      { values: { [F]: 'Gold;Bronze' }, changedAt: undefined },
      { values: { [F]: 'Bronze;Gold;Silver' }, changedAt: undefined },
    );
    expect(next.sets?.get(F)?.salesforce).toEqual(['Bronze', 'Gold', 'Silver']);
  });

  it('records refused grants and revokes as WordPress holds them', () => {
    const state = agreeOnSalesforceSets(
      memberLevel,
      { salesforce: {}, wordpress: {} },
      { [F]: 'administrator;member' },
      [F],
      new Map([[F, { grants: ['administrator'], revokes: ['gold'] }]]),
    );
    expect(state.wordpress[F]).toBe('gold;member');
  });
});
