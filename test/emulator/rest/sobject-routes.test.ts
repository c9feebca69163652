import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index.js';
import { restClient, type RestClient } from '../testing/rest-client.js';

/** A package with a non-unique external id, so one value can match several records. */
function packageWithLegacyId(): string {
  const root = mkdtempSync(join(tmpdir(), 'sfwp-rest-'));
  const dir = join(root, 'objects', 'Contact', 'fields');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'Legacy_Id__c.field-meta.xml'),
    '<?xml version="1.0" encoding="UTF-8"?><CustomField xmlns="http://soap.sforce.com/2006/04/metadata"><fullName>Legacy_Id__c</fullName><label>Legacy Id</label><type>Text</type><length>20</length><externalId>true</externalId></CustomField>',
  );
  return root;
}

describe('sObject resources', () => {
  let packageDir: string;
  let emulator: RunningEmulator;
  let client: RestClient;

  beforeAll(async () => {
    packageDir = packageWithLegacyId();
    emulator = await startEmulator({ pubSub: false, packageDir });
    client = await restClient(emulator, 'integration');
  });
  afterAll(async () => {
    await emulator.stop();
    rmSync(packageDir, { recursive: true, force: true });
  });

  it('reads a record with selected fields and reports deleted and malformed ids', async () => {
    const created = await client.call('POST', '/sobjects/Contact', {
      FirstName: 'Grace',
      LastName: 'Hopper',
      Legacy_Id__c: 'L1',
    });
    const id = (created.body as { id: string }).id;
    const read = await client.call(
      'GET',
      `/sobjects/Contact/${id.slice(0, 15)}?fields=Name,Legacy_Id__c`,
    );
    expect(read.body).toEqual({
      attributes: { type: 'Contact', url: `/services/data/v65.0/sobjects/Contact/${id}` },
      Name: 'Grace Hopper',
      Legacy_Id__c: 'L1',
    });
    expect(await client.call('PATCH', `/sobjects/Contact/${id}`, { Name: 'x' })).toMatchObject({
      status: 400,
      body: [{ errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE', fields: ['Name'] }],
    });
    expect(
      await client.call('PATCH', `/sobjects/Contact/${id}`, { LastName: 'x'.repeat(81) }),
    ).toMatchObject({
      status: 400,
      body: [{ errorCode: 'STRING_TOO_LONG', fields: ['LastName'] }],
    });
    expect((await client.call('DELETE', `/sobjects/Contact/${id}`)).status).toBe(204);
    expect(
      await client.call('PATCH', `/sobjects/Contact/${id}`, { LastName: 'Back' }),
    ).toMatchObject({
      status: 400,
      body: [{ errorCode: 'ENTITY_IS_DELETED' }],
    });
    expect(
      await client.call('PATCH', '/sobjects/Contact/not-an-id', { LastName: 'x' }),
    ).toMatchObject({
      status: 400,
      body: [{ errorCode: 'MALFORMED_ID' }],
    });
  });

  it('answers 300 with the matching records when an external id matches several', async () => {
    emulator.org.insert('Contact', { LastName: 'One', Legacy_Id__c: 'SAME' });
    emulator.org.insert('Contact', { LastName: 'Two', Legacy_Id__c: 'SAME' });
    const upsert = await client.call('PATCH', '/sobjects/Contact/Legacy_Id__c/SAME', {
      LastName: 'Three',
    });
    expect(upsert.status).toBe(300);
    expect(upsert.body).toEqual([
      expect.stringMatching(/\/sobjects\/Contact\/003/),
      expect.stringMatching(/\/sobjects\/Contact\/003/),
    ]);
    expect((await client.call('GET', '/sobjects/Contact/Legacy_Id__c/SAME')).status).toBe(300);
    const collection = await client.call('PATCH', '/composite/sobjects/Contact/Legacy_Id__c', {
      records: [{ attributes: { type: 'Contact' }, Legacy_Id__c: 'SAME', LastName: 'Four' }],
    });
    expect(collection.body).toMatchObject([
      { success: false, errors: [{ statusCode: 'DUPLICATE_EXTERNAL_ID' }] },
    ]);
  });

  it('answers Salesforce-shaped errors for unknown objects, methods, bodies and read-only types', async () => {
    expect(await client.call('GET', '/sobjects/Nope__c/describe')).toMatchObject({
      status: 404,
      body: [{ errorCode: 'NOT_FOUND' }],
    });
    expect(await client.call('PUT', '/sobjects/Contact')).toMatchObject({
      status: 405,
      body: [{ errorCode: 'METHOD_NOT_ALLOWED' }],
    });
    const badJson = await fetch(`${emulator.instanceUrl}/services/data/v65.0/sobjects/Contact`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${client.accessToken}`,
        'content-type': 'application/json',
      },
      body: '{nope',
    });
    expect(badJson.status).toBe(400);
    expect(await badJson.json()).toMatchObject([{ errorCode: 'JSON_PARSER_ERROR' }]);
    expect(await client.call('POST', '/sobjects/User', {})).toMatchObject({
      status: 400,
      body: [{ errorCode: 'REQUIRED_FIELD_MISSING' }],
    });
    expect((await client.call('GET', '/sobjects/Contact/describe')).status).toBe(200);
    expect((await client.call('GET', '/nowhere')).status).toBe(404);
    expect((await client.call('GET', '/services/data/v19.0/limits')).status).toBe(404);
  });

  it('pages query results by the Sforce-Query-Options batch size and rejects unknown locators', async () => {
    for (let index = 0; index < 450; index++)
      emulator.org.insert('Contact', { LastName: `Paged ${index}`, Legacy_Id__c: 'PAGE' });
    const first = await client.call(
      'GET',
      `/query?q=${encodeURIComponent("SELECT Id FROM Contact WHERE Legacy_Id__c = 'PAGE'")}`,
      undefined,
      {
        'sforce-query-options': 'batchSize=200',
      },
    );
    const page = first.body as {
      totalSize: number;
      done: boolean;
      records: unknown[];
      nextRecordsUrl: string;
    };
    expect([page.totalSize, page.done, page.records.length]).toEqual([450, false, 200]);
    expect(page.nextRecordsUrl).toMatch(/^\/services\/data\/v65\.0\/query\/01g\w+-200$/);
    const second = (await client.call('GET', page.nextRecordsUrl)).body as {
      records: unknown[];
      nextRecordsUrl: string;
    };
    const third = (await client.call('GET', second.nextRecordsUrl)).body as {
      records: unknown[];
      done: boolean;
    };
    expect([second.records.length, third.records.length, third.done]).toEqual([200, 50, true]);
    expect(await client.call('GET', '/query/01gnope-2000')).toMatchObject({
      status: 400,
      body: [{ errorCode: 'INVALID_QUERY_LOCATOR' }],
    });
    expect(await client.call('GET', '/query?q=SELECT')).toMatchObject({
      status: 400,
      body: [{ errorCode: 'MALFORMED_QUERY' }],
    });
  });
});
