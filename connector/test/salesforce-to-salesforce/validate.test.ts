import { describe, expect, it } from 'vitest';
import type { ObjectMapping } from '../../src/mapping/types.js';
import {
  orgToOrgMappingProblems,
  withoutRefused,
} from '../../src/salesforce-to-salesforce/validate.js';
import { orgMapping } from './support.js';

const back = orgMapping({ name: 'Account_To_A', targetOrg: 'A' });
const wordpress = orgMapping({
  name: 'Contact_User',
  salesforceObject: 'Contact',
  targetOrg: undefined,
  wordpressType: 'user',
  externalIdField: 'WP_Id__c',
});

function problems(byOrg: Record<string, ObjectMapping[]>, orgs = ['A', 'B']) {
  return orgToOrgMappingProblems(new Map(Object.entries(byOrg)), orgs, (_org, object) =>
    object === 'Lead'
      ? new Set(['id', 'company'])
      : new Set(['id', 'name', 'wp_source_record_id__c']),
  );
}

describe('orgToOrgMappingProblems', () => {
  it('accepts a two-way pair and leaves WordPress mappings alone', () => {
    expect(problems({ A: [orgMapping(), wordpress], B: [back] })).toEqual([]);
  });

  it('refuses an unknown target org, and the others still load', () => {
    const unknown = orgMapping({
      name: 'Lead_To_C',
      salesforceObject: 'Lead',
      direction: 'SalesforceToWordPress',
      targetOrg: 'C',
    });
    const found = problems({ A: [orgMapping(), unknown, wordpress], B: [back] });
    expect(found).toEqual([
      {
        org: 'A',
        mapping: 'Lead_To_C',
        message: "Target_Org__c 'C' is not a configured org (configured: A, B)",
      },
    ]);
    expect(
      withoutRefused('A', [orgMapping(), unknown, wordpress], found).map((m) => m.name),
    ).toEqual(['Account_To_B', 'Contact_User']);
  });

  it('refuses a mapping to its own org', () => {
    expect(
      problems({ A: [orgMapping({ targetOrg: 'A', direction: 'SalesforceToWordPress' })] })[0]
        ?.message,
    ).toMatch(/own org/);
  });

  it('refuses A→B and B→A on one object unless both are Bidirectional', () => {
    const found = problems({ A: [orgMapping({ direction: 'SalesforceToWordPress' })], B: [back] });
    expect(found.map((p) => [p.org, p.mapping])).toEqual([
      ['A', 'Account_To_B'],
      ['B', 'Account_To_A'],
    ]);
    expect(found[0]?.message).toMatch(
      /loop without two-way semantics: both mappings must be Bidirectional/,
    );
  });

  it('refuses a Bidirectional mapping without the reverse mapping', () => {
    expect(problems({ A: [orgMapping()], B: [] })[0]?.message).toMatch(
      /reverse mapping of Account with Target_Org__c 'A'/,
    );
  });

  it('refuses a target object without WP_Source_Record_Id__c', () => {
    const lead = orgMapping({
      name: 'Lead_To_B',
      salesforceObject: 'Lead',
      direction: 'SalesforceToWordPress',
    });
    expect(problems({ A: [lead] })[0]?.message).toBe(
      "Lead in org B has no field WP_Source_Record_Id__c (the package's External ID the target holds the source Id in)",
    );
  });

  it('refuses policies that cannot end equal on a two-way pair, and the pair with it', () => {
    const found = problems({ A: [orgMapping({ conflictPolicy: 'SalesforceWins' })], B: [back] });
    expect(found[0]).toMatchObject({
      org: 'A',
      message: expect.stringMatching(/SalesforceWins cannot end equal/) as unknown,
    });
    expect(
      problems({ A: [orgMapping({ direction: 'WordPressToSalesforce' })] })[0]?.message,
    ).toMatch(/cannot send records to another org/);
    expect(
      problems({
        A: [orgMapping({ externalIdField: 'WP_Id__c', direction: 'SalesforceToWordPress' })],
      })[0]?.message,
    ).toMatch(/External_Id_Field__c must be WP_Source_Record_Id__c/);
  });

  it('refuses two orgs sending one object to the same org', () => {
    const fromC = orgMapping({ name: 'C_Account_To_B', direction: 'SalesforceToWordPress' });
    const found = problems(
      { A: [orgMapping({ direction: 'SalesforceToWordPress' })], C: [fromC] },
      ['A', 'B', 'C'],
    );
    expect(found.map((p) => p.org)).toEqual(['A', 'C']);
    expect(found[0]?.message).toMatch(/would receive records from A and C/);
  });
});
