/**
 * Issue #8, Backpressure: a backlog of `backlogEvents` sync events (updates of Contacts already
 * linked to WordPress users) waits in the org while the connector is down; then the real
 * `sfwp start` drains it with WordPress slowed down behind a TCP gate for a phase, then at full
 * speed. Its memory is sampled throughout and must stay bounded; flow control must hold: the
 * connector never asks for, nor holds, more events than its window (`sync.maxInFlightEvents`).
 *
 * How flow control is checked, exactly rather than by sampling: the emulator's Pub/Sub server
 * records every FetchRequest of the stream (num_requested as sent, with its time) and every
 * FetchResponse (subscription-stats.ts). The connector logs each event's outcome ("record
 * synced" / "sync failed; dead-lettered", with the time) before it releases the event and asks
 * for more. So at every FetchRequest, the events asked for so far must not exceed the window
 * plus the events finished by then, and at every FetchResponse the events delivered and not yet
 * finished must not exceed the window. The connector's own `sfwp_events_in_flight` gauge is
 * sampled as well, as a cross-check.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../connector/src/config/index.js';
import { SYNC_TOPIC } from '../../connector/src/salesforce-to-wordpress/intake.js';
import { SqliteStateStore } from '../../connector/src/store/index.js';
import { WpapiWordPressClient } from '../../connector/src/wordpress/index.js';
import type { RunningEmulator } from '../emulator/index.js';
import { subscriptionStats } from '../emulator/pubsub/index.js';
import {
  connectAs,
  childProcessEnvironment,
  startTrustedEmulator,
} from '../integration/support/emulated-org.js';
import { resetWordPress } from '../wordpress/reset.js';
import { compareSides, readUsers } from './support/compare-sides.js';
import { lineTime, spawnConnector, type ConnectorChild } from './support/connector-child.js';
import { reliabilityScale, report } from './support/scale.js';
import { startWordPressGate, type WordPressGate } from './support/wordpress-gate.js';

const scale = reliabilityScale();
const wordpress = inject('wordpress');
const stateDir = mkdtempSync(join(tmpdir(), 'sfwp-reliability-backpressure-'));
const PREFIX = 'backlog.';
/** Linked Contacts the backlog updates, round after round (each round updates every one). */
const RECORDS = scale.form === 'long' ? 1000 : 500;
const ROUNDS = Math.ceil(scale.backlogEvents / RECORDS);
/** Latency the gate adds to every chunk WordPress is sent, during the slow phase. */
const SLOW_LATENCY_MS = 200;
/** How long WordPress stays slow once the connector has started. */
const SLOW_PHASE_MS = scale.form === 'long' ? 45_000 : 20_000;
const DRAIN_TIMEOUT_MS = scale.form === 'long' ? 900_000 : 360_000;
/**
 * The memory bound, generous on purpose: bench/backlog.ts measured 294 MB peak RSS for 20,000
 * events at full speed (docs/BENCHMARKS.md). Flow control should keep memory flat whatever the
 * depth of the backlog, so a figure near the bound means something is queuing without limit.
 */
const MAX_RSS_MB = 512;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const mb = (value: number): string => `${value.toFixed(0)} MB`;

let emulator: RunningEmulator;
let admin: Connection;
let gate: WordPressGate;
let env: NodeJS.ProcessEnv;
const children: ConnectorChild[] = [];

/** WordPress read directly, not through the gate. */
const wp = new WpapiWordPressClient({
  siteUrl: wordpress.url,
  username: wordpress.username,
  applicationPassword: wordpress.applicationPassword,
});

function start(): ConnectorChild {
  const logDir = process.env.SFWP_RELIABILITY_LOG_DIR;
  const child = spawnConnector({
    env,
    cwd: stateDir,
    stateDir,
    ...(logDir ? { logFile: join(logDir, `backpressure-run-${children.length}.log`) } : {}),
  });
  children.push(child);
  return child;
}

async function linkedContacts(): Promise<number> {
  const result = await admin.query(
    `SELECT COUNT() FROM Contact WHERE Email LIKE '${PREFIX}%' AND WP_Id__c != null`,
  );
  return result.totalSize;
}

beforeAll(async () => {
  await resetWordPress(wordpress);
  emulator = await startTrustedEmulator();
  admin = await connectAs(emulator, 'admin');
  gate = await startWordPressGate(wordpress.url);
  env = await childProcessEnvironment(emulator, { ...wordpress, url: gate.url }, stateDir);
});

