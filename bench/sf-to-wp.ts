/**
 * Salesforce → WordPress: the same changes, made the same way in a fresh org emulator, applied
 * to the same WordPress by (a) sfwp — the real connector process over Pub/Sub — and (b) the
 * naive writer of naive-wordpress.ts. Each mode runs a burst (all changes committed at once, in
 * sObject Collections of 200, as a data load or a mass update does) and then a paced trickle
 * (one change every 1/rate s), and reports throughput, WordPress requests and per-record
 * event-to-visible latency.
 *
 * The changes are new Accounts under the package's Account_Organization mapping (WordPress
 * post type `organization`): posts can go through /batch/v1 on WordPress 6.1, users cannot.
 */
import type { Connection } from 'jsforce';
import { mapToWordPress } from '../connector/src/mapping/to-wordpress.js';
import { parseSyncEvent } from '../connector/src/salesforce-to-wordpress/event.js';
import { WpapiWordPressClient } from '../connector/src/wordpress/index.js';
import type { BusEvent } from '../test/emulator/contracts.js';
import type { RunningEmulator } from '../test/emulator/index.js';
import { startConnectorProcess } from './connector-process.js';
import { NaiveWordPressWriter, runLanes } from './naive-wordpress.js';
import { loadMapping, startBenchOrg, type BenchWordPress } from './stack.js';
import {
  per1000,
  round,
  settledCount,
  sleep,
  summariseLatencies,
  type LatencySummary,
} from './stats.js';

export const SF_TO_WP_MAPPING = 'Account_Organization';
export const SF_TO_WP_TYPE = 'organization';
const SYNC_TOPIC = '/event/WP_Sync_Event__e';
/** jsforce sends allowRecursive collections 200 records a call (one counted call each). */
const COLLECTION_SIZE = 200;

export interface SfToWpOptions {
  count: number;
  /** Changes in the paced run; 0 skips it. */
  pacedCount: number;
  pacedRatePerSecond: number;
  naiveConcurrency: number;
  /** The connector's sync.recordConcurrency for a tuning experiment; absent: its default. */
  recordConcurrency?: number | undefined;
  log: (line: string) => void;
}

export interface PacedResult {
  records: number;
  ratePerSecond: number;
  latency: LatencySummary;
}

export interface SfToWpModeResult {
  mode: 'sfwp' | 'naive';
  description: string;
  records: number;
  failed: number;
  /** From the first event's publication to the last record's WordPress write. */
  seconds: number;
  recordsPerSecond: number;
  wpRequests: number;
  wpRequestsPer1000: number;
  wpRequestsByPurpose: Record<string, number>;
  /** Burst latency: includes the wait behind earlier changes of the burst. */
  latency: LatencySummary;
  paced: PacedResult | undefined;
  /** Objects of the post type found in WordPress afterwards (status any). */
  visibleInWordPress: number;
  /** sfwp only: Salesforce REST calls the connector made (id write-back). */
  sfApiCalls?: number;
  sfApiCallsPer1000?: number;
  /** sfwp only: the connector process's peak resident memory during the run. */
  peakRssMb?: number;
}

/** Publication times of the sync events for one object, by record id. */
class EventClock {
  readonly publishedAt = new Map<string, number>();
  private readonly listeners: ((event: BusEvent) => void)[] = [];
  private readonly unsubscribe: () => void;

  constructor(emulator: RunningEmulator, object: string) {
    this.unsubscribe = emulator.bus.onPublish((event) => {
      if (event.topic !== SYNC_TOPIC || event.payload.Object__c !== object) return;
      const id = event.payload.Record_Id__c;
      if (typeof id !== 'string') return;
      this.publishedAt.set(id, event.publishedAt.getTime());
      for (const listener of this.listeners) listener(event);
    });
  }

  /** Calls `listener` for each later event until the returned function is called. */
  onEvent(listener: (event: BusEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners.splice(this.listeners.indexOf(listener), 1);
    };
  }

  close(): void {
    this.unsubscribe();
  }
}

