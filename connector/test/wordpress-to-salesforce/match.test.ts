import { describe, expect, it } from 'vitest';
import type { SalesforceRecord } from '../../src/salesforce/record-gateway.js';
import { SqliteStateStore } from '../../src/store/sqlite-state-store.js';
import {
  candidatesByValue,
  matchExistingRecords as matchRows,
  matchReadFields,
  matchText,
} from '../../src/wordpress-to-salesforce/match.js';
import type { ObjectMapping } from '../../src/mapping/types.js';
import type { Plan } from '../../src/wordpress-to-salesforce/plan.js';
import { plansToMatch, readSalesforce } from '../../src/wordpress-to-salesforce/read-salesforce.js';
import type {
  SalesforceApplyDependencies,
  SalesforceOutcome,
} from '../../src/wordpress-to-salesforce/types.js';
import { quietSalesforce, quietWordPress } from '../support/quiet-gateways.js';
import { link, mapping, planned, user } from './contact-mapping.js';

describe('matchText', () => {
  it('trims text and drops blanks and non-text', () => {
    expect(matchText('  ada@example.com ')).toBe('ada@example.com');
    expect(matchText('   ')).toBeUndefined();
    expect(matchText(42)).toBeUndefined();
    expect(matchText(null)).toBeUndefined();
  });
});

describe('matchReadFields', () => {
  it('reads the external id, every mapped field and SystemModstamp, once each', () => {
    expect(matchReadFields(mapping)).toEqual([
      'WP_Id__c',
      'LastName',
      'Email',
      'Title',
      'SystemModstamp',
    ]);
    expect(matchReadFields({ ...mapping, externalIdField: 'Email' })).toEqual([
      'Email',
      'LastName',
      'Title',
      'SystemModstamp',
    ]);
  });
});

describe('candidatesByValue', () => {
  it('groups free records by lower-cased, trimmed match value', () => {
    const rows: SalesforceRecord[] = [
      { Id: '003A', Email: 'Ada@Example.com ' },
      { Id: '003B', Email: 'ada@example.com' },
      { Id: '003C', Email: 'grace@example.com' },
    ];
    const byValue = candidatesByValue(rows, 'Email', () => false);
    expect([...byValue.keys()]).toEqual(['ada@example.com', 'grace@example.com']);
    expect(byValue.get('ada@example.com')?.map((row) => row.Id)).toEqual(['003A', '003B']);
  });

  it('never offers a record another object owns, one without an Id, or one with no value', () => {
    const rows: SalesforceRecord[] = [
      { Id: '003A', Email: 'ada@example.com' },
      { Email: 'ada@example.com' },
      { Id: '003C', Email: '' },
      { Id: '003D', Email: 'ada@example.com' },
    ];
    const byValue = candidatesByValue(rows, 'Email', (id) => id === '003A');
    expect(byValue.get('ada@example.com')?.map((row) => row.Id)).toEqual(['003D']);
    expect(byValue.size).toBe(1);
  });
});

function setup(rows: SalesforceRecord[]) {
  const store = new SqliteStateStore({ path: ':memory:' });
  const asked: { values: readonly string[]; ids: readonly string[]; fields: readonly string[] }[] =
    [];
  const deps: SalesforceApplyDependencies = {
    store,
    wordpress: quietWordPress(),
    salesforce: quietSalesforce({
      findByValueOrId: (_object, _field, values, ids, fields) => {
        asked.push({ values, ids, fields });
        return Promise.resolve(rows);
      },
    }),
  };
  return { store, deps, asked };
}

/** The apply path's matching: what to match, the one read, then the matching itself. */
async function matchExistingRecords(
  on: ObjectMapping,
  plans: Plan[],
  deps: SalesforceApplyDependencies,
  wordpressWins = false,
): Promise<SalesforceOutcome[]> {
  const matching = plansToMatch(on, plans);
  const read = await readSalesforce(on, matching, [], deps);
  return matchRows(on, plans, matching, read.rows, deps, wordpressWins);
}

const older = '2026-01-01T00:00:00.000+0000';

