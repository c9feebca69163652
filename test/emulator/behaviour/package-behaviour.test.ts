/**
 * The package's triggers as the emulator runs them behind the REST API: sync events on record
 * changes, none for the integration user, and the result trigger's logs and stamps.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BusEvent } from '../contracts.js';
import { startEmulator, type RunningEmulator } from '../index.js';
import { restClient, type RestClient } from '../testing/rest-client.js';

const SYNC_TOPIC = '/event/WP_Sync_Event__e';

describe('package behaviour', () => {
  let emulator: RunningEmulator;
  let admin: RestClient;
  let integration: RestClient;
  let seen: BusEvent[];

  beforeAll(async () => {
    emulator = await startEmulator({ pubSub: false });
    admin = await restClient(emulator, 'admin');
    integration = await restClient(emulator, 'integration');
    emulator.bus.onPublish((event) => {
      if (event.topic === SYNC_TOPIC) seen.push(event);
    });
  });
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(() => {
    seen = [];
  });

  const createContact = async (
    client: RestClient,
    values: Record<string, unknown>,
  ): Promise<string> => {
    const answer = await client.call('POST', '/sobjects/Contact', values);
    expect(answer.status).toBe(201);
    return (answer.body as { id: string }).id;
  };

  it('publishes WP_Sync_Event__e with the mapped fields when the admin creates a contact', async () => {
    const id = await createContact(admin, {
      FirstName: 'Ada',
      LastName: 'Lovelace',
      Email: 'ada@example.com',
      Phone: '1',
    });
    expect(seen).toHaveLength(1);
    const payload = seen[0]?.payload ?? {};
    const stored = emulator.org.get('Contact', id);
    expect(payload).toMatchObject({
      Mapping__c: 'Contact_User',
      Object__c: 'Contact',
      Record_Id__c: id,
      Operation__c: 'CREATE',
      Changed_Fields__c: 'Email,FirstName,LastName',
      WP_Id__c: null,
      Modstamp__c: String(stored?.SystemModstamp).replace('+0000', 'Z'),
      CreatedById: emulator.org.user(emulator.credentials.admin.username).id,
    });
    expect(JSON.parse(String(payload.Payload__c))).toEqual({
      Description: null,
      Email: 'ada@example.com',
      FirstName: 'Ada',
      LastName: 'Lovelace',
      WP_Website__c: null,
    });
  });

  it('publishes nothing for the integration user, a no-change update or an unmapped field', async () => {
    const id = await createContact(integration, { LastName: 'Quiet' });
    await integration.call('PATCH', `/sobjects/Contact/${id}`, { LastName: 'Still quiet' });
    await admin.call('PATCH', `/sobjects/Contact/${id}`, { LastName: 'Still quiet' });
    await admin.call('PATCH', `/sobjects/Contact/${id}`, { Phone: '555' });
    expect(seen).toEqual([]);
    await admin.call('PATCH', `/sobjects/Contact/${id}`, { LastName: 'Still Quiet' });
    expect(
      seen.map((event) => [event.payload.Operation__c, event.payload.Changed_Fields__c]),
    ).toEqual([['UPDATE', 'LastName']]);
  });

  it('publishes deletes only where the delete policy is not Ignore, and undeletes', async () => {
    const contactId = await createContact(integration, { LastName: 'Gone' });
    const accountAnswer = await integration.call('POST', '/sobjects/Account', {
      Name: 'Gone Inc',
      WP_Id__c: '77',
    });
    const accountId = (accountAnswer.body as { id: string }).id;
    expect((await admin.call('DELETE', `/sobjects/Contact/${contactId}`)).status).toBe(204);
    expect((await admin.call('DELETE', `/sobjects/Account/${accountId}`)).status).toBe(204);
    expect(
      seen.map((event) => [
        event.payload.Object__c,
        event.payload.Operation__c,
        event.payload.WP_Id__c,
      ]),
    ).toEqual([['Account', 'DELETE', '77']]);
    emulator.org.undelete('Contact', contactId, emulator.credentials.admin.username);
    expect(seen.map((event) => event.payload.Operation__c)).toEqual(['DELETE', 'UNDELETE']);
    expect(emulator.org.get('Contact', contactId)?.LastName).toBe('Gone');
  });

  it('publishes one event per record of a 200-record collection upsert, after it commits', async () => {
    const records = Array.from({ length: 200 }, (_unused, index) => ({
      attributes: { type: 'Contact' },
      WP_Id__c: `bulk-event-${index}`,
      LastName: `Bulk ${index}`,
    }));
    const answer = await admin.call('PATCH', '/composite/sobjects/Contact/WP_Id__c', { records });
    expect(answer.status).toBe(200);
    expect(seen).toHaveLength(200);
    expect(new Set(seen.map((event) => event.payload.WP_Id__c)).size).toBe(200);
  });

  it('logs a result, stamps the record and publishes no new sync event', async () => {
    const id = await createContact(integration, { LastName: 'Stamped' });
    const published = await integration.call('POST', '/sobjects/WP_Sync_Result__e', {
      Mapping__c: 'Contact_User',
      Record_Id__c: id,
      WP_Id__c: '4242',
      Direction__c: 'SalesforceToWordPress',
      Status__c: 'Success',
      Message__c: 'created user 4242',
      Source_Event__c: 'uuid-1',
    });
    expect(published.status).toBe(201);
    expect(seen).toEqual([]);
    expect(emulator.org.get('Contact', id)).toMatchObject({
      WP_Sync_Status__c: 'Success',
      WP_Id__c: '4242',
      WP_Last_Synced__c: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) as unknown,
    });
    const logs = emulator.org.query(
      `SELECT Name, Record_Id__c, Mapping__c, Status__c, WP_Id__c, Message__c, Source_Event__c, Synced_At__c FROM WP_Sync_Log__c WHERE Record_Id__c = '${id}'`,
    );
    expect(logs.records).toEqual([
      expect.objectContaining({
        Name: expect.stringMatching(/^WPL-\d{7}$/) as unknown,
        Mapping__c: 'Contact_User',
        Status__c: 'Success',
        WP_Id__c: '4242',
        Message__c: 'created user 4242',
        Source_Event__c: 'uuid-1',
      }),
    ]);
  });

  it('stamps only the status of a failure, ignores heartbeats and notes a stamp that fails', async () => {
    const first = await createContact(integration, { LastName: 'First', WP_Id__c: 'taken' });
    const second = await createContact(integration, { LastName: 'Second' });
    const publish = (values: Record<string, unknown>) =>
      emulator.org.events.publish(
        'WP_Sync_Result__e',
        values,
        emulator.org.sessionOf(emulator.org.config.users[1]),
      );
    publish({
      Mapping__c: 'Contact_User',
      Record_Id__c: second,
      Status__c: 'Failed',
      WP_Id__c: '99',
      Message__c: 'rejected',
    });
    expect(emulator.org.get('Contact', second)).toMatchObject({ WP_Sync_Status__c: 'Failed' });
    expect(emulator.org.get('Contact', second)?.WP_Id__c).toBeUndefined();
    expect(emulator.org.get('Contact', second)?.WP_Last_Synced__c).toBeUndefined();

    const logsBefore = emulator.org.query('SELECT COUNT() FROM WP_Sync_Log__c').totalSize;
    publish({ Status__c: 'Heartbeat', Message__c: '{"version":"1","lagMs":3}' });
    publish({ Status__c: 'Heartbeat', Message__c: '{"version":"1","state":"paused"}' });
    expect(emulator.org.query('SELECT COUNT() FROM WP_Sync_Log__c').totalSize).toBe(logsBefore);
    const connectors = emulator.org.query(
      'SELECT Connector_User_Id__c, Last_Heartbeat__c, Status__c FROM WP_Sync_Connector__c',
    ).records;
    expect(connectors).toHaveLength(1);
    expect(connectors[0]).toMatchObject({
      Connector_User_Id__c: emulator.org.config.users[1]?.id,
      Status__c: '{"version":"1","state":"paused"}',
    });
    expect(connectors[0]?.Last_Heartbeat__c).toEqual(expect.any(String));

    const badChecksum = `${second.slice(0, 15)}ZZZ`;
    publish({ Record_Id__c: badChecksum, Status__c: 'Success', Mapping__c: 'Contact_User' });
    const malformed = emulator.org.query(
      `SELECT Message__c FROM WP_Sync_Log__c WHERE Record_Id__c = '${badChecksum}'`,
    ).records[0];
    expect(String(malformed?.Message__c)).toMatch(
      new RegExp(`^Could not stamp the record: "${badChecksum}" is not a valid record id`),
    );

    publish({
      Mapping__c: 'Contact_User',
      Record_Id__c: second,
      Status__c: 'Success',
      WP_Id__c: 'taken',
      Message__c: 'linked',
    });
    const log = emulator.org.query(
      `SELECT Message__c FROM WP_Sync_Log__c WHERE Record_Id__c = '${second}' AND Status__c = 'Success'`,
    ).records[0];
    expect(String(log?.Message__c)).toMatch(/^linked\nCould not stamp the record: DUPLICATE_VALUE/);
    expect(emulator.org.get('Contact', first)?.WP_Id__c).toBe('taken');
    expect(seen).toEqual([]);
  });

  it('serves the shipped mappings to SOQL but refuses to write custom metadata', async () => {
    const soql =
      'SELECT DeveloperName, Salesforce_Object__c FROM WP_Object_Mapping__mdt ORDER BY DeveloperName';
    const mappings = await integration.call('GET', `/query?q=${encodeURIComponent(soql)}`);
    expect(mappings.body).toMatchObject({
      totalSize: 4,
      records: [
        { DeveloperName: 'Account_Organization', Salesforce_Object__c: 'Account' },
        { DeveloperName: 'Contact_User', Salesforce_Object__c: 'Contact' },
        { DeveloperName: 'Lead_Form_Submission', Salesforce_Object__c: 'Lead' },
        { DeveloperName: 'Member_Level', Salesforce_Object__c: 'Contact' },
      ],
    });
    const fieldSoql =
      "SELECT Salesforce_Field__c, Object_Mapping__r.DeveloperName FROM WP_Field_Mapping__mdt WHERE Object_Mapping__r.DeveloperName = 'Contact_User' ORDER BY Salesforce_Field__c";
    const fields = await integration.call('GET', `/query?q=${encodeURIComponent(fieldSoql)}`);
    expect(fields.body).toMatchObject({
      totalSize: 5,
      records: [
        {
          Salesforce_Field__c: 'Description',
          Object_Mapping__r: { DeveloperName: 'Contact_User' },
        },
        { Salesforce_Field__c: 'Email' },
        { Salesforce_Field__c: 'FirstName' },
        { Salesforce_Field__c: 'LastName' },
        { Salesforce_Field__c: 'WP_Website__c' },
      ],
    });
    const refused = await admin.call('POST', '/sobjects/WP_Object_Mapping__mdt', {
      DeveloperName: 'X',
    });
    expect(refused).toMatchObject({
      status: 400,
      body: [{ errorCode: 'INVALID_TYPE_FOR_OPERATION' }],
    });
  });

  it('refuses an event field that does not exist', async () => {
    const answer = await admin.call('POST', '/sobjects/WP_Sync_Result__e', { Nope__c: 'x' });
    expect(answer).toMatchObject({ status: 400, body: [{ errorCode: 'INVALID_FIELD' }] });
  });
});