function account(tag: string, index: number): Record<string, unknown> {
  return {
    Name: `${tag} ${index}`,
    Website: `https://${tag.toLowerCase()}-${index}.example.test`,
    BillingCity: 'Lyon',
    BillingCountry: 'France',
    Description: `<p>${tag} organisation number ${index}, synced by the benchmark.</p>`,
  };
}

/** All `count` Accounts in one allowRecursive call: committed 200 at a time, back to back. */
async function createBurst(admin: Connection, tag: string, count: number): Promise<string[]> {
  const records = Array.from({ length: count }, (_, index) => account(tag, index));
  const results = await admin.sobject('Account').create(records, { allowRecursive: true });
  const failed = results.filter((result) => !result.success);
  if (failed.length > 0) {
    throw new Error(`${failed.length} of ${count} Accounts could not be created in the emulator`);
  }
  return results.map((result) => (result.success ? result.id : ''));
}

/** One Account every 1/rate seconds, each its own transaction and event. */
async function createPaced(
  admin: Connection,
  tag: string,
  count: number,
  ratePerSecond: number,
): Promise<string[]> {
  const ids: string[] = [];
  const start = performance.now();
  for (let index = 0; index < count; index++) {
    const due = start + (index * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const result = await admin.sobject('Account').create(account(tag, index));
    if (!result.success) throw new Error(`a paced Account could not be created`);
    ids.push(result.id);
  }
  return ids;
}

/** Waits until `done()` reaches `expected`; fails when nothing progresses for `stallMs`. */
async function awaitProgress(
  what: string,
  expected: number,
  done: () => number,
  describeFailure: () => string,
  stallMs = 90_000,
): Promise<void> {
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const now = done();
    if (now >= expected) return;
    if (now !== last) {
      last = now;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > stallMs) {
      throw new Error(
        `${what}: stuck at ${now} of ${expected} for ${stallMs / 1000} s\n${describeFailure()}`,
      );
    }
    await sleep(50);
  }
}

async function countInWordPress(wordpress: BenchWordPress): Promise<number> {
  const client = new WpapiWordPressClient({
    siteUrl: wordpress.url,
    username: wordpress.username,
    applicationPassword: wordpress.applicationPassword,
  });
  return (await client.list(SF_TO_WP_TYPE, { perPage: 1, status: 'any' })).total;
}

/** Latencies of `ids`: completion time minus the event's publication time. */
function latenciesOf(
  ids: readonly string[],
  clock: EventClock,
  completedAt: ReadonlyMap<string, number>,
): number[] {
  const values: number[] = [];
  for (const id of ids) {
    const published = clock.publishedAt.get(id);
    const completed = completedAt.get(id);
    if (published !== undefined && completed !== undefined) values.push(completed - published);
  }
  return values;
}

function requireLatency(summary: LatencySummary | undefined, what: string): LatencySummary {
  if (!summary) throw new Error(`no latency samples for ${what}`);
  return summary;
}

