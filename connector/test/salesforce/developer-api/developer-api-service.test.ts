import type { Connection } from 'jsforce';
import { describe, expect, it, vi } from 'vitest';
import {
  accessEntriesFromMetadata,
  type AccessEntryRecord,
} from '../../../src/salesforce/developer-api/access-entries.js';
import { DeveloperApiError } from '../../../src/salesforce/developer-api/developer-api-error.js';
import { DeveloperApi } from '../../../src/salesforce/developer-api/developer-api-service.js';

const DIRECTORY: AccessEntryRecord = {
  DeveloperName: 'Account_Directory',
  MasterLabel: 'Account directory',
  Kind__c: 'Query',
  Active__c: true,
  Allow_Anonymous__c: true,
  Salesforce_Object__c: 'Account',
  Allowed_Fields__c: 'Name',
  Fixed_Filter__c: null,
  Max_Records__c: 2,
  Apex_Path__c: null,
  Apex_Method__c: null,
  Cache_Seconds__c: 60,
};

function apiWith(used: number | undefined) {
  const request = vi.fn(() =>
    Promise.resolve({
      records: [
        { attributes: { type: 'Account' }, Id: '001A', Name: 'A' },
        { attributes: { type: 'Account' }, Id: '001B', Name: 'B' },
        { attributes: { type: 'Account' }, Id: '001C', Name: 'C' },
      ],
    }),
  );
  const connection = {
    limitInfo: used === undefined ? {} : { apiUsage: { used, limit: 1000 } },
    request,
  } as unknown as Connection;
  const api = new DeveloperApi({
    connection,
    entries: () => Promise.resolve(accessEntriesFromMetadata([DIRECTORY])),
    budgetReservePercent: 10,
  });
  return { api, request };
}

async function refusal(promise: Promise<unknown>): Promise<DeveloperApiError> {
  const error: unknown = await promise.then(
    () => undefined,
    (cause: unknown) => cause,
  );
  if (!(error instanceof DeveloperApiError)) throw new Error('expected a DeveloperApiError');
  return error;
}

describe('DeveloperApi', () => {
  it('queries with the built SOQL, drops jsforce attributes and tells whether more exist', async () => {
    const { api, request } = apiWith(10);
    const result = await api.query('Account_Directory', {});
    expect(request).toHaveBeenCalledWith(
      {
        method: 'GET',
        url: `/query?q=${encodeURIComponent('SELECT Id, Name FROM Account ORDER BY Id ASC LIMIT 3')}`,
      },
      { retry: { maxRetries: 1, minTimeout: 250 } },
    );
    expect(result.records).toEqual([
      { Id: '001A', Name: 'A' },
      { Id: '001B', Name: 'B' },
    ]);
    expect(result.hasMore).toBe(true);
    expect(result.next).toBe('001B');
    expect(result.entry).toEqual({
      name: 'Account_Directory',
      kind: 'query',
      cacheSeconds: 60,
      allowAnonymous: true,
    });
  });

  it('refuses while the daily API calls are past the reserve, without calling Salesforce', async () => {
    const { api, request } = apiWith(900);
    const error = await refusal(api.query('Account_Directory', {}));
    expect(error).toMatchObject({ code: 'API_BUDGET_RESERVED', status: 503 });
    expect(error.message).toContain('900 of 1000');
    expect(request).not.toHaveBeenCalled();
  });

  it('calls while usage is below the reserve or not yet known', async () => {
    for (const used of [899, undefined]) {
      const { api, request } = apiWith(used);
      await api.query('Account_Directory', {});
      expect(request).toHaveBeenCalledTimes(1);
    }
  });

  it('refuses an unknown entry and an Apex call on a query entry', async () => {
    const { api, request } = apiWith(0);
    await expect(refusal(api.query('Other', {}))).resolves.toMatchObject({
      code: 'ACCESS_NOT_ALLOWED',
      status: 403,
    });
    await expect(
      refusal(api.apex('Account_Directory', undefined, undefined, {})),
    ).resolves.toMatchObject({
      code: 'ACCESS_KIND_MISMATCH',
    });
    expect(request).not.toHaveBeenCalled();
  });
});
