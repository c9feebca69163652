import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index.js';
import { restClient, type RestClient } from '../testing/rest-client.js';

const query = (client: RestClient, soql: string, headers?: Record<string, string>) =>
  client.call('GET', `/query?q=${encodeURIComponent(soql)}`, undefined, headers);

describe('query resource', () => {
  let emulator: RunningEmulator;
  let admin: RestClient;
  let integration: RestClient;

  beforeAll(async () => {
    emulator = await startEmulator({ pubSub: false });
    admin = await restClient(emulator, 'admin');
    integration = await restClient(emulator, 'integration');
    for (let index = 0; index < 250; index++) {
      emulator.org.insert('Lead', { LastName: `Group ${index}`, Company: `Company ${index}` });
    }
  });
  afterAll(async () => {
    await emulator.stop();
  });

  it('answers an aggregate result in one page whatever the batch size', async () => {
    const answer = await query(
      integration,
      "SELECT Company, COUNT(Id) FROM Lead WHERE LastName LIKE 'Group %' GROUP BY Company",
      { 'Sforce-Query-Options': 'batchSize=200' },
    );
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ totalSize: 250, done: true });
    expect(answer.body).not.toHaveProperty('nextRecordsUrl');
    const records = (answer.body as { records: unknown[] }).records;
    expect(records).toHaveLength(250);
    expect(records[0]).toEqual({
      attributes: { type: 'AggregateResult' },
      Company: 'Company 0',
      expr0: 1,
    });
  });

  it('still pages record queries by the batch size', async () => {
    const answer = await query(admin, "SELECT Id FROM Lead WHERE LastName LIKE 'Group %'", {
      'Sforce-Query-Options': 'batchSize=200',
    });
    expect(answer.body).toMatchObject({ totalSize: 250, done: false });
    expect((answer.body as { records: unknown[] }).records).toHaveLength(200);
  });

  it('runs as the session user: custom metadata needs a grant or Customize Application', async () => {
    const soql = 'SELECT COUNT() FROM WP_Object_Mapping__mdt';
    const asIntegration = await query(integration, soql);
    const asAdmin = await query(admin, soql);
    // The package's WP_Sync_Integration_User grants both mapping types.
    expect(asIntegration.status).toBe(200);
    expect(asAdmin.body).toEqual(asIntegration.body);
    const user = emulator.org.user(emulator.credentials.integration.username);
    user.permissionSets = [];
    try {
      const refused = await query(integration, soql);
      expect(refused.status).toBe(400);
      expect(refused.body).toEqual([
        {
          errorCode: 'INVALID_TYPE',
          message: expect.stringContaining(
            "sObject type 'WP_Object_Mapping__mdt' is not supported",
          ) as unknown,
          fields: [],
        },
      ]);
      const joined = await query(
        integration,
        'SELECT Id FROM Contact WHERE Id IN (SELECT ContactId FROM Case)',
      );
      expect(joined.body).toEqual([
        expect.objectContaining({ errorCode: 'UNSUPPORTED_IN_EMULATOR' }),
      ]);
      expect((await query(admin, soql)).status).toBe(200);
    } finally {
      user.permissionSets = ['WP_Sync_Integration_User'];
    }
  });
});
