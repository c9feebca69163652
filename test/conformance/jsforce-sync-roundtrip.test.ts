/**
 * Both halves of the emulator together, driven by the unmodified clients the connector uses
 * over HTTPS:
 * a Contact changed through jsforce reaches a Pub/Sub subscriber as WP_Sync_Event__e, and a
 * WP_Sync_Result__e published over Pub/Sub is logged and stamped by the package's result trigger.
 */
import { globalAgent } from 'node:https';
import { Connection } from 'jsforce';
import type PubSubApiClient from 'salesforce-pubsub-api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, SubscriptionRecorder } from '../emulator/pubsub/testing/client.js';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';

const VERSION = '65.0';
const SYNC_TOPIC = '/event/WP_Sync_Event__e';

describe('sync round trip through jsforce and the Pub/Sub API', () => {
  let emulator: RunningEmulator;
  let admin: Connection;
  let integration: Connection;
  let pubsub: PubSubApiClient;

  beforeAll(async () => {
    // Real instance URLs are https, and the Pub/Sub client accepts no other (toolchain.md); the
    // test process trusts the emulator's self-signed certificate, jsforce itself is unchanged.
    emulator = await startEmulator({ https: true });
    globalAgent.options.ca = emulator.httpsCertificatePem;
    const oauth2 = {
      loginUrl: emulator.loginUrl,
      clientId: emulator.credentials.clientId,
      clientSecret: emulator.credentials.clientSecret,
    };
    admin = new Connection({ oauth2, version: VERSION });
    const { admin: adminUser } = emulator.credentials;
    await admin.login(adminUser.username, adminUser.password + adminUser.securityToken);
    integration = new Connection({ oauth2, version: VERSION });
    await integration.authorize({ grant_type: 'client_credentials' });
    pubsub = await connectClient(
      emulator.pubSub?.endpoint ?? '',
      integration.accessToken ?? '',
      emulator.instanceUrl,
      emulator.credentials.orgId,
    );
  });
  afterAll(async () => {
    // Server first, then the client (toolchain.md: a drop after close crashes the client).
    await emulator.stop();
    pubsub.close();
  });

  it('delivers the sync event of a record change and applies the connector result', async () => {
    const created = await admin
      .sobject('Contact')
      .create({ FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com' });
    const id = created.success ? created.id : '';

    const recorder = new SubscriptionRecorder();
    pubsub.subscribeFromEarliestEvent(SYNC_TOPIC, recorder.callback, 10);
    await recorder.waitFor(() =>
      recorder.events.some((event) => event.payload.Record_Id__c === id),
    );
    const event = recorder.events.find((candidate) => candidate.payload.Record_Id__c === id);
    expect(event?.payload).toMatchObject({
      Mapping__c: 'Contact_User',
      Object__c: 'Contact',
      Operation__c: 'CREATE',
      Changed_Fields__c: 'Email,FirstName,LastName',
      CreatedById: emulator.org.user(emulator.credentials.admin.username).id,
    });
    expect(JSON.parse(String(event?.payload.Payload__c))).toMatchObject({
      Email: 'ada@example.com',
    });

    const eventsBefore = emulator.bus.read(SYNC_TOPIC, undefined, 1000).length;
    const published = await pubsub.publish('/event/WP_Sync_Result__e', {
      CreatedDate: Date.now(),
      CreatedById: emulator.org.user(emulator.credentials.integration.username).id,
      Mapping__c: { string: 'Contact_User' },
      Record_Id__c: { string: id },
      WP_Id__c: { string: '501' },
      Direction__c: { string: 'SalesforceToWordPress' },
      Status__c: { string: 'Success' },
      Message__c: { string: 'created WordPress user 501' },
      Source_Event__c: { string: event?.id ?? '' },
    });
    expect(published.replayId).toEqual(expect.any(Number));

    const stamped = await integration.sobject('Contact').retrieve(id);
    expect(stamped).toMatchObject({ WP_Id__c: '501', WP_Sync_Status__c: 'Success' });
    const logs = await integration.query<{ Status__c: string; Source_Event__c: string }>(
      `SELECT Status__c, Source_Event__c FROM WP_Sync_Log__c WHERE Record_Id__c = '${id}'`,
    );
    expect(logs.records).toMatchObject([{ Status__c: 'Success', Source_Event__c: event?.id }]);
    // Stamping the record published no new sync event.
    expect(emulator.bus.read(SYNC_TOPIC, undefined, 1000)).toHaveLength(eventsBefore);
  });
});
