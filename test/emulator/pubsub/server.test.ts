import { status, type ServiceError } from '@grpc/grpc-js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deriveEventSchema, encodePayload } from './avro-schema.js';
import type { FetchResponse } from './messages.js';
import { ReplayPreset } from './messages.js';
import { EMPTY_TOPIC_REPLAY_ID } from './replay-id.js';
import { subscriptionStats } from './subscription-stats.js';
import { INSTANCE_URL, ORG_ID, PLATFORM_EVENTS, SESSION } from './testing/fixtures.js';
import { startTestEmulator, type TestEmulator } from './testing/emulator.js';
import {
  nextMessages,
  RawPubSubClient,
  streamError,
  type AuthHeaders,
} from './testing/raw-client.js';

const TOPIC = '/event/WP_Sync_Event__e';
const CORRUPTED = 'sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted';
const syncEventObject = PLATFORM_EVENTS[0];
if (syncEventObject === undefined) {
  throw new Error('fixture missing');
}
const schema = deriveEventSchema(syncEventObject);
/** What a client puts in the two fields every event has (the server replaces both). */
const STANDARD = { CreatedDate: Date.now(), CreatedById: '005000000000000AAA' };

let emulator: TestEmulator;
const clients: RawPubSubClient[] = [];

function client(headers: Partial<AuthHeaders> = {}): RawPubSubClient {
  const created = new RawPubSubClient(emulator.server.endpoint, emulator.server.certificatePem, {
    accesstoken: emulator.token,
    instanceurl: INSTANCE_URL,
    tenantid: ORG_ID,
    ...headers,
  });
  clients.push(created);
  return created;
}

