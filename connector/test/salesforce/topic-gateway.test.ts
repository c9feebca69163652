import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TopicGateway, TOPIC_NAME_MAX_LENGTH } from '../../src/salesforce/topic-gateway.js';
import { startEmulator, type RunningEmulator } from '../../../test/emulator/index.js';

let emulator: RunningEmulator;
let gateway: TopicGateway;
let connection: Connection;

beforeAll(async () => {
  emulator = await startEmulator({ pubSub: false });
  connection = new Connection({
    oauth2: {
      loginUrl: emulator.loginUrl,
      clientId: emulator.credentials.clientId,
      clientSecret: emulator.credentials.clientSecret,
    },
    version: '65.0',
  });
  // The integration user: Assign Topics and Create Topics, as the package grants.
  await connection.authorize({ grant_type: 'client_credentials' });
  gateway = new TopicGateway(connection);
});
afterAll(async () => {
  await emulator.stop();
});

async function contacts(count: number, prefix: string): Promise<string[]> {
  const created = await connection.sobject('Contact').create(
    Array.from({ length: count }, (_, index) => ({ LastName: `${prefix}${index}` })),
    { allowRecursive: true },
  );
  return created.map((result) => (result.success ? result.id : ''));
}

const sorted = (names: string[] | undefined): string[] => [...(names ?? [])].sort();

describe('TopicGateway', () => {
  it('adds topics to many records with Collections, creating each missing topic once', async () => {
    const ids = await contacts(250, 'Many');
    const before = emulator.stats.collectionCalls.count;
    const failures = await gateway.change(
      ids.map((recordId) => ({ recordId, add: ['Gold', 'Volunteer'], remove: [] })),
    );
    expect(failures.size).toBe(0);
    // One create of the two topics, then 500 assignments in three calls of at most 200.
    expect(emulator.stats.collectionCalls.count - before).toBe(4);
    const topics = await gateway.topicsOf(ids);
    expect(sorted(topics.get(ids[0] ?? ''))).toEqual(['Gold', 'Volunteer']);
    expect(sorted(topics.get(ids[249] ?? ''))).toEqual(['Gold', 'Volunteer']);
  });

  it('removes only the topics named, and adds a topic that exists under another case', async () => {
    const [id = ''] = await contacts(1, 'Remove');
    await gateway.change([{ recordId: id, add: ['Gold', 'Silver'], remove: [] }]);
    const failures = await gateway.change([
      { recordId: id, add: ['gold', 'Bronze'], remove: ['SILVER'] },
    ]);
    expect(failures.size).toBe(0);
    expect(sorted((await gateway.topicsOf([id])).get(id))).toEqual(['Bronze', 'Gold']);
  });

  it('fails a record with a topic name over the limit, naming it, and changes the others', async () => {
    const [longId = '', otherId = ''] = await contacts(2, 'Long');
    const long = 'x'.repeat(TOPIC_NAME_MAX_LENGTH + 1);
    const failures = await gateway.change([
      { recordId: longId, add: ['Gold', long], remove: [] },
      { recordId: otherId, add: ['Gold', 'Ünïcode ✓ 会员'], remove: [] },
    ]);
    expect(failures.get(longId)).toEqual({
      code: 'sfwp_topic_name_too_long',
      message: `Topic name over 99 characters: "${'x'.repeat(40)}…"`,
    });
    expect(failures.has(otherId)).toBe(false);
    expect((await gateway.topicsOf([longId])).get(longId)).toEqual([]);
    expect(sorted((await gateway.topicsOf([otherId])).get(otherId))).toEqual([
      'Gold',
      'Ünïcode ✓ 会员',
    ]);
  });

  it('fails a record Salesforce refuses, with its reason, and changes the others', async () => {
    const [id = ''] = await contacts(1, 'Refused');
    const missing = '003000000000000AAA';
    const failures = await gateway.change([
      { recordId: missing, add: ['Gold'], remove: [] },
      { recordId: id, add: ['Gold'], remove: [] },
    ]);
    expect(failures.get(missing)?.message).toContain('Assigning topic "Gold"');
    expect(failures.has(id)).toBe(false);
  });

  it('reads the topics of records in one query per 200 records', async () => {
    const ids = await contacts(3, 'Read');
    const topics = await gateway.topicsOf(ids);
    expect([...topics.values()]).toEqual([[], [], []]);
  });
});
