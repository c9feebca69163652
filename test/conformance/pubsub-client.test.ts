/**
 * Conformance of the emulator's Pub/Sub API with the unmodified salesforce-pubsub-api-client:
 * publish, schema retrieval, subscription, flow control, keepalive and replay id errors.
 */
import type PubSubApiClient from 'salesforce-pubsub-api-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { BusEvent } from '../emulator/contracts.js';
import {
  connectClient,
  errorCodeOf,
  SubscriptionRecorder,
} from '../emulator/pubsub/testing/client.js';
import { startTestEmulator, type TestEmulator } from '../emulator/pubsub/testing/emulator.js';
import { INSTANCE_URL, ORG_ID, SESSION } from '../emulator/pubsub/testing/fixtures.js';

const TOPIC = '/event/WP_Sync_Event__e';
const CORRUPTED = 'sfdc.platform.eventbus.grpc.subscription.fetch.replayid.corrupted';

let emulator: TestEmulator | undefined;
let client: PubSubApiClient | undefined;

async function start(options: Parameters<typeof startTestEmulator>[0] = {}): Promise<{
  emulator: TestEmulator;
  client: PubSubApiClient;
}> {
  emulator = await startTestEmulator(options);
  client = await connectClient(emulator.server.endpoint, emulator.token, INSTANCE_URL, ORG_ID);
  return { emulator, client };
}

function replayIdOf(event: BusEvent): number {
  return Number(event.replayId.readBigUInt64BE());
}

