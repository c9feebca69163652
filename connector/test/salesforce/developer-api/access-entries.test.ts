import { describe, expect, it } from 'vitest';
import {
  accessEntriesFromMetadata,
  type AccessEntryRecord,
} from '../../../src/salesforce/developer-api/access-entries.js';

const QUERY_ROW: AccessEntryRecord = {
  DeveloperName: 'Account_Directory',
  MasterLabel: 'Account directory',
  Kind__c: 'Query',
  Active__c: true,
  Allow_Anonymous__c: true,
  Salesforce_Object__c: 'Account',
  Allowed_Fields__c: 'Name, Website,\nBillingCity, Name',
  Fixed_Filter__c: null,
  Max_Records__c: 200,
  Apex_Path__c: null,
  Apex_Method__c: null,
  Cache_Seconds__c: 300,
};

const APEX_ROW: AccessEntryRecord = {
  ...QUERY_ROW,
  DeveloperName: 'Sample_Get',
  Kind__c: 'ApexRest',
  Salesforce_Object__c: null,
  Allowed_Fields__c: null,
  Apex_Path__c: '/sfwp/sample',
  Apex_Method__c: 'GET',
  Allow_Anonymous__c: null,
  Cache_Seconds__c: null,
};

describe('accessEntriesFromMetadata', () => {
  it('reads a query entry and an Apex REST entry', () => {
    const loaded = accessEntriesFromMetadata([QUERY_ROW, APEX_ROW]);
    expect(loaded.problems).toEqual([]);
    expect(loaded.entries.get('Account_Directory')).toEqual({
      kind: 'query',
      name: 'Account_Directory',
      label: 'Account directory',
      cacheSeconds: 300,
      allowAnonymous: true,
      object: 'Account',
      fields: ['Name', 'Website', 'BillingCity'],
      fixedFilter: undefined,
      maxRecords: 200,
    });
    expect(loaded.entries.get('Sample_Get')).toMatchObject({
      kind: 'apex',
      path: '/sfwp/sample',
      method: 'GET',
      cacheSeconds: 0,
      allowAnonymous: false,
    });
  });

  it('leaves inactive entries out silently', () => {
    expect(accessEntriesFromMetadata([{ ...QUERY_ROW, Active__c: false }]).entries.size).toBe(0);
  });

  it.each([
    [{ Salesforce_Object__c: 'Account; DELETE' }, /not an API name/],
    [{ Allowed_Fields__c: 'Name, (SELECT Id FROM Contacts)' }, /not API names/],
    [{ Allowed_Fields__c: '  ' }, /empty/],
    [{ Max_Records__c: 5000 }, /1 to 2000/],
    [{ Kind__c: 'Delete' }, /neither Query nor ApexRest/],
    [{ Cache_Seconds__c: -1 }, /0 or more/],
  ])('reports a query row with %j and leaves it out', (change, message) => {
    const loaded = accessEntriesFromMetadata([{ ...QUERY_ROW, ...change }]);
    expect(loaded.entries.size).toBe(0);
    expect(loaded.problems).toEqual([
      { entry: 'Account_Directory', message: expect.stringMatching(message) as string },
    ]);
  });

  it.each([
    [{ Apex_Path__c: 'sfwp/sample' }, /must start with \//],
    [{ Apex_Path__c: '/sfwp/../admin' }, /must start with \//],
    [{ Apex_Path__c: '/sfwp?x=1' }, /must start with \//],
    [{ Apex_Method__c: 'DELETE' }, /GET or POST/],
  ])('reports an Apex row with %j', (change, message) => {
    const loaded = accessEntriesFromMetadata([{ ...APEX_ROW, ...change }]);
    expect(loaded.entries.size).toBe(0);
    expect(loaded.problems[0]?.message).toMatch(message);
  });
});