/** sfwp's normal mode: `sfwp start` as its own process, intake over the emulator's Pub/Sub. */
export async function measureSfwpSalesforceToWordPress(
  wordpress: BenchWordPress,
  options: SfToWpOptions,
): Promise<SfToWpModeResult> {
  await wordpress.reset();
  const before = await countInWordPress(wordpress);
  const org = await startBenchOrg();
  const clock = new EventClock(org.emulator, 'Account');
  try {
    const connector = await startConnectorProcess({
      emulator: org.emulator,
      wordpress,
      ...(options.recordConcurrency === undefined
        ? {}
        : { sync: { recordConcurrency: options.recordConcurrency } }),
    });
    try {
      const completedAt = new Map<string, number>();
      let failed = 0;
      connector.onRecord((line) => {
        if (!clock.publishedAt.has(line.salesforceId)) return;
        if (line.outcome === 'Failed') failed++;
        else completedAt.set(line.salesforceId, line.at);
      });
      const requestsBefore = await connector.wordPressRequests();
      const callsBefore = org.emulator.usage.usedCalls;

      options.log(`  sfwp: ${options.count} Account creates published as sync events…`);
      const burstIds = await createBurst(org.admin, 'Sfwp', options.count);
      await awaitProgress(
        'sfwp burst',
        burstIds.length,
        () => completedAt.size + failed,
        () => connector.tail(),
      );
      if (failed > 0) {
        throw new Error(
          `sfwp mode: ${failed} records were dead-lettered; the connector's last output:\n${connector.tail()}`,
        );
      }
      const firstPublished = Math.min(...burstIds.map((id) => clock.publishedAt.get(id) ?? 0));
      const lastCompleted = Math.max(...burstIds.map((id) => completedAt.get(id) ?? 0));
      const seconds = (lastCompleted - firstPublished) / 1000;
      const requestsAfter = await connector.wordPressRequests();
      const latency = requireLatency(
        summariseLatencies(latenciesOf(burstIds, clock, completedAt)),
        'the sfwp burst',
      );

      let paced: PacedResult | undefined;
      let pacedIds: string[] = [];
      if (options.pacedCount > 0) {
        options.log(
          `  sfwp: ${options.pacedCount} paced Account creates at ${options.pacedRatePerSecond}/s…`,
        );
        pacedIds = await createPaced(
          org.admin,
          'SfwpPaced',
          options.pacedCount,
          options.pacedRatePerSecond,
        );
        await awaitProgress(
          'sfwp paced run',
          burstIds.length + pacedIds.length,
          () => completedAt.size + failed,
          () => connector.tail(),
        );
        if (failed > 0) {
          throw new Error(
            `sfwp mode: ${failed} paced records were dead-lettered; the connector's last output:\n${connector.tail()}`,
          );
        }
        paced = {
          records: pacedIds.length,
          ratePerSecond: options.pacedRatePerSecond,
          latency: requireLatency(
            summariseLatencies(latenciesOf(pacedIds, clock, completedAt)),
            'the sfwp paced run',
          ),
        };
      }

      // Let the id write-back (Collections updates, batched per second) finish, then count.
      const calls = await settledCount(() => org.emulator.usage.usedCalls);
      const seedingCalls = Math.ceil(burstIds.length / COLLECTION_SIZE) + pacedIds.length;
      const sfApiCalls = calls - callsBefore - seedingCalls;
      const records = burstIds.length + pacedIds.length;

      const byPurpose: Record<string, number> = {};
      for (const [purpose, value] of Object.entries(requestsAfter)) {
        byPurpose[purpose] = value - (requestsBefore[purpose] ?? 0);
      }
      const wpRequests = Object.values(byPurpose).reduce((sum, value) => sum + value, 0);
      const visible = (await countInWordPress(wordpress)) - before;
      return {
        mode: 'sfwp',
        description: `sfwp start (child process): Pub/Sub intake, keyed scheduler, /batch/v1; sync.recordConcurrency ${options.recordConcurrency === undefined ? 'default' : options.recordConcurrency}`,
        records: burstIds.length,
        failed,
        seconds: round(seconds, 2),
        recordsPerSecond: round(burstIds.length / seconds),
        wpRequests,
        wpRequestsPer1000: per1000(wpRequests, burstIds.length),
        wpRequestsByPurpose: byPurpose,
        latency,
        paced,
        visibleInWordPress: visible,
        sfApiCalls,
        sfApiCallsPer1000: per1000(sfApiCalls, records),
        peakRssMb: round(connector.rss.peakProcessMb),
      };
    } finally {
      await connector.stop();
    }
  } finally {
    clock.close();
    await org.stop();
  }
}

/** A queue the naive lanes pull events from; ends after `expected` items. */
class EventQueue<T> {
  private readonly items: T[] = [];
  private waiting: ((item: T | undefined) => void)[] = [];
  private handedOut = 0;

  constructor(private readonly expected: number) {}

  push(item: T): void {
    const waiter = this.waiting.shift();
    if (waiter) {
      this.handedOut++;
      waiter(item);
    } else this.items.push(item);
  }