function publishOnBus(count: number): Buffer[] {
  return Array.from(
    { length: count },
    (_, index) => emulator.bus.publish(TOPIC, { Record_Id__c: `r${index}` }, SESSION).replayId,
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `condition` holds (a loaded machine can take longer than a fixed sleep). */
async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function errorCode(error: ServiceError): unknown {
  return error.metadata.get('error-code')[0];
}

beforeEach(async () => {
  emulator = await startTestEmulator({ keepaliveMs: 150 });
});

afterEach(async () => {
  await emulator.stop();
  for (const each of clients.splice(0)) {
    each.close();
  }
});

describe('Pub/Sub server: transport and auth', () => {
  it('serves TLS with the certificate it reports, on 127.0.0.1', async () => {
    expect(emulator.server.endpoint).toBe(`127.0.0.1:${emulator.server.port}`);
    expect(emulator.server.certificatePem).toContain('BEGIN CERTIFICATE');
    const topic = await client().unary('GetTopic', { topicName: TOPIC });
    expect(topic).toMatchObject({
      topicName: TOPIC,
      tenantGuid: ORG_ID,
      canPublish: true,
      canSubscribe: true,
      schemaId: schema.id,
    });
    expect(topic.rpcId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['an unknown token', { accesstoken: 'nope' }],
    ['no token', { accesstoken: '' }],
    ['another org', { tenantid: '00D000000000001AAA' }],
    ['no instance url', { instanceurl: '' }],
  ])('rejects %s as UNAUTHENTICATED with the auth error code', async (_label, headers) => {
    const error = await client(headers)
      .unary('GetTopic', { topicName: TOPIC })
      .then(
        () => undefined,
        (caught: unknown) => caught as ServiceError,
      );
    expect(error?.code).toBe(status.UNAUTHENTICATED);
    expect(error && errorCode(error)).toBe('sfdc.platform.eventbus.grpc.service.auth.error');
    expect(error?.details).toMatch(/rpcId: [0-9a-f-]{36}$/);
    expect(error?.metadata.get('rpc-id')).toHaveLength(1);
  });

  it('rejects a revoked token, on streams too', async () => {
    emulator.tokens.revoke(emulator.token);
    const stream = client().subscribe();
    const failed = streamError(stream);
    stream.write({ topicName: TOPIC, numRequested: 1 });
    expect((await failed).code).toBe(status.UNAUTHENTICATED);
  });

  it('accepts the 15-character org id as tenant id', async () => {
    const topic = await client({ tenantid: ORG_ID.slice(0, 15) }).unary('GetTopic', {
      topicName: TOPIC,
    });
    expect(topic.schemaId).toBe(schema.id);
  });
});

describe('Pub/Sub server: topics, schemas and publishing', () => {
  it('answers NOT_FOUND for an unknown topic or schema', async () => {
    const raw = client();
    await expect(raw.unary('GetTopic', { topicName: '/event/Nope__e' })).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
    await expect(
      raw.unary('GetTopic', { topicName: '/data/ContactChangeEvent' }),
    ).rejects.toMatchObject({ code: status.NOT_FOUND });
    await expect(raw.unary('GetSchema', { schemaId: 'unknown' })).rejects.toMatchObject({
      code: status.NOT_FOUND,
    });
  });

  it('serves the derived schema by id', async () => {
    const info = await client().unary('GetSchema', { schemaId: schema.id });
    expect(info.schemaId).toBe(schema.id);
    expect(info.schemaJson).toBe(schema.json);
  });

  it('publishes Avro events with per-event results', async () => {
    const payload = encodePayload(schema, {
      ...STANDARD,
      Mapping__c: 'Contact_User',
      Operation__c: 'CREATE',
    });
    const response = await client().unary('Publish', {
      topicName: TOPIC,
      events: [
        { id: 'ok-1', schemaId: schema.id, payload, headers: [] },
        { id: 'bad-schema', schemaId: 'other', payload, headers: [] },
        { id: 'bad-bytes', schemaId: schema.id, payload: Buffer.from([0xff]), headers: [] },
      ],
    });
    expect(response.schemaId).toBe(schema.id);
    const [ok, badSchema, badBytes] = response.results;
    expect(ok?.correlationKey).toBe('ok-1');
    expect(ok?.error).toBeNull();
    expect(ok?.replayId).toHaveLength(8);
    expect(badSchema).toMatchObject({ correlationKey: 'bad-schema', error: { code: 1 } });
    expect(badBytes).toMatchObject({ correlationKey: 'bad-bytes', error: { code: 1 } });
    const stored = emulator.bus.read(TOPIC, undefined, 10);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.replayId).toEqual(ok?.replayId);
    expect(stored[0]?.payload).toMatchObject({
      Mapping__c: 'Contact_User',
      Operation__c: 'CREATE',
      CreatedById: SESSION.userId,
    });
  });

  it('refuses more than 200 events in one PublishRequest', async () => {
    const payload = encodePayload(schema, STANDARD);
    const events = Array.from({ length: 201 }, (_, index) => ({
      id: `e${index}`,
      schemaId: schema.id,
      payload,
      headers: [],
    }));
    const raw = client();
    await expect(raw.unary('Publish', { topicName: TOPIC, events })).rejects.toMatchObject({
      code: status.INVALID_ARGUMENT,
    });
    const accepted = await raw.unary('Publish', { topicName: TOPIC, events: events.slice(1) });
    expect(accepted.results.every((result) => result.replayId?.length === 8)).toBe(true);
  });
});

describe('Pub/Sub server: Subscribe', () => {
  it('never delivers more than requested and reports pending_num_requested', async () => {
    publishOnBus(30);
    const stream = client().subscribe();
    const received: FetchResponse[] = [];
    stream.on('data', (response: FetchResponse) => received.push(response));
    const count = (): number => received.reduce((sum, each) => sum + each.events.length, 0);

    // Wait for what was requested, then a moment more: nothing beyond it may arrive.
    stream.write({ topicName: TOPIC, replayPreset: ReplayPreset.EARLIEST, numRequested: 10 });
    await until(() => count() >= 10, '10 events');
    await sleep(100);
    expect(count()).toBe(10);
    expect(received.at(-1)?.pendingNumRequested).toBe(0);

    // 150 is capped at 100: 20 retained events go out, 80 stay pending.
    stream.write({ topicName: TOPIC, numRequested: 150 });
    await until(() => count() >= 30, '30 events');
    await sleep(100);
    expect(count()).toBe(30);
    expect(received.at(-1)?.pendingNumRequested).toBe(80);

    publishOnBus(120);
    await until(() => count() >= 110, '110 events');
    await sleep(100);
    expect(count()).toBe(110);
    expect(received.at(-1)?.pendingNumRequested).toBe(0);
    const ids = received.flatMap((each) =>
      each.events.map((event) => event.replayId.toString('hex')),
    );
    expect(new Set(ids).size).toBe(110);
    expect(ids).toEqual([...ids].sort());
    for (const response of received.filter((each) => each.events.length > 0)) {
      expect(response.latestReplayId).toEqual(response.events.at(-1)?.replayId);
    }
    stream.end();
  });

  it('sends a keepalive with the latest replay id when idle', async () => {
    const stream = client().subscribe();
    stream.write({ topicName: TOPIC, numRequested: 5 });
    const [idle] = await nextMessages<FetchResponse>(stream, 1);
    expect(idle?.events).toEqual([]);
    expect(idle?.latestReplayId).toEqual(EMPTY_TOPIC_REPLAY_ID);
    expect(idle?.pendingNumRequested).toBe(5);

    const [latest] = publishOnBus(1);
    const [delivered, keepalive] = await nextMessages<FetchResponse>(stream, 2);
    expect(delivered?.events).toHaveLength(1);
    expect(keepalive?.events).toEqual([]);
    expect(keepalive?.latestReplayId).toEqual(latest);
    expect(keepalive?.pendingNumRequested).toBe(4);
    stream.end();
  });

  it('starts at LATEST by default and after a CUSTOM replay id', async () => {
    const ids = publishOnBus(5);
    const latest = client().subscribe();
    latest.write({ topicName: TOPIC, numRequested: 10 });
    const custom = client().subscribe();
    custom.write({
      topicName: TOPIC,
      replayPreset: ReplayPreset.CUSTOM,
      replayId: ids[2],
      numRequested: 10,
    });
    const [fromCustom] = await nextMessages<FetchResponse>(custom, 1);
    expect(fromCustom?.events.map((event) => event.replayId)).toEqual(ids.slice(3));

    const [fresh] = publishOnBus(1);
    const [fromLatest] = await nextMessages<FetchResponse>(latest, 1);
    expect(fromLatest?.events.map((event) => event.replayId)).toEqual([fresh]);
    latest.end();
    custom.end();
  });

  it('fails a later FetchRequest naming another topic with INVALID_ARGUMENT', async () => {
    const stream = client().subscribe();
    const failed = streamError(stream);
    stream.write({ topicName: TOPIC, numRequested: 1 });
    stream.write({ topicName: '/event/WP_Sync_Result__e', numRequested: 1 });
    expect((await failed).code).toBe(status.INVALID_ARGUMENT);
  });

  it('rejects a computed or expired replay id with the corrupted error code', async () => {
    const [id] = publishOnBus(1);
    if (id === undefined) {
      throw new Error('nothing published');
    }
    const computed = Buffer.from(id);
    computed.writeBigUInt64BE(computed.readBigUInt64BE() - 1n);
    const stream = client().subscribe();
    const failed = streamError(stream);
    stream.write({ topicName: TOPIC, replayPreset: ReplayPreset.CUSTOM, replayId: computed });
    const error = await failed;
    expect(error.code).toBe(status.INVALID_ARGUMENT);
    expect(errorCode(error)).toBe(CORRUPTED);
    expect(error.details).toMatch(/retention window\. rpcId: /);
  });

  it('validates the replay id length and num_requested', async () => {
    const short = client().subscribe();
    const shortFailed = streamError(short);
    short.write({
      topicName: TOPIC,
      replayPreset: ReplayPreset.CUSTOM,
      replayId: Buffer.from([1]),
    });
    const shortError = await shortFailed;
    expect(shortError.code).toBe(status.INVALID_ARGUMENT);
    expect(errorCode(shortError)).toBe(
      'sfdc.platform.eventbus.grpc.subscription.fetch.replayid.validation.failed',
    );

    const negative = client().subscribe();
    const negativeFailed = streamError(negative);
    negative.write({ topicName: TOPIC, numRequested: -1 });
    expect(errorCode(await negativeFailed)).toBe(
      'sfdc.platform.eventbus.grpc.subscription.fetch.requested.events.invalid',
    );
  });

  it('resumes from the zero id a keepalive reports for a topic without events', async () => {
    const stream = client().subscribe();
    stream.write({
      topicName: TOPIC,
      replayPreset: ReplayPreset.CUSTOM,
      replayId: EMPTY_TOPIC_REPLAY_ID,
      numRequested: 2,
    });
    await sleep(50);
    const ids = publishOnBus(2);
    const [response] = await nextMessages<FetchResponse>(stream, 1);
    expect(response?.events.map((event) => event.replayId)).toEqual(ids);
    stream.end();
  });

  it('rejects the next CUSTOM replay id once when told to', async () => {
    const [id] = publishOnBus(2);
    emulator.server.faults.rejectNextCustomReplayId();
    const first = client().subscribe();
    const failed = streamError(first);
    first.write({
      topicName: TOPIC,
      replayPreset: ReplayPreset.CUSTOM,
      replayId: id,
      numRequested: 1,
    });
    expect(errorCode(await failed)).toBe(CORRUPTED);

    const second = client().subscribe();
    second.write({
      topicName: TOPIC,
      replayPreset: ReplayPreset.CUSTOM,
      replayId: id,
      numRequested: 1,
    });
    const [response] = await nextMessages<FetchResponse>(second, 1);
    expect(response?.events).toHaveLength(1);
    second.end();
  });

  it('drops open streams with UNAVAILABLE, and ends them with OK on stop', async () => {
    const dropped = client().subscribe();
    dropped.write({ topicName: TOPIC, numRequested: 1 });
    await nextMessages(dropped, 1);
    const failed = streamError(dropped);
    emulator.server.faults.dropStreams();
    const error = await failed;
    expect(error.code).toBe(status.UNAVAILABLE);
    expect(errorCode(error)).toBe('sfdc.platform.eventbus.grpc.service.unavailable');

    const open = client().subscribe();
    open.on('data', () => undefined);
    open.write({ topicName: TOPIC, numRequested: 1 });
    await until(
      () => subscriptionStats(emulator.server, TOPIC).some((stats) => stats.closedAt === undefined),
      'the second stream to open',
    );
    const ended = new Promise<number>((resolve) => {
      open.on('status', (final: { code: number }) => {
        resolve(final.code);
      });
    });
    await emulator.server.stop();
    expect(await ended).toBe(status.OK);
  });
});
