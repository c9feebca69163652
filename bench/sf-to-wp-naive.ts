/**
 * The naive mode, Salesforce → WordPress: events taken straight from the emulator's bus in
 * this process (no network, no Avro decoding: more generous than the Pub/Sub intake sfwp gets),
 * then one lookup and one write per record (naive-wordpress.ts) with `naiveConcurrency`
 * records in flight.
 */
import { mapToWordPress } from '../connector/src/mapping/to-wordpress.js';
import { parseSyncEvent } from '../connector/src/salesforce-to-wordpress/event.js';
import type { BusEvent } from '../test/emulator/contracts.js';
import { NaiveWordPressWriter, runLanes } from './naive-wordpress.js';
import { createBurst, createPaced, EventClock, type SfToWpKind } from './sf-to-wp-changes.js';
import {
  countInWordPress,
  requireLatency,
  type PacedResult,
  type SfToWpModeResult,
  type SfToWpOptions,
} from './sf-to-wp-result.js';
import { loadMapping, startBenchOrg, type BenchWordPress } from './stack.js';
import { per1000, round, summariseLatencies } from './stats.js';

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

export async function measureNaiveSalesforceToWordPress(
  wordpress: BenchWordPress,
  kind: SfToWpKind,
  options: SfToWpOptions,
): Promise<SfToWpModeResult> {
  await wordpress.reset();
  const before = await countInWordPress(wordpress, kind);
  const org = await startBenchOrg();
  const clock = new EventClock(org.emulator, kind.object);
  try {
    const mapping = await loadMapping(org.integration, kind.mapping);
    const writer = new NaiveWordPressWriter(wordpress, mapping.wordpressType);
    await writer.prepare();
    const completedAt = new Map<string, number>();
    let failed = 0;
    let firstError: string | undefined;
    const checkFailures = (): void => {
      if (failed > 0) {
        throw new Error(`naive ${kind.name}: ${failed} writes failed; first: ${firstError}`);
      }
    };

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
      `  naive ${kind.name}: ${options.count} new ${kind.object}s, lookup + single write, ${options.naiveConcurrency} in flight…`,
    );
    const burstIds = await run(options.count, () =>
      createBurst(org.admin, kind, `Naive${kind.object}`, options.count),
    );
    checkFailures();
    const seconds = clock.spanSeconds(burstIds, completedAt);
    const wpRequests = writer.requests;
    const wpRequestsByPurpose = { lookup: writer.lookups, write: writer.writes };
    const latency = requireLatency(
      summariseLatencies(clock.latencies(burstIds, completedAt)),
      `the naive ${kind.name} burst`,
    );

    let paced: PacedResult | undefined;
    if (options.pacedCount > 0) {
      options.log(
        `  naive ${kind.name}: ${options.pacedCount} paced ${kind.object}s at ${options.pacedRatePerSecond}/s…`,
      );
      const pacedIds = await run(options.pacedCount, () =>
        createPaced(
          org.admin,
          kind,
          `NaivePaced${kind.object}`,
          options.pacedCount,
          options.pacedRatePerSecond,
        ),
      );
      checkFailures();
      paced = {
        records: pacedIds.length,
        ratePerSecond: options.pacedRatePerSecond,
        latency: requireLatency(
          summariseLatencies(clock.latencies(pacedIds, completedAt)),
          `the naive ${kind.name} paced run`,
        ),
      };
    }
    const visible = (await countInWordPress(wordpress, kind)) - before;
    return {
      mode: 'naive',
      description: `naive: per record one lookup (GET) + one single write (POST), ${options.naiveConcurrency} records in flight`,
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