afterAll(async () => {
  for (const child of children) await child.kill();
  await gate.close();
  await emulator.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('backpressure: a deep backlog against a slowed WordPress', () => {
  it(
    'drains it with bounded memory, never holding more events than its window',
    async () => {
      const pubSub = emulator.pubSub;
      if (!pubSub) throw new Error('the emulator runs without Pub/Sub');
      // The window the connector runs with: its own configuration, as `sfwp start` loads it.
      const window = loadConfig({ cwd: stateDir, env }).sync.maxInFlightEvents;

      // 1. Linked records: Contacts created in Salesforce, synced to WordPress users by a first
      //    run, which is then stopped cleanly (its replay position committed).
      const contacts = Array.from({ length: RECORDS }, (_, index) => ({
        FirstName: 'Initial',
        LastName: `Backlog ${index}`,
        Email: `${PREFIX}${index}@example.test`,
        Description: 'Not updated yet',
      }));
      const created = await admin.sobject('Contact').create(contacts, { allowRecursive: true });
      expect(created.every((result) => result.success)).toBe(true);
      const ids = created.map((result) => {
        if (!result.id) throw new Error('a created Contact has no id');
        return result.id;
      });
      const linking = start();
      await linking.whenStarted();
      const linkDeadline = Date.now() + 240_000;
      while ((await linkedContacts()) < RECORDS) {
        if (Date.now() > linkDeadline || !linking.running) {
          throw new Error(`the first ${RECORDS} Contacts were not linked:\n${linking.tail()}`);
        }
        await sleep(1000);
      }
      await linking.stop();

      // 2. The backlog, built while no connector runs: every Contact updated in each round.
      let published = 0;
      const stopCounting = emulator.bus.onPublish((event) => {
        if (event.topic === SYNC_TOPIC) published++;
      });
      const last = new Map<string, { FirstName: string; Description: string }>();
      const built = Date.now();
      let queued = 0;
      for (let round = 1; round <= ROUNDS && queued < scale.backlogEvents; round++) {
        const size = Math.min(RECORDS, scale.backlogEvents - queued);
        const updates = ids.slice(0, size).map((id, index) => ({
          Id: id,
          FirstName: `Round ${round}`,
          Description: `Backlog update ${round} of record ${index}`,
        }));
        const saved = await admin.sobject('Contact').update(updates, { allowRecursive: true });
        expect(saved.every((result) => result.success)).toBe(true);
        updates.forEach((update, index) => {
          last.set(`${PREFIX}${index}@example.test`, {
            FirstName: update.FirstName,
            Description: update.Description,
          });
        });
        queued += size;
      }
      stopCounting();
      // Each update published exactly one sync event, as the package's trigger does.
      expect(published).toBe(scale.backlogEvents);
      const buildSeconds = (Date.now() - built) / 1000;

      // 3. Drain: WordPress slowed down for a phase, then at full speed.
      gate.setLatency(SLOW_LATENCY_MS);
      const spawnedAt = Date.now();
      const draining = start();
      /** Outcome times of the sync topic's events, in log order. */
      const finishedAt: number[] = [];
      let updatesApplied = 0;
      let otherOutcomes = 0;
      draining.onLine((line) => {
        if (line.direction !== 'salesforce-to-wordpress') return;
        if (line.msg !== 'record synced' && line.msg !== 'sync failed; dead-lettered') return;
        finishedAt.push(lineTime(line) ?? Date.now());
        if (
          line.msg === 'record synced' &&
          line.operation === 'UPDATE' &&
          line.outcome === 'Success'
        ) {
          updatesApplied++;
        } else otherOutcomes++;
      });
      let sampledInFlight = 0;
      let peakHeapMb = 0;
      const sampling = { on: true };
      const sampler = (async () => {
        while (sampling.on) {
          const [inFlight, heap] = await Promise.all([
            draining.metric('sfwp_events_in_flight'),
            draining.metric('nodejs_heap_size_used_bytes'),
          ]);
          if (inFlight !== undefined) sampledInFlight = Math.max(sampledInFlight, inFlight);
          if (heap !== undefined) peakHeapMb = Math.max(peakHeapMb, heap / 2 ** 20);
          await sleep(250);
        }
      })();

      await draining.whenStarted();
      const startedAt = Date.now();
      while (Date.now() - startedAt < SLOW_PHASE_MS) {
        expect(draining.running, draining.tail()).toBe(true);
        await sleep(250);
      }
      const drainedWhileSlow = finishedAt.length;
      gate.setLatency(0);
      const fastFrom = Date.now();
      const deadline = Date.now() + DRAIN_TIMEOUT_MS;
      while (updatesApplied + otherOutcomes < scale.backlogEvents && Date.now() < deadline) {
        expect(draining.running, draining.tail()).toBe(true);
        await sleep(250);
      }
      const drainedAt = Date.now();
      // A moment for anything the backlog left behind (results, write-backs) before stopping.
      await sleep(2000);
      sampling.on = false;
      await sampler;
      const rss = draining.rss;
      await draining.stop();
      expect((await draining.exited).code, draining.tail()).toBe(0);

      // Flow control, from the server's side (see the header).
      const streams = subscriptionStats(pubSub, SYNC_TOPIC).filter(
        (stream) => stream.openedAt >= spawnedAt,
      );
      const finished = [...finishedAt].sort((a, b) => a - b);
      const finishedBy = (at: number): number => {
        let low = 0;
        let high = finished.length;
        while (low < high) {
          const middle = (low + high) >> 1;
          if ((finished[middle] ?? Infinity) <= at) low = middle + 1;
          else high = middle;
        }
        return low;
      };
      const overAsked: string[] = [];
      let maxHeld = 0;
      for (const stream of streams) {
        let requested = 0;
        for (const request of stream.requests) {
          requested += request.numRequested;
          const allowed = window + finishedBy(request.at);
          if (requested > allowed) {
            overAsked.push(
              `at ${new Date(request.at).toISOString()} ${requested} events asked for, window ${window} + ${finishedBy(request.at)} finished`,
            );
          }
        }
        let delivered = 0;
        for (const delivery of stream.deliveries) {
          delivered += delivery.events;
          maxHeld = Math.max(maxHeld, delivered - finishedBy(delivery.at));
        }
      }

      const totalSeconds = (drainedAt - spawnedAt) / 1000;
      const slowSeconds = (fastFrom - startedAt) / 1000;
      const fastSeconds = (drainedAt - fastFrom) / 1000;
      report(
        'backpressure',
        `${scale.form} form: backlog ${scale.backlogEvents} events (${ROUNDS} updates of ${RECORDS} linked Contacts, queued in ${buildSeconds.toFixed(1)} s); ` +
          `slow phase ${slowSeconds.toFixed(1)} s at +${SLOW_LATENCY_MS} ms per chunk: ${drainedWhileSlow} events (${(drainedWhileSlow / slowSeconds).toFixed(1)}/s); ` +
          `then ${scale.backlogEvents - drainedWhileSlow} events in ${fastSeconds.toFixed(1)} s (${((scale.backlogEvents - drainedWhileSlow) / fastSeconds).toFixed(1)}/s); ` +
          `${(finishedAt.length / totalSeconds).toFixed(1)} events/s from spawn over ${totalSeconds.toFixed(1)} s`,
      );
      report(
        'backpressure',
        `peak RSS ${mb(rss.peakProcessMb)} (with children ${mb(rss.peakTreeMb)}, bound ${MAX_RSS_MB} MB, ${rss.samples} samples), peak heap used ${mb(peakHeapMb)}; ` +
          `max events in flight ${maxHeld} (server view), ${sampledInFlight} (sfwp_events_in_flight, sampled) vs window ${window}; ` +
          `${streams.length} subscription stream(s), max pending ${Math.max(0, ...streams.map((s) => s.maxPending))}, ${streams.reduce((sum, s) => sum + s.requests.length, 0)} FetchRequests`,
      );

      // Every event applied, once, and WordPress holds each Contact's last values.
      expect(updatesApplied, draining.tail()).toBe(scale.backlogEvents);
      expect(otherOutcomes).toBe(0);
      const sides = await compareSides(admin, wp, PREFIX);
      expect(sides.differences.slice(0, 20)).toEqual([]);
      expect(sides.duplicates).toEqual([]);
      expect(sides).toMatchObject({ contacts: RECORDS, users: RECORDS, compared: RECORDS });
      const users = await readUsers(wp, PREFIX);
      const stale = users.filter((user) => {
        const want = last.get((user.email ?? '').toLowerCase());
        return want?.FirstName !== user.first_name || want?.Description !== user.description;
      });
      expect(stale.map((user) => `${user.email ?? ''}: ${user.first_name ?? ''}`)).toEqual([]);
      const store = new SqliteStateStore({ path: join(stateDir, 'state.sqlite') });
      const openDeadLetters = store.countDeadLetters('open');
      store.close();
      expect(openDeadLetters).toBe(0);

      // Memory bounded.
      expect(rss.samples).toBeGreaterThan(0);
      expect(rss.peakProcessMb).toBeLessThan(MAX_RSS_MB);

      // Flow control held: one stream (no reconnect muddling the accounting), never more asked
      // for than the window plus what was finished, never more held than the window.
      expect(streams).toHaveLength(1);
      expect(streams[0]?.truncated).toBe(false);
      expect(overAsked.slice(0, 10)).toEqual([]);
      expect(maxHeld).toBeLessThanOrEqual(window);
      expect(sampledInFlight).toBeLessThanOrEqual(window);
      expect(Math.max(...streams.map((stream) => stream.maxPending))).toBeLessThanOrEqual(window);
      // The accounting saw the whole backlog go through this stream.
      expect(streams[0]?.delivered).toBe(finishedAt.length);
    },
    scale.form === 'long' ? 1_500_000 : 600_000,
  );
});