  next(): Promise<T | undefined> {
    if (this.handedOut >= this.expected) return Promise.resolve(undefined);
    const item = this.items.shift();
    if (item !== undefined) {
      this.handedOut++;
      return Promise.resolve(item);
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Releases idle lanes once everything expected has been handed out. */
  settle(): void {
    if (this.handedOut < this.expected) return;
    for (const waiter of this.waiting) waiter(undefined);
    this.waiting = [];
  }
}

/**
 * The naive mode: events taken straight from the emulator's bus in this process (no network,
 * no Avro decoding: more generous than the Pub/Sub intake sfwp gets), then one lookup and one
 * write per record with `naiveConcurrency` records in flight.
 */
export async function measureNaiveSalesforceToWordPress(
  wordpress: BenchWordPress,
  options: SfToWpOptions,
): Promise<SfToWpModeResult> {
  await wordpress.reset();
  const before = await countInWordPress(wordpress);
  const org = await startBenchOrg();
  const clock = new EventClock(org.emulator, 'Account');
  try {
    const mapping = await loadMapping(org.integration, SF_TO_WP_MAPPING);
    const writer = new NaiveWordPressWriter(wordpress, mapping.wordpressType);
    await writer.prepare();
    const completedAt = new Map<string, number>();
    let failed = 0;
    let firstError: string | undefined;

    const run = async (count: number, create: () => Promise<string[]>): Promise<string[]> => {
      const queue = new EventQueue<BusEvent>(count);
      const stopListening = clock.onEvent((event) => {
        queue.push(event);
      });
      const lanes = runLanes(
        options.naiveConcurrency,
        () => queue.next(),
        async (event) => {
          try {
            const parsed = parseSyncEvent(event.payload);
            if (!parsed.ok) throw new Error(parsed.problem);
            const payload = mapToWordPress(mapping, parsed.event.payload);
            if (payload.problems.length > 0) {
              throw new Error(payload.problems.map((problem) => problem.message).join('; '));
            }
            await writer.upsert(parsed.event.recordId, payload.fields);
            completedAt.set(parsed.event.recordId, Date.now());
          } catch (error) {
            failed++;
            firstError ??= error instanceof Error ? error.message : String(error);
          } finally {
            queue.settle();
          }
        },
      );
      try {
        const ids = await create();
        queue.settle();
        await lanes;
        return ids;
      } finally {
        stopListening();
      }
    };

    options.log(
      `  naive: ${options.count} Account creates, lookup + single write, ${options.naiveConcurrency} in flight…`,
    );
    const burstIds = await run(options.count, () => createBurst(org.admin, 'Naive', options.count));
    if (failed > 0) throw new Error(`naive mode: ${failed} writes failed; first: ${firstError}`);
    const firstPublished = Math.min(...burstIds.map((id) => clock.publishedAt.get(id) ?? 0));
    const lastCompleted = Math.max(...burstIds.map((id) => completedAt.get(id) ?? 0));
    const seconds = (lastCompleted - firstPublished) / 1000;
    const wpRequests = writer.requests;
    const wpRequestsByPurpose = { lookup: writer.lookups, write: writer.writes };
    const latency = requireLatency(
      summariseLatencies(latenciesOf(burstIds, clock, completedAt)),
      'the naive burst',
    );

    let paced: PacedResult | undefined;
    if (options.pacedCount > 0) {
      options.log(
        `  naive: ${options.pacedCount} paced Account creates at ${options.pacedRatePerSecond}/s…`,
      );
      const pacedIds = await run(options.pacedCount, () =>
        createPaced(org.admin, 'NaivePaced', options.pacedCount, options.pacedRatePerSecond),
      );
      if (failed > 0) throw new Error(`naive mode: ${failed} writes failed; first: ${firstError}`);
      paced = {
        records: pacedIds.length,
        ratePerSecond: options.pacedRatePerSecond,
        latency: requireLatency(
          summariseLatencies(latenciesOf(pacedIds, clock, completedAt)),
          'the naive paced run',
        ),
      };
    }
    const visible = (await countInWordPress(wordpress)) - before;
    return {
      mode: 'naive',
      description: `naive: per record one slug lookup (GET) + one single write (POST), ${options.naiveConcurrency} records in flight`,
      records: burstIds.length,
      failed,
      seconds: round(seconds, 2),
      recordsPerSecond: round(burstIds.length / seconds),
      wpRequests,
      wpRequestsPer1000: per1000(wpRequests, burstIds.length),
      wpRequestsByPurpose,
      latency,
      paced,
      visibleInWordPress: visible,
    };
  } finally {
    clock.close();
    await org.stop();
  }
}
