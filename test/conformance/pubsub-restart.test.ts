/**
 * A subscriber that stored a replay id resumes after an emulator restart, with the unmodified
 * salesforce-pubsub-api-client: events persist in the data directory with their replay ids.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type PubSubApiClient from 'salesforce-pubsub-api-client';
import { afterEach, describe, expect, it } from 'vitest';
import { connectClient, SubscriptionRecorder } from '../emulator/pubsub/testing/client.js';
import { startTestEmulator, type TestEmulator } from '../emulator/pubsub/testing/emulator.js';
import { INSTANCE_URL, ORG_ID, SESSION } from '../emulator/pubsub/testing/fixtures.js';

const TOPIC = '/event/WP_Sync_Result__e';

const running: { emulator: TestEmulator; client: PubSubApiClient }[] = [];
let dataDir: string | undefined;

async function start(directory: string): Promise<{
  emulator: TestEmulator;
  client: PubSubApiClient;
}> {
  const emulator = await startTestEmulator({ dataDir: directory });
  const client = await connectClient(
    emulator.server.endpoint,
    emulator.token,
    INSTANCE_URL,
    ORG_ID,
  );
  const started = { emulator, client };
  running.push(started);
  return started;
}

async function stop(started: { emulator: TestEmulator; client: PubSubApiClient }): Promise<void> {
  running.splice(running.indexOf(started), 1);
  await started.emulator.stop();
  started.client.close();
}

function result(index: number): Record<string, unknown> {
  return {
    CreatedDate: Date.now(),
    CreatedById: SESSION.userId,
    Mapping__c: { string: 'Contact_User' },
    Record_Id__c: { string: `003${String(index).padStart(15, '0')}` },
    WP_Id__c: { string: String(100 + index) },
    Direction__c: { string: 'SalesforceToWordPress' },
    Status__c: { string: 'Success' },
    Message__c: null,
    Source_Event__c: null,
  };
}

afterEach(async () => {
  for (const started of running.splice(0)) {
    await started.emulator.stop();
    started.client.close();
  }
  if (dataDir !== undefined) {
    rmSync(dataDir, { recursive: true, force: true });
    dataDir = undefined;
  }
});

describe('replay after an emulator restart', () => {
  it('resumes from a stored replay id with the same events and ids', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'sfwp-pubsub-restart-'));
    const first = await start(dataDir);
    const published: number[] = [];
    for (let index = 0; index < 10; index += 1) {
      published.push((await first.client.publish(TOPIC, result(index))).replayId);
    }
    const before = new SubscriptionRecorder();
    first.client.subscribeFromEarliestEvent(TOPIC, before.callback, 4);
    await before.waitFor(() => before.lastEvents === 1);
    expect(before.events.map((event) => event.replayId)).toEqual(published.slice(0, 4));
    // What a subscriber keeps: the replay id of the last event it processed, as a number.
    const stored = before.events.at(-1)?.replayId;
    if (stored === undefined) {
      throw new Error('nothing received');
    }
    await stop(first);

    const second = await start(dataDir);
    expect(second.emulator.server.port).not.toBe(first.emulator.server.port);
    const after = new SubscriptionRecorder();
    second.client.subscribeFromReplayId(TOPIC, after.callback, 6, stored);
    await after.waitFor(() => after.lastEvents === 1);
    expect(after.errors).toEqual([]);
    expect(after.events.map((event) => event.replayId)).toEqual(published.slice(4));
    expect(after.events.map((event) => event.payload.WP_Id__c)).toEqual([
      '104',
      '105',
      '106',
      '107',
      '108',
      '109',
    ]);

    const next = await second.client.publish(TOPIC, result(10));
    expect(next.replayId).toBeGreaterThan(published.at(-1) ?? 0);
  });
});