function publishOnBus(target: TestEmulator, count: number): BusEvent[] {
  return Array.from({ length: count }, (_, index) =>
    target.bus.publish(
      TOPIC,
      { Record_Id__c: `003${String(index).padStart(15, '0')}`, Operation__c: 'UPDATE' },
      SESSION,
    ),
  );
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

afterEach(async () => {
  // Server first: it ends open streams with OK while the client still listens (toolchain.md:
  // an error reaching a closed client crashes the process).
  await emulator?.stop();
  client?.close();
  emulator = undefined;
  client = undefined;
});

describe('salesforce-pubsub-api-client against the emulator', () => {
  it('publishes an event (GetTopic, GetSchema, Avro, Publish) that lands on the bus', async () => {
    const { emulator: target, client: pubsub } = await start();
    const modstamp = Date.UTC(2026, 10, 22, 9, 0, 0);
    const result = await pubsub.publish(
      TOPIC,
      {
        CreatedDate: Date.now(),
        CreatedById: SESSION.userId,
        Mapping__c: { string: 'Contact_User' },
        Object__c: { string: 'Contact' },
        Record_Id__c: { string: '003000000000001AAA' },
        Operation__c: { string: 'CREATE' },
        Changed_Fields__c: null,
        Payload__c: { string: '{"Email":"ada@example.com"}' },
        WP_Id__c: null,
        Modstamp__c: { long: modstamp },
      },
      'correlation-1',
    );
    expect(result.correlationKey).toBe('correlation-1');
    const [stored] = target.bus.read(TOPIC, undefined, 10);
    expect(stored && replayIdOf(stored)).toBe(result.replayId);
    expect(stored?.payload).toMatchObject({
      Mapping__c: 'Contact_User',
      Operation__c: 'CREATE',
      Payload__c: '{"Email":"ada@example.com"}',
      WP_Id__c: null,
      Modstamp__c: new Date(modstamp).toISOString(),
      CreatedById: SESSION.userId,
    });
  });

  it('publishes a batch over PublishStream with a result per event', async () => {
    const { emulator: target, client: pubsub } = await start();
    const responses: { results: { replayId: number; correlationKey: string }[] }[] = [];
    const events = Array.from({ length: 5 }, (_, index) => ({
      id: `batch-${index}`,
      payload: {
        CreatedDate: Date.now(),
        CreatedById: SESSION.userId,
        Command__c: { string: 'ResyncRecord' },
        Mapping__c: { string: 'Contact_User' },
        Record_Ids__c: { string: `003${String(index).padStart(15, '0')}` },
      },
    }));
    await pubsub.publishBatch('/event/WP_Sync_Command__e', events, (_info, type, data) => {
      if (type === 'publishResponse') {
        responses.push(data as (typeof responses)[number]);
      }
    });
    await expect.poll(() => responses.length).toBe(1);
    const results = responses[0]?.results ?? [];
    expect(results.map((each) => each.correlationKey)).toEqual(events.map((each) => each.id));
    const stored = target.bus.read('/event/WP_Sync_Command__e', undefined, 10);
    expect(stored.map(replayIdOf)).toEqual(results.map((each) => each.replayId));
    expect(stored.map((each) => each.payload.Command__c)).toEqual(Array(5).fill('ResyncRecord'));
  });

  it('subscribes from the earliest event and decodes it with the schema from GetSchema', async () => {
    const { emulator: target, client: pubsub } = await start();
    const published = publishOnBus(target, 3);
    const recorder = new SubscriptionRecorder();
    pubsub.subscribeFromEarliestEvent(TOPIC, recorder.callback, 3);
    await recorder.waitFor(() => recorder.lastEvents === 1);

    expect(recorder.events.map((event) => event.replayId)).toEqual(published.map(replayIdOf));
    expect(recorder.events.map((event) => event.id)).toEqual(
      published.map((event) => event.eventUuid),
    );
    const [first] = recorder.events;
    expect(first?.payload).toMatchObject({
      CreatedById: SESSION.userId,
      CreatedDate: published[0]?.publishedAt.getTime(),
      Record_Id__c: '003000000000000000',
      Operation__c: 'UPDATE',
      Mapping__c: null,
    });
    expect(first?.schemaId).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(recorder.errors).toEqual([]);
  });

  it('never delivers more events than requested', async () => {
    const { emulator: target, client: pubsub } = await start();
    publishOnBus(target, 25);
    const recorder = new SubscriptionRecorder();
    pubsub.subscribeFromEarliestEvent(TOPIC, recorder.callback, 10);
    await recorder.waitFor(() => recorder.lastEvents === 1);
    publishOnBus(target, 10);
    await sleep(300);
    expect(recorder.events).toHaveLength(10);

    pubsub.requestAdditionalEvents(TOPIC, 7);
    await recorder.waitFor(() => recorder.lastEvents === 2);
    await sleep(300);
    expect(recorder.events).toHaveLength(17);
    const ids = recorder.events.map((event) => event.replayId);
    expect(new Set(ids).size).toBe(17);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(recorder.errors).toEqual([]);
  });

  it('keeps an idle subscription alive with the latest replay id', async () => {
    const { emulator: target, client: pubsub } = await start({ keepaliveMs: 200 });
    const published = publishOnBus(target, 2);
    const recorder = new SubscriptionRecorder();
    pubsub.subscribe(TOPIC, recorder.callback, 5);
    await recorder.waitFor(() => recorder.keepalives >= 1);
    expect(recorder.events).toEqual([]);
    expect(recorder.lastReplayId).toBe(replayIdOf(published[1] as BusEvent));
  });

  it('fails a subscription from an expired replay id with the corrupted error code', async () => {
    let now = Date.UTC(2026, 10, 1);
    const { emulator: target, client: pubsub } = await start({ now: () => now });
    const [stored] = publishOnBus(target, 1).map(replayIdOf);
    now += 73 * 60 * 60 * 1000;
    const expired = new SubscriptionRecorder();
    pubsub.subscribeFromReplayId(TOPIC, expired.callback, 5, stored ?? 0);
    await expired.waitFor(() => expired.errors.length > 0);
    expect(expired.errors[0]?.code).toBe(3); // INVALID_ARGUMENT
    expect(errorCodeOf(expired.errors[0])).toBe(CORRUPTED);
    expect(expired.events).toEqual([]);
  });

  it('fails a computed replay id, and a forced rejection, the same way', async () => {
    const { emulator: target, client: pubsub } = await start();
    const ids = publishOnBus(target, 3).map(replayIdOf);
    const issued = new Set(ids);
    const computed = (ids[0] ?? 0) + 1;
    const recorder = new SubscriptionRecorder();
    pubsub.subscribeFromReplayId(
      TOPIC,
      recorder.callback,
      5,
      issued.has(computed) ? (ids[2] ?? 0) + 1 : computed,
    );
    await recorder.waitFor(() => recorder.errors.length > 0);
    expect(errorCodeOf(recorder.errors[0])).toBe(CORRUPTED);

    const forcedClient = await connectClient(
      target.server.endpoint,
      target.token,
      INSTANCE_URL,
      ORG_ID,
    );
    try {
      target.server.faults.rejectNextCustomReplayId();
      const forced = new SubscriptionRecorder();
      forcedClient.subscribeFromReplayId(TOPIC, forced.callback, 5, ids[0] ?? 0);
      await forced.waitFor(() => forced.errors.length > 0);
      expect(errorCodeOf(forced.errors[0])).toBe(CORRUPTED);
    } finally {
      forcedClient.close();
    }
  });

  it('reports dropped streams as UNAVAILABLE; a new client resumes from the last replay id', async () => {
    const { emulator: target, client: pubsub } = await start();
    const published = publishOnBus(target, 6).map(replayIdOf);
    const dropped = new SubscriptionRecorder();
    pubsub.subscribeFromEarliestEvent(TOPIC, dropped.callback, 3);
    await dropped.waitFor(() => dropped.lastEvents === 1);
    target.server.faults.dropStreams();
    await dropped.waitFor(() => dropped.errors.length > 0);
    expect(dropped.errors[0]?.code).toBe(14); // UNAVAILABLE
    expect(errorCodeOf(dropped.errors[0])).toBe('sfdc.platform.eventbus.grpc.service.unavailable');

    // The client keeps its dead stream cached per topic, so resuming takes a new client.
    const resumed = await connectClient(target.server.endpoint, target.token, INSTANCE_URL, ORG_ID);
    try {
      const recorder = new SubscriptionRecorder();
      resumed.subscribeFromReplayId(
        TOPIC,
        recorder.callback,
        3,
        dropped.events.at(-1)?.replayId ?? 0,
      );
      await recorder.waitFor(() => recorder.lastEvents === 1);
      expect([...dropped.events, ...recorder.events].map((event) => event.replayId)).toEqual(
        published,
      );
      await target.server.stop();
    } finally {
      resumed.close();
    }
  });

  it('reports an invalid token as UNAUTHENTICATED', async () => {
    const { emulator: target } = await start();
    const stranger = await connectClient(
      target.server.endpoint,
      `${ORG_ID.slice(0, 15)}!not-a-token`,
      INSTANCE_URL,
      ORG_ID,
    );
    try {
      const failure = await stranger.publish(TOPIC, {}).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(Error);
      expect((failure as Error).cause).toMatchObject({ code: 16 });
    } finally {
      stranger.close();
    }
  });
});
