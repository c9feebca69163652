import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FetchResponse } from './messages.js';
import { ReplayPreset } from './messages.js';
import { subscriptionStats } from './subscription-stats.js';
import { INSTANCE_URL, ORG_ID, SESSION } from './testing/fixtures.js';
import { startTestEmulator, type TestEmulator } from './testing/emulator.js';
import { RawPubSubClient } from './testing/raw-client.js';

const TOPIC = '/event/WP_Sync_Event__e';

let emulator: TestEmulator;
let client: RawPubSubClient;

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

const eventCount = (responses: FetchResponse[]): number =>
  responses.reduce((sum, response) => sum + response.events.length, 0);

beforeEach(async () => {
  emulator = await startTestEmulator();
  client = new RawPubSubClient(emulator.server.endpoint, emulator.server.certificatePem, {
    accesstoken: emulator.token,
    instanceurl: INSTANCE_URL,
    tenantid: ORG_ID,
  });
});

afterEach(async () => {
  await emulator.stop();
  client.close();
});

describe('Pub/Sub server: subscription stats', () => {
  it('records what each stream asked for and was given, with times', async () => {
    for (let index = 0; index < 30; index++) {
      emulator.bus.publish(TOPIC, { Record_Id__c: `r${index}` }, SESSION);
    }
    expect(subscriptionStats(emulator.server)).toEqual([]);
    const before = Date.now();
    const stream = client.subscribe();
    stream.on('error', () => undefined);
    const received: FetchResponse[] = [];
    stream.on('data', (response: FetchResponse) => received.push(response));

    stream.write({ topicName: TOPIC, replayPreset: ReplayPreset.EARLIEST, numRequested: 10 });
    await until(() => eventCount(received) === 10, 'the first 10 events');
    // 150 is capped at 100 by the server; the stat keeps what the client asked for.
    stream.write({ topicName: TOPIC, numRequested: 150 });
    await until(() => eventCount(received) === 30, 'all 30 events');

    const [open] = subscriptionStats(emulator.server, TOPIC);
    expect(open).toMatchObject({
      topic: TOPIC,
      closedAt: undefined,
      requested: 160,
      delivered: 30,
      pending: 80,
      // The capped request lifted pending to 100 before the 20 retained events went out.
      maxPending: 100,
      truncated: false,
    });
    expect(open?.requests.map((request) => request.numRequested)).toEqual([10, 150]);
    expect(open?.deliveries.reduce((sum, each) => sum + each.events, 0)).toBe(30);
    expect(open?.deliveries.map((each) => each.events)).toEqual(
      received.filter((response) => response.events.length > 0).map((r) => r.events.length),
    );
    for (const entry of [...(open?.requests ?? []), ...(open?.deliveries ?? [])]) {
      expect(entry.at).toBeGreaterThanOrEqual(before);
      expect(entry.at).toBeLessThanOrEqual(Date.now());
    }
    expect(open?.rpcId).toBe(received[0]?.rpcId);

    stream.end();
    await sleep(100);
    const [closed] = subscriptionStats(emulator.server, TOPIC);
    expect(closed?.closedAt).toBeGreaterThanOrEqual(open?.openedAt ?? Infinity);
  });

  it('keeps one record per stream and filters by topic', async () => {
    const first = client.subscribe();
    const second = client.subscribe();
    for (const stream of [first, second]) stream.on('error', () => undefined);
    first.write({ topicName: TOPIC, numRequested: 3 });
    second.write({ topicName: TOPIC, numRequested: 7 });
    await sleep(100);
    emulator.bus.publish(TOPIC, { Record_Id__c: 'one' }, SESSION);
    await sleep(100);

    const all = subscriptionStats(emulator.server);
    expect(all).toHaveLength(2);
    expect(all.map((stats) => stats.requested).sort()).toEqual([3, 7]);
    expect(all.map((stats) => stats.delivered)).toEqual([1, 1]);
    expect(all.map((stats) => stats.maxPending).sort()).toEqual([3, 7]);
    expect(subscriptionStats(emulator.server, '/event/Other__e')).toEqual([]);

    // A snapshot is a copy: changing it changes nothing the server keeps.
    (all[0]?.requests as unknown as unknown[]).length = 0;
    expect(subscriptionStats(emulator.server)[0]?.requests).toHaveLength(1);
    first.end();
    second.end();
    await sleep(100);
  });

  it('refuses a handle it did not make', () => {
    expect(() => subscriptionStats({ ...emulator.server })).toThrow(/not a Pub\/Sub server/);
  });
});
