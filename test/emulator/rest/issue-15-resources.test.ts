/**
 * Unit checks of the REST additions of issue 15 that the conformance suite does not reach:
 * release labels, sObject Tree limits and malformed trees, the parameter allowlist and the
 * unsupported-resource names, and DataStorageMB counting records.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index.js';
import { restClient, type RestClient } from '../testing/rest-client.js';
import { releaseLabel, versionList } from './api-versions.js';
import { checkParameters, unsupportedResource } from './unsupported.js';

describe('release labels', () => {
  it.each([
    ['31.0', "Summer '14"],
    ['32.0', "Winter '15"],
    ['33.0', "Spring '15"],
    ['50.0', "Winter '21"],
    ['60.0', "Spring '24"],
    ['64.0', "Summer '25"],
    ['65.0', "Winter '26"],
    ['66.0', "Spring '26"],
  ])('labels %s %s', (version, label) => {
    expect(releaseLabel(version)).toBe(label);
  });

  it('lists every version oldest first with its label and url', () => {
    const list = versionList();
    expect(list).toHaveLength(36);
    expect(list[0]).toEqual({ label: "Summer '14", url: '/services/data/v31.0', version: '31.0' });
  });
});

describe('parameters and unsupported resources', () => {
  it('takes the parameters a resource documents and refuses any other by name', () => {
    expect(() => {
      checkParameters('GET', '/query', new URLSearchParams('q=SELECT Id FROM User'));
    }).not.toThrow();
    expect(() => {
      checkParameters(
        'GET',
        '/sobjects/Contact/003000000000001AAA',
        new URLSearchParams('fields=Id'),
      );
    }).not.toThrow();
    expect(() => {
      checkParameters(
        'DELETE',
        '/composite/sobjects',
        new URLSearchParams('ids=a,b&allOrNone=true'),
      );
    }).not.toThrow();
    expect(() => {
      checkParameters('GET', '/query', new URLSearchParams('explain=SELECT Id FROM User'));
    }).toThrow(/query plan/);
    expect(() => {
      checkParameters(
        'PATCH',
        '/sobjects/Contact/003000000000001AAA',
        new URLSearchParams('fields=Id'),
      );
    }).toThrow(
      expect.objectContaining({
        errorCode: 'UNSUPPORTED_IN_EMULATOR',
        status: 400,
      }) as unknown,
    );
  });

  describe('against the org schema', () => {
    let emulator: RunningEmulator;
    beforeAll(async () => {
      emulator = await startEmulator({ pubSub: false });
    });
    afterAll(async () => {
      await emulator.stop();
    });

    it('tells relationship traversal from an external id path', () => {
      const { schema } = emulator.org;
      expect(unsupportedResource(schema, '/sobjects/Account/001000000000001AAA/Contacts')).toBe(
        'Relationship traversal (/sobjects/Account/{id}/Contacts)',
      );
      expect(unsupportedResource(schema, '/sobjects/Contact/WP_Id__c/42')).toBeUndefined();
      expect(unsupportedResource(schema, '/sobjects/Contact/describe/layouts')).toMatch(/layouts/);
      expect(unsupportedResource(schema, '/search')).toMatch(/SOSL/);
      expect(unsupportedResource(schema, '/sobjects/Contact')).toBeUndefined();
    });
  });
});

describe('sObject Tree limits and malformed trees', () => {
  let emulator: RunningEmulator;
  let client: RestClient;

  beforeAll(async () => {
    emulator = await startEmulator({ pubSub: false });
    client = await restClient(emulator, 'admin');
  });
  afterAll(async () => {
    await emulator.stop();
  });

  const account = (referenceId: string, extra: Record<string, unknown> = {}) => ({
    attributes: { type: 'Account', referenceId },
    Name: referenceId,
    ...extra,
  });

  it('refuses more than 200 records with LIMIT_EXCEEDED and creates none', async () => {
    const records = Array.from({ length: 201 }, (_, index) => account(`a${index}`));
    const answer = await client.call('POST', '/composite/tree/Account', { records });
    expect(answer).toMatchObject({ status: 400, body: [{ errorCode: 'LIMIT_EXCEEDED' }] });
    expect(emulator.org.query("SELECT COUNT() FROM Account WHERE Name = 'a0'").totalSize).toBe(0);
  });

  it('refuses a tree deeper than five levels', async () => {
    let node: Record<string, unknown> = account('level6');
    for (let level = 5; level >= 1; level--) {
      node = account(`level${level}`, { ChildAccounts: { records: [node] } });
    }
    const answer = await client.call('POST', '/composite/tree/Account', { records: [node] });
    expect(answer).toMatchObject({ status: 400, body: [{ errorCode: 'LIMIT_EXCEEDED' }] });
  });

  it('accepts five levels of ChildAccounts and links each to its parent', async () => {
    let node: Record<string, unknown> = account('deep5');
    for (let level = 4; level >= 1; level--) {
      node = account(`deep${level}`, { ChildAccounts: { records: [node] } });
    }
    const answer = await client.call('POST', '/composite/tree/Account', { records: [node] });
    expect(answer.status).toBe(201);
    const results = (answer.body as { results: { referenceId: string; id: string }[] }).results;
    expect(results.map((result) => result.referenceId)).toEqual([
      'deep1',
      'deep2',
      'deep3',
      'deep4',
      'deep5',
    ]);
    const deepest = emulator.org.get('Account', results[4]?.id ?? '');
    expect(deepest?.ParentId).toBe(results[3]?.id);
  });

  it('names the record with an unknown child relationship or a root of another type', async () => {
    const unknown = await client.call('POST', '/composite/tree/Account', {
      records: [account('r1', { Widgets: { records: [] } })],
    });
    expect(unknown).toMatchObject({
      status: 400,
      body: {
        hasErrors: true,
        results: [
          { referenceId: 'r1', errors: [{ statusCode: 'INVALID_FIELD', fields: ['Widgets'] }] },
        ],
      },
    });
    const wrongType = await client.call('POST', '/composite/tree/Account', {
      records: [{ attributes: { type: 'Contact', referenceId: 'c1' }, LastName: 'X' }],
    });
    expect(wrongType).toMatchObject({
      status: 400,
      body: {
        hasErrors: true,
        results: [{ referenceId: 'c1', errors: [{ statusCode: 'INVALID_INPUT' }] }],
      },
    });
    const badReference = await client.call('POST', '/composite/tree/Account', {
      records: [account('_bad')],
    });
    expect(badReference.body).toMatchObject({
      results: [{ referenceId: '_bad', errors: [{ statusCode: 'INVALID_INPUT' }] }],
    });
  });

  it('counts stored records in DataStorageMB at 2 KB each', async () => {
    const before = (await client.call('GET', '/limits')).body as Record<
      string,
      { Remaining: number }
    >;
    const records = Array.from({ length: 200 }, (_, index) => account(`storage${index}`));
    for (let batch = 0; batch < 3; batch++) {
      const answer = await client.call('POST', '/composite/tree/Account', {
        records: records.map((record) => ({
          ...record,
          attributes: { type: 'Account', referenceId: `${record.attributes.referenceId}_${batch}` },
        })),
      });
      expect(answer.status).toBe(201);
    }
    const after = (await client.call('GET', '/limits')).body as Record<
      string,
      { Max: number; Remaining: number }
    >;
    // 600 more records are 1,200 KB: at least one more MB used.
    expect(after.DataStorageMB?.Max).toBe(5);
    expect(after.DataStorageMB?.Remaining).toBeLessThan(before.DataStorageMB?.Remaining ?? 0);
  });
});

describe('custom metadata types hidden from a user without access, beyond SOQL', () => {
  let emulator: RunningEmulator;
  let ungranted: RestClient;
  let admin: RestClient;

  beforeAll(async () => {
    emulator = await startEmulator({
      pubSub: false,
      configure: (config) => {
        const integration = config.users[1];
        if (integration) integration.permissionSets = [];
      },
    });
    ungranted = await restClient(emulator, 'integration');
    admin = await restClient(emulator, 'admin');
  });
  afterAll(async () => {
    await emulator.stop();
  });

  it('answers describe, record reads and collection retrieves like an unknown type', async () => {
    const mapping = emulator.org.query('SELECT Id FROM WP_Object_Mapping__mdt LIMIT 1').records[0];
    const id = String(mapping?.Id);
    for (const path of [
      '/sobjects/WP_Object_Mapping__mdt/describe',
      '/sobjects/WP_Object_Mapping__mdt',
      `/sobjects/WP_Object_Mapping__mdt/${id}`,
      `/composite/sobjects/WP_Object_Mapping__mdt?ids=${id}&fields=Id`,
    ]) {
      expect(await ungranted.call('GET', path)).toMatchObject({
        status: 404,
        body: [{ errorCode: 'NOT_FOUND' }],
      });
      expect((await admin.call('GET', path)).status).toBe(200);
    }
    const names = async (client: RestClient) =>
      (
        (await client.call('GET', '/sobjects')).body as { sobjects: { name: string }[] }
      ).sobjects.map((entry) => entry.name);
    expect(await names(ungranted)).not.toContain('WP_Object_Mapping__mdt');
    expect(await names(ungranted)).toContain('Contact');
    expect(await names(admin)).toContain('WP_Object_Mapping__mdt');
  });
});

describe('conditional request headers', () => {
  let emulator: RunningEmulator;
  let client: RestClient;

  beforeAll(async () => {
    emulator = await startEmulator({ pubSub: false });
    client = await restClient(emulator, 'admin');
  });
  afterAll(async () => {
    await emulator.stop();
  });

  it('refuses If-Match and If-Unmodified-Since instead of writing regardless', async () => {
    const id = emulator.org.insert('Contact', { LastName: 'Guarded' });
    for (const header of ['If-Match', 'If-Unmodified-Since']) {
      const answer = await client.call(
        'PATCH',
        `/sobjects/Contact/${id}`,
        { LastName: 'Overwritten' },
        { [header]: header === 'If-Match' ? '"etag"' : 'Tue, 01 Dec 2026 00:00:00 GMT' },
      );
      expect(answer).toMatchObject({
        status: 400,
        body: [{ errorCode: 'UNSUPPORTED_IN_EMULATOR' }],
      });
    }
    const composite = await client.call('POST', '/composite', {
      compositeRequest: [
        {
          method: 'PATCH',
          url: `/services/data/v65.0/sobjects/Contact/${id}`,
          referenceId: 'guarded',
          body: { LastName: 'Overwritten' },
          httpHeaders: { 'If-Match': '"etag"' },
        },
      ],
    });
    expect(composite.body).toMatchObject({
      compositeResponse: [
        { httpStatusCode: 400, body: [{ errorCode: 'UNSUPPORTED_IN_EMULATOR' }] },
      ],
    });
    expect(emulator.org.get('Contact', id)?.LastName).toBe('Guarded');
  });
});