describe('matchExistingRecords', () => {
  it('asks Salesforce only for unlinked objects with a match value', async () => {
    const { deps, asked } = setup([]);
    const plans = [
      planned(user({ last_name: 'A', email: 'A@example.com' }, 1)),
      planned(user({ last_name: 'B', email: '' }, 2)),
      planned(user({ last_name: 'C', email: 'c@example.com' }, 3), link({ wordpressId: 3 })),
    ];
    expect(await matchExistingRecords(mapping, plans, deps)).toEqual([]);
    expect(asked).toEqual([
      { values: ['a@example.com'], ids: [], fields: matchReadFields(mapping) },
    ]);
    expect(plans.every((plan) => plan.updateId === undefined)).toBe(true);
  });

  it('links a unique free match and merges with it as a first contact', async () => {
    const row = { Id: '003A', Email: 'ada@example.com', LastName: 'Byron', SystemModstamp: older };
    const { deps } = setup([row]);
    const plan = planned(user({ last_name: 'Lovelace', email: 'ada@example.com' }));
    expect(await matchExistingRecords(mapping, [plan], deps)).toEqual([]);
    expect(plan.updateId).toBe('003A');
    expect(plan.salesforceRow).toBe(row);
    expect(plan.values).toEqual({ LastName: 'Lovelace' });
    expect(plan.conflicts).toMatchObject([{ field: 'LastName', winner: 'wordpress' }]);
  });

  it('links without merging when WordPress wins (backfill, forced write)', async () => {
    const { deps } = setup([{ Id: '003A', Email: 'ada@example.com', LastName: 'Byron' }]);
    const plan = planned(user({ last_name: 'Lovelace', email: 'ada@example.com' }));
    await matchExistingRecords(mapping, [plan], deps, true);
    expect(plan.updateId).toBe('003A');
    expect(plan.salesforceRow).toBeUndefined();
    expect(plan.values).toEqual({ LastName: 'Lovelace', Email: 'ada@example.com' });
  });

  it('gives one record to the first object only; a second with the same value creates', async () => {
    const { deps } = setup([{ Id: '003A', Email: 'ada@example.com', SystemModstamp: older }]);
    const first = planned(user({ last_name: 'A', email: 'ada@example.com' }, 1));
    const second = planned(user({ last_name: 'B', email: 'ADA@example.com' }, 2));
    await matchExistingRecords(mapping, [first, second], deps);
    expect(first.updateId).toBe('003A');
    expect(second.updateId).toBeUndefined();
  });

  it('takes no record another WordPress object owns', async () => {
    const { deps, store } = setup([{ Id: '003A', Email: 'ada@example.com' }]);
    store.link(mapping.name, '003A', 99);
    const plan = planned(user({ last_name: 'A', email: 'ada@example.com' }));
    await matchExistingRecords(mapping, [plan], deps);
    expect(plan.updateId).toBeUndefined();
  });

  it('fails an ambiguous match with DUPLICATE_MATCH and drops its plan', async () => {
    const { deps } = setup([
      { Id: '003A', Email: 'ada@example.com' },
      { Id: '003B', Email: 'ada@example.com' },
    ]);
    const ambiguous = planned(user({ last_name: 'A', email: 'ada@example.com' }, 1));
    const other = planned(user({ last_name: 'B', email: 'b@example.com' }, 2));
    const plans = [ambiguous, other];
    const failures = await matchExistingRecords(mapping, plans, deps);
    expect(plans).toEqual([other]);
    expect(failures).toMatchObject([
      {
        status: 'Failed',
        code: 'DUPLICATE_MATCH',
        kind: 'permanent',
        wordpressId: 1,
        operation: 'create',
      },
    ]);
    expect(failures[0]?.message).toBe(
      '2 Contact records have Email "ada@example.com" (003A, 003B); merge them or set WP_Id__c on the right one, then retry',
    );
  });

  it('does nothing without a match field', async () => {
    const { deps, asked } = setup([]);
    const plan = planned(user({ last_name: 'A', email: 'ada@example.com' }));
    expect(await matchExistingRecords({ ...mapping, matchField: undefined }, [plan], deps)).toEqual(
      [],
    );
    expect(asked).toEqual([]);
  });
});
