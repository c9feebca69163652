/**
 * Publishing platform events as Salesforce documents it (Platform Events Developer Guide,
 * "Publish Event Messages with Salesforce APIs"): over REST a publish answers 201 with
 * `success: true` and an OPERATION_ENQUEUED entry in `errors` whose message is the event's UUID,
 * alone or in sObject Collections; text longer than an event field's length is refused, over
 * REST (STRING_TOO_LONG) and over the Pub/Sub API (a PUBLISH error for that event).
 * Unmodified jsforce 3 and salesforce-pubsub-api-client, plus a bare gRPC client to read the
 * PublishResult the Pub/Sub client does not expose.
 */
import { Connection, OAuth2 } from 'jsforce';
import type PubSubApiClient from 'salesforce-pubsub-api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { compileSchema, describeEventSchema } from '../emulator/pubsub/avro-schema.js';
import { PublishErrorCode } from '../emulator/pubsub/messages.js';
import { loadPubSubClient, quietLogger } from '../emulator/pubsub/testing/client.js';
import { RawPubSubClient } from '../emulator/pubsub/testing/raw-client.js';

const VERSION = '65.0';
const COMMAND = 'WP_Sync_Command__e';
const COMMAND_TOPIC = `/event/${COMMAND}`;
/** `Record_Ids__c` is a Long Text Area(32768) in force-app. */
const RECORD_IDS_LENGTH = 32_768;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface EnqueuedResult {
  id: string;
  success: boolean;
  errors: { statusCode: string; message: string; fields: string[] }[];
}

