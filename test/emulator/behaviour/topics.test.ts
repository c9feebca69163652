import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index.js';
import { restClient, type RestClient } from '../testing/rest-client.js';

type SaveResult = {
  id: string | null;
  success: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
};

describe('Topic and TopicAssignment', () => {
  let emulator: RunningEmulator;
  let client: RestClient;

  beforeAll(async () => {
    // Topics on Contacts and Leads only: Accounts are off here, unlike a fresh org.
    emulator = await startEmulator({
      pubSub: false,
      configure: (config) => {
        config.topicsEnabledFor = ['Contact', 'Lead'];
      },
    });
    client = await restClient(emulator, 'integration');
  });
  afterAll(async () => {
    await emulator.stop();
  });

  const topic = (name: string) => emulator.org.insert('Topic', { Name: name });
  const contact = (lastName: string) => emulator.org.insert('Contact', { LastName: lastName });
  const assign = (records: { TopicId: string; EntityId: string }[]) =>
    client.call('POST', '/composite/sobjects', {
      allOrNone: false,
      records: records.map((record) => ({ attributes: { type: 'TopicAssignment' }, ...record })),
    });

  it('creates topics over REST and refuses a name that differs only in case or spacing', async () => {
    const created = await client.call('POST', '/sobjects/Topic', { Name: 'Gold Member' });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    expect(id).toMatch(/^0TO\w{15}$/);
    const twin = await client.call('POST', '/sobjects/Topic', { Name: 'gold  MEMBER' });
    expect(twin.status).toBe(400);
    expect(twin.body).toEqual([
      {
        errorCode: 'DUPLICATE_VALUE',
        message: `duplicate value found: Name duplicates value on record with id: ${id}`,
        fields: ['Name'],
      },
    ]);
    // Renaming needs Edit Topics, which the admin has and the integration user has not.
    const admin = await restClient(emulator, 'admin');
    const respaced = await admin.call('PATCH', `/sobjects/Topic/${id}`, { Name: 'GoldMember' });
    expect(respaced.status).toBe(204);
    const renamed = await admin.call('PATCH', `/sobjects/Topic/${id}`, { Name: 'Silver Member' });
    expect(renamed.status).toBe(400);
    expect((renamed.body as { errorCode: string }[])[0]?.errorCode).toBe(
      'FIELD_INTEGRITY_EXCEPTION',
    );
    expect(emulator.org.get('Topic', id)?.Name).toBe('GoldMember');
  });

  it('refuses a topic name over the length describe reports', async () => {
    const describe = await client.call('GET', '/sobjects/Topic/describe');
    const fields = (describe.body as { fields: { name: string; length: number }[] }).fields;
    const limit = fields.find((candidate) => candidate.name === 'Name')?.length ?? 0;
    expect(limit).toBe(99);
    const tooLong = await client.call('POST', '/sobjects/Topic', { Name: 'x'.repeat(limit + 1) });
    expect(tooLong.status).toBe(400);
    expect((tooLong.body as { errorCode: string }[])[0]?.errorCode).toBe('STRING_TOO_LONG');
    const atLimit = await client.call('POST', '/sobjects/Topic', { Name: 'y'.repeat(limit) });
    expect(atLimit.status).toBe(201);
  });

  it('creates assignments in one collections call with a result per record', async () => {
    const gold = topic('Gold');
    const silver = topic('Silver');
    const ada = contact('Lovelace');
    const account = emulator.org.insert('Account', { Name: 'Acme' });
    const { status, body } = await assign([
      { TopicId: gold, EntityId: ada },
      { TopicId: silver, EntityId: ada },
      { TopicId: gold, EntityId: ada },
      { TopicId: gold, EntityId: account },
      { TopicId: '0TO000000000000AAA', EntityId: ada },
    ]);
    expect(status).toBe(200);
    const results = body as SaveResult[];
    expect(results.map((result) => result.success)).toEqual([true, true, false, false, false]);
    expect(results[0]?.id).toMatch(/^0FT\w{15}$/);
    expect(results[2]?.errors[0]).toMatchObject({
      statusCode: 'DUPLICATE_VALUE',
      fields: ['TopicId'],
    });
    expect(results[3]?.errors[0]).toMatchObject({
      statusCode: 'FIELD_INTEGRITY_EXCEPTION',
      fields: ['EntityId'],
    });
    expect(results[3]?.errors[0]?.message).toContain("Topics aren't enabled for Account");
    expect(results[4]?.errors[0]).toMatchObject({
      statusCode: 'INVALID_CROSS_REFERENCE_KEY',
      fields: ['TopicId'],
    });
    expect(emulator.org.get('TopicAssignment', results[0]?.id ?? '')).toMatchObject({
      EntityType: 'Contact',
      EntityKeyPrefix: '003',
    });
  });

  it('reads a batch of records’ topics with Topic.Name and deletes assignments by ids', async () => {
    const platinum = topic('Platinum');
    const bronze = topic('Bronze');
    const grace = contact('Hopper');
    const alan = contact('Turing');
    const created = (
      (
        await assign([
          { TopicId: platinum, EntityId: grace },
          { TopicId: bronze, EntityId: grace },
          { TopicId: bronze, EntityId: alan },
        ])
      ).body as SaveResult[]
    ).map((result) => result.id ?? '');
    const soql = `SELECT Id, TopicId, Topic.Name, EntityId FROM TopicAssignment WHERE EntityId IN ('${grace}', '${alan}') ORDER BY Topic.Name`;
    const query = await client.call('GET', `/query?q=${encodeURIComponent(soql)}`);
    const records = (query.body as { records: Record<string, unknown>[] }).records;
    expect(
      records.map((record) => [record.EntityId, (record.Topic as { Name: string }).Name]),
    ).toEqual([
      [grace, 'Bronze'],
      [alan, 'Bronze'],
      [grace, 'Platinum'],
    ]);
    const subquery = emulator.org.query(
      `SELECT Id, (SELECT Topic.Name FROM TopicAssignments) FROM Contact WHERE Id = '${grace}'`,
    );
    const nested = subquery.records[0]?.TopicAssignments as { totalSize: number };
    expect(nested.totalSize).toBe(2);
    const removed = await client.call(
      'DELETE',
      `/composite/sobjects?ids=${created[0]},${created[2]},0FT000000000000AAA&allOrNone=false`,
    );
    expect((removed.body as SaveResult[]).map((result) => result.success)).toEqual([
      true,
      true,
      false,
    ]);
    const left = emulator.org.query(
      `SELECT Topic.Name FROM TopicAssignment WHERE EntityId IN ('${grace}', '${alan}')`,
    );
    expect(left.records.map((record) => (record.Topic as { Name: string }).Name)).toEqual([
      'Bronze',
    ]);
  });

  it('refuses any update of an assignment, over REST and in collections', async () => {
    const id = emulator.org.insert('TopicAssignment', {
      TopicId: topic('Locked'),
      EntityId: contact('Update'),
    });
    const patched = await client.call('PATCH', `/sobjects/TopicAssignment/${id}`, {
      TopicId: topic('Other'),
    });
    expect(patched.status).toBe(400);
    expect(patched.body).toEqual([
      {
        errorCode: 'INVALID_TYPE_FOR_OPERATION',
        message: 'entity type TopicAssignment does not support update',
        fields: [],
      },
    ]);
    const collection = await client.call('PATCH', '/composite/sobjects', {
      records: [{ attributes: { type: 'TopicAssignment' }, Id: id, TopicId: topic('Third') }],
    });
    expect((collection.body as SaveResult[])[0]?.errors[0]?.statusCode).toBe(
      'INVALID_TYPE_FOR_OPERATION',
    );
    const describe = await client.call('GET', '/sobjects/TopicAssignment/describe');
    const fields = (
      describe.body as { fields: { name: string; updateable: boolean; createable: boolean }[] }
    ).fields;
    expect(fields.find((candidate) => candidate.name === 'EntityType')).toMatchObject({
      createable: false,
      updateable: false,
    });
  });

  it('takes at most 100 topics on a record', async () => {
    const record = contact('Many');
    for (let index = 0; index < 100; index++) {
      emulator.org.insert('TopicAssignment', { TopicId: topic(`Many ${index}`), EntityId: record });
    }
    const { body } = await assign([{ TopicId: topic('Many 100'), EntityId: record }]);
    expect((body as SaveResult[])[0]?.errors[0]).toMatchObject({
      statusCode: 'LIMIT_EXCEEDED',
      fields: ['EntityId'],
    });
  });

  it('removes a deleted topic from every record it was assigned to', async () => {
    const doomed = topic('Doomed');
    const record = contact('Assigned');
    emulator.org.insert('TopicAssignment', { TopicId: doomed, EntityId: record });
    const admin = await restClient(emulator, 'admin');
    const deleted = await admin.call('DELETE', `/sobjects/Topic/${doomed}`);
    expect(deleted.status).toBe(204);
    const left = emulator.org.query(
      `SELECT COUNT() FROM TopicAssignment WHERE EntityId = '${record}'`,
    );
    expect(left.totalSize).toBe(0);
  });

  it('needs the topic permissions: the package grants Assign and Create Topics, not Delete', async () => {
    const kept = topic('Kept');
    const refused = await client.call('DELETE', `/sobjects/Topic/${kept}`);
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual([
      {
        errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
        message:
          'insufficient access rights: to delete topics you need the Delete Topics or Modify All Data permission',
        fields: [],
      },
    ]);
    const rename = await client.call('PATCH', `/sobjects/Topic/${kept}`, { Name: 'KEPT' });
    expect((rename.body as { message: string }[])[0]?.message).toContain(
      'to edit topics you need the Edit Topics permission',
    );
    const adminProfile = emulator.org.user(emulator.credentials.admin.username).profile;
    const before = [...adminProfile.userPermissions];
    adminProfile.userPermissions = before.filter((name) => name !== 'AssignTopics');
    try {
      const record = contact('No assign');
      expect(() =>
        emulator.org.insert('TopicAssignment', { TopicId: kept, EntityId: record }),
      ).toThrow('to assign topics you need the Assign Topics permission');
    } finally {
      adminProfile.userPermissions = before;
    }
    expect(emulator.org.get('Topic', kept)).toBeDefined();
  });
});
