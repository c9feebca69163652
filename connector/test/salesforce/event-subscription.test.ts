import { setTimeout as delay } from 'node:timers/promises';
import type PubSubApiClient from 'salesforce-pubsub-api-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  FlowControlledSubscription,
  type ReceivedEvent,
  type SubscriptionFailure,
} from '../../src/salesforce/event-subscription.js';
import { connectClient } from '../../../test/emulator/pubsub/testing/client.js';
import {
  startTestEmulator,
  type TestEmulator,
} from '../../../test/emulator/pubsub/testing/emulator.js';
import { INSTANCE_URL, ORG_ID, SESSION } from '../../../test/emulator/pubsub/testing/fixtures.js';

const TOPIC = '/event/WP_Sync_Event__e';

let emulator: TestEmulator;
let client: PubSubApiClient;

function publish(count: number): void {
  for (let index = 0; index < count; index++) {
    emulator.bus.publish(
      TOPIC,
      {
        Mapping__c: 'Contact_User',
        Object__c: 'Contact',
        Record_Id__c: `003${String(index).padStart(15, '0')}`,
        Operation__c: 'UPDATE',
        Payload__c: JSON.stringify({ LastName: `L${index}` }),
      },
      SESSION,
    );
  }
}

class Collector {
  readonly events: ReceivedEvent[] = [];
  readonly failures: SubscriptionFailure[] = [];
  async until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline)
        throw new Error(
          `timed out with ${this.events.length} events, failures ${JSON.stringify(this.failures)}`,
        );
      await delay(5);
    }
  }
}

beforeEach(async () => {
  emulator = await startTestEmulator();
  client = await connectClient(emulator.server.endpoint, emulator.token, INSTANCE_URL, ORG_ID);
});

afterEach(async () => {
  // Server first: a server-side end after the client's close() would crash the process.
  await emulator.stop();
  client.close();
});

describe('FlowControlledSubscription with the real Pub/Sub client', () => {
  it('never holds more than maxInFlight events and asks for more only as they are released', async () => {
    publish(250);
    const collector = new Collector();
    const subscription = new FlowControlledSubscription(client, TOPIC, 20, {
      onEvent: (event) => collector.events.push(event),
      onFailure: (failure) => collector.failures.push(failure),
    });
    subscription.start('earliest');
    await collector.until(() => collector.events.length === 20);
    await delay(300);
    expect(collector.events).toHaveLength(20);
    expect(subscription.unreleased).toBe(20);

    subscription.release(10);
    await collector.until(() => collector.events.length === 30);
    await delay(200);
    expect(collector.events).toHaveLength(30);

    let peak = 0;
    while (collector.events.length < 250) {
      peak = Math.max(peak, subscription.unreleased + subscription.outstanding);
      if (subscription.unreleased > 0) subscription.release(subscription.unreleased);
      await delay(2);
    }
    expect(peak).toBeLessThanOrEqual(20);
    const replayIds = collector.events.map((event) => event.replayId);
    expect(replayIds).toEqual([...replayIds].sort((a, b) => a - b));
    expect(new Set(replayIds).size).toBe(250);
    expect(collector.events[0]?.payload.Record_Id__c).toBe('003000000000000000');
    expect(collector.failures).toEqual([]);
  });

  it('resumes after a stored replay id', async () => {
    publish(10);
    const first = new Collector();
    const subscription = new FlowControlledSubscription(client, TOPIC, 100, {
      onEvent: (event) => first.events.push(event),
      onFailure: (failure) => first.failures.push(failure),
    });
    subscription.start('earliest');
    await first.until(() => first.events.length === 10);
    const stored = first.events[3]?.replayId ?? 0;

    const resumedClient = await connectClient(
      emulator.server.endpoint,
      emulator.token,
      INSTANCE_URL,
      ORG_ID,
    );
    const second = new Collector();
    new FlowControlledSubscription(resumedClient, TOPIC, 100, {
      onEvent: (event) => second.events.push(event),
      onFailure: (failure) => second.failures.push(failure),
    }).start({ after: stored });
    await second.until(() => second.events.length === 6);
    expect(second.events.map((event) => event.replayId)).toEqual(
      first.events.slice(4).map((event) => event.replayId),
    );
    await emulator.server.stop();
    resumedClient.close();
  });

  it('reports an expired replay id as such, so the caller reconciles', async () => {
    publish(3);
    const collector = new Collector();
    emulator.server.faults.rejectNextCustomReplayId();
    new FlowControlledSubscription(client, TOPIC, 10, {
      onEvent: (event) => collector.events.push(event),
      onFailure: (failure) => collector.failures.push(failure),
    }).start({ after: 1 });
    await collector.until(() => collector.failures.length > 0);
    expect(collector.failures[0]?.kind).toBe('replay-expired');
    expect(collector.events).toEqual([]);
  });

  it('reports a refused access token as an authentication failure', async () => {
    const stranger = await connectClient(
      emulator.server.endpoint,
      'not-a-token',
      INSTANCE_URL,
      ORG_ID,
    );
    const collector = new Collector();
    new FlowControlledSubscription(stranger, TOPIC, 10, {
      onEvent: (event) => collector.events.push(event),
      onFailure: (failure) => collector.failures.push(failure),
    }).start('latest');
    await collector.until(() => collector.failures.length > 0);
    expect(collector.failures[0]?.kind).toBe('authentication');
    await emulator.server.stop();
    stranger.close();
  });

  it('holds a window above the API cap of 100 while never asking for more than 100 at once', async () => {
    publish(300);
    const collector = new Collector();
    const subscription = new FlowControlledSubscription(client, TOPIC, 250, {
      onEvent: (event) => {
        collector.events.push(event);
        peakOutstanding = Math.max(peakOutstanding, subscription.outstanding);
      },
      onFailure: (failure) => collector.failures.push(failure),
    });
    let peakOutstanding = 0;
    subscription.start('earliest');
    await collector.until(() => collector.events.length === 250);
    await delay(300);
    expect(collector.events).toHaveLength(250);
    expect(subscription.unreleased).toBe(250);
    expect(peakOutstanding).toBeLessThanOrEqual(100);
    subscription.release(250);
    await collector.until(() => collector.events.length === 300);
    expect(collector.failures).toEqual([]);
  });

  it('refuses a window beyond its limit', () => {
    expect(
      () =>
        new FlowControlledSubscription(client, TOPIC, 1001, {
          onEvent: () => undefined,
          onFailure: () => undefined,
        }),
    ).toThrow(RangeError);
  });
});
