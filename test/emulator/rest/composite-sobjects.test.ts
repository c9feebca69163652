import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index.js';
import { restClient, type RestClient } from '../testing/rest-client.js';

const upsertPath = '/composite/sobjects/Contact/WP_Id__c';

function contact(wpId: string, extra: Record<string, unknown> = {}) {
  return { attributes: { type: 'Contact' }, WP_Id__c: wpId, LastName: `Name ${wpId}`, ...extra };
}

describe('sObject Collections', () => {
  let emulator: RunningEmulator;
  let client: RestClient;

  beforeAll(async () => {
    emulator = await startEmulator({ pubSub: false });
    client = await restClient(emulator, 'integration');
  });
  afterAll(async () => {
    await emulator.stop();
  });

  const count = (where: string) =>
    emulator.org.query(`SELECT COUNT() FROM Contact WHERE ${where}`).totalSize;

  it('upserts per record with created flags and keeps going past failures without allOrNone', async () => {
    emulator.org.insert('Contact', { WP_Id__c: 'mixed-existing', LastName: 'Before' });
    const { status, body } = await client.call('PATCH', upsertPath, {
      records: [
        contact('mixed-new'),
        contact('MIXED-EXISTING', { LastName: 'After' }),
        contact('mixed-bad-field', { Nope__c: 1 }),
        contact('mixed-no-name', { LastName: null }),
        contact('mixed-bad-email', { Email: 'not-an-email' }),
      ],
    });
    expect(status).toBe(200);
    expect(body).toEqual([
      {
        id: expect.stringMatching(/^003\w{15}$/) as unknown,
        success: true,
        errors: [],
        created: true,
      },
      { id: expect.stringMatching(/^003/) as unknown, success: true, errors: [], created: false },
      {
        id: null,
        success: false,
        created: false,
        errors: [
          {
            statusCode: 'INVALID_FIELD',
            message: "No such column 'Nope__c' on sobject of type Contact",
            fields: ['Nope__c'],
          },
        ],
      },
      {
        id: null,
        success: false,
        created: false,
        errors: [
          {
            statusCode: 'REQUIRED_FIELD_MISSING',
            message: 'Required fields are missing: [LastName]',
            fields: ['LastName'],
          },
        ],
      },
      {
        id: null,
        success: false,
        created: false,
        errors: [expect.objectContaining({ statusCode: 'INVALID_EMAIL_ADDRESS' }) as unknown],
      },
    ]);
    expect(count("WP_Id__c LIKE 'mixed-%'")).toBe(2);
    expect(
      emulator.org.query("SELECT LastName FROM Contact WHERE WP_Id__c = 'mixed-existing'")
        .records[0]?.LastName,
    ).toBe('After');
  });

  it('rolls everything back under allOrNone and marks valid records ALL_OR_NONE_OPERATION_ROLLED_BACK', async () => {
    const { status, body } = await client.call('PATCH', upsertPath, {
      allOrNone: true,
      records: [contact('aon-1'), contact('aon-2', { Birthdate: 'soon' }), contact('aon-3')],
    });
    expect(status).toBe(200);
    const results = body as { success: boolean; errors: { statusCode: string }[] }[];
    expect(results.map((result) => [result.success, result.errors[0]?.statusCode])).toEqual([
      [false, 'ALL_OR_NONE_OPERATION_ROLLED_BACK'],
      [false, 'JSON_PARSER_ERROR'],
      [false, 'ALL_OR_NONE_OPERATION_ROLLED_BACK'],
    ]);
    expect(count("WP_Id__c LIKE 'aon-%'")).toBe(0);
  });

  it('fails every record that shares an external id within the request', async () => {
    const { body } = await client.call('PATCH', upsertPath, {
      records: [contact('dup-1'), contact('DUP-1'), contact('dup-2')],
    });
    const results = body as { success: boolean; errors: { statusCode: string }[] }[];
    expect(results.map((result) => result.errors[0]?.statusCode ?? 'ok')).toEqual([
      'DUPLICATE_EXTERNAL_ID',
      'DUPLICATE_EXTERNAL_ID',
      'ok',
    ]);
    expect(count("WP_Id__c LIKE 'dup-%'")).toBe(1);
  });

  it('refuses more than 200 records as a whole with EXCEEDED_ID_LIMIT', async () => {
    const records = Array.from({ length: 201 }, (_unused, index) => contact(`limit-${index}`));
    const { status, body } = await client.call('PATCH', upsertPath, { records });
    expect(status).toBe(400);
    expect(body).toEqual([
      { errorCode: 'EXCEEDED_ID_LIMIT', message: 'Maximum number of records is 200', fields: [] },
    ]);
    const accepted = await client.call('PATCH', upsertPath, { records: records.slice(0, 200) });
    expect(accepted.status).toBe(200);
    expect(count("WP_Id__c LIKE 'limit-%'")).toBe(200);
  });

  it('answers 400 for a malformed body, an unknown object and a field that is not an external id', async () => {
    expect((await client.call('PATCH', upsertPath, { records: 'nope' })).status).toBe(400);
    expect(
      (await client.call('PATCH', '/composite/sobjects/Nope__c/WP_Id__c', { records: [] })).status,
    ).toBe(404);
    const notExternal = await client.call('PATCH', '/composite/sobjects/Contact/Email', {
      records: [],
    });
    expect(notExternal).toMatchObject({ status: 400, body: [{ errorCode: 'INVALID_FIELD' }] });
  });

  it('creates, updates and deletes through the collection resource', async () => {
    const created = await client.call('POST', '/composite/sobjects', {
      records: [
        { attributes: { type: 'Account' }, Name: 'Collection Co' },
        { attributes: { type: 'Contact' }, LastName: 'Collected' },
      ],
    });
    const [account, person] = created.body as { id: string; success: boolean }[];
    expect([account?.success, person?.success]).toEqual([true, true]);
    const updated = await client.call('PATCH', '/composite/sobjects', {
      records: [{ attributes: { type: 'Contact' }, id: person?.id, AccountId: account?.id }],
    });
    expect(updated.body).toEqual([{ id: person?.id, success: true, errors: [] }]);
    const joined = emulator.org.query(
      `SELECT Account.Name FROM Contact WHERE Id = '${person?.id ?? ''}'`,
    );
    expect(joined.records[0]?.Account).toMatchObject({ Name: 'Collection Co' });
    const deleted = await client.call(
      'DELETE',
      `/composite/sobjects?ids=${person?.id ?? ''},001000000000000AAA`,
    );
    expect(deleted.body).toEqual([
      { id: person?.id, success: true, errors: [] },
      {
        id: null,
        success: false,
        errors: [
          {
            statusCode: 'INVALID_CROSS_REFERENCE_KEY',
            message: 'invalid cross reference id',
            fields: [],
          },
        ],
      },
    ]);
  });

  it('can report per-record errors under errorCode instead of statusCode', async () => {
    const other = await startEmulator({ pubSub: false, collectionErrorKey: 'errorCode' });
    try {
      const otherClient = await restClient(other, 'integration');
      const { body } = await otherClient.call('PATCH', upsertPath, {
        records: [contact('key', { Nope__c: 1 })],
      });
      expect(body).toMatchObject([{ errors: [{ errorCode: 'INVALID_FIELD' }] }]);
    } finally {
      await other.stop();
    }
  });
});