describe('publishing platform events against the emulator', () => {
  let emulator: RunningEmulator;
  let admin: Connection;
  let pubsub: PubSubApiClient;

  beforeAll(async () => {
    emulator = await startEmulator();
    admin = new Connection({
      oauth2: new OAuth2({
        loginUrl: emulator.loginUrl,
        clientId: emulator.credentials.clientId,
        clientSecret: emulator.credentials.clientSecret,
      }),
      version: VERSION,
    });
    const { admin: user } = emulator.credentials;
    await admin.login(user.username, user.password + user.securityToken);
    const Client = await loadPubSubClient();
    pubsub = new Client(
      {
        authType: 'oauth-jwt-bearer',
        loginUrl: emulator.loginUrl,
        clientId: emulator.credentials.clientId,
        username: emulator.credentials.integration.username,
        privateKey: emulator.credentials.jwtPrivateKeyPem ?? '',
        pubSubEndpoint: emulator.pubSub?.endpoint ?? '',
        rejectUnauthorizedSsl: false,
      },
      quietLogger,
    );
    await pubsub.connect();
  });
  afterAll(async () => {
    // Server first, then the client (toolchain.md: a drop after close crashes the client).
    await emulator.stop();
    pubsub.close();
  });

  const commandsOnBus = () => emulator.bus.read(COMMAND_TOPIC, undefined, 10_000);

  it('answers 201, success and OPERATION_ENQUEUED with the event UUID (REST create)', async () => {
    const result = (await admin
      .sobject(COMMAND)
      .create({ Command__c: 'Pause' })) as unknown as EnqueuedResult;
    expect(result.success).toBe(true);
    expect(result.id).toMatch(/^e\w{14}(\w{3})?$/);
    expect(result.errors).toEqual([
      {
        statusCode: 'OPERATION_ENQUEUED',
        message: expect.stringMatching(UUID) as unknown,
        fields: [],
      },
    ]);
    const published = commandsOnBus().at(-1);
    expect(published?.eventUuid).toBe(result.errors[0]?.message);
    expect(published?.payload.Command__c).toBe('Pause');

    const raw = await fetch(
      `${emulator.instanceUrl}/services/data/v${VERSION}/sobjects/${COMMAND}`,
      {
        method: 'POST',
        headers: {
          authorization: `Bearer ${admin.accessToken ?? ''}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ Command__c: 'Resume' }),
      },
    );
    expect(raw.status).toBe(201);
    expect(raw.headers.get('location')).toBeNull();
  });

  it('answers OPERATION_ENQUEUED for every event of an sObject Collections create', async () => {
    const results = (await admin
      .sobject(COMMAND)
      .create([{ Command__c: 'Pause' }, { Command__c: 'Resume' }])) as unknown as EnqueuedResult[];
    expect(results).toHaveLength(2);
    const uuids = commandsOnBus()
      .slice(-2)
      .map((event) => event.eventUuid);
    expect(results.map((result) => [result.success, result.errors[0]?.statusCode])).toEqual([
      [true, 'OPERATION_ENQUEUED'],
      [true, 'OPERATION_ENQUEUED'],
    ]);
    expect(results.map((result) => result.errors[0]?.message)).toEqual(uuids);
  });

  it('refuses text longer than the event field over REST with STRING_TOO_LONG', async () => {
    const before = commandsOnBus().length;
    await expect(
      admin.sobject(COMMAND).create({
        Command__c: 'ResyncRecord',
        Record_Ids__c: 'x'.repeat(RECORD_IDS_LENGTH + 1),
      }),
    ).rejects.toMatchObject({ errorCode: 'STRING_TOO_LONG', data: { fields: ['Record_Ids__c'] } });
    expect(commandsOnBus()).toHaveLength(before);
    const atLimit = (await admin.sobject(COMMAND).create({
      Command__c: 'ResyncRecord',
      Record_Ids__c: 'x'.repeat(RECORD_IDS_LENGTH),
    })) as unknown as EnqueuedResult;
    expect(atLimit.success).toBe(true);
    expect(commandsOnBus()).toHaveLength(before + 1);
  });

  it('refuses text longer than the event field over the Pub/Sub API', async () => {
    const before = commandsOnBus().length;
    const integrationId = emulator.org.user(emulator.credentials.integration.username).id;
    const payload = (recordIds: string) => ({
      CreatedDate: Date.now(),
      CreatedById: integrationId,
      Command__c: { string: 'ResyncRecord' },
      Mapping__c: null,
      Record_Ids__c: { string: recordIds },
    });
    // The client reads the replay id of every result, so a refused event makes publish() throw.
    await expect(
      pubsub.publish(COMMAND_TOPIC, payload('x'.repeat(RECORD_IDS_LENGTH + 1))),
    ).rejects.toThrow(`Failed to publish event for topic ${COMMAND_TOPIC}`);
    expect(commandsOnBus()).toHaveLength(before);
    const accepted = await pubsub.publish(COMMAND_TOPIC, payload('x'.repeat(RECORD_IDS_LENGTH)));
    expect(accepted.replayId).toEqual(expect.any(Number));
    expect(commandsOnBus()).toHaveLength(before + 1);

    // What the server answered, read with a bare gRPC client.
    const token = await admin.oauth2.authenticate(
      emulator.credentials.integration.username,
      emulator.credentials.integration.password + emulator.credentials.integration.securityToken,
    );
    const raw = new RawPubSubClient(
      emulator.pubSub?.endpoint ?? '',
      emulator.pubSub?.certificatePem ?? '',
      {
        accesstoken: token.access_token,
        instanceurl: emulator.instanceUrl,
        tenantid: emulator.credentials.orgId,
      },
    );
    try {
      const schema = describeEventSchema(emulator.org.schema.getObject(COMMAND) ?? missing());
      const bytes = compileSchema(schema.json).toBuffer({
        CreatedDate: Date.now(),
        CreatedById: integrationId,
        Command__c: 'ResyncRecord',
        Mapping__c: null,
        Record_Ids__c: 'y'.repeat(RECORD_IDS_LENGTH + 1),
      });
      const response = await raw.unary('Publish', {
        topicName: COMMAND_TOPIC,
        events: [{ id: 'too-long', schemaId: schema.id, payload: bytes, headers: [] }],
      });
      expect(response.results[0]).toMatchObject({
        correlationKey: 'too-long',
        error: {
          code: PublishErrorCode.PUBLISH,
          msg: expect.stringMatching(
            /^STRING_TOO_LONG: Record Ids: data value too large: y+ \(max length=32768\)$/,
          ) as unknown,
        },
      });
    } finally {
      raw.close();
    }
    expect(commandsOnBus()).toHaveLength(before + 1);
  });
});

function missing(): never {
  throw new Error('WP_Sync_Command__e is missing from the org schema');
}
