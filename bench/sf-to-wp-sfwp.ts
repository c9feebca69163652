/**
 * sfwp's normal mode, Salesforce → WordPress: `sfwp start` as its own process, intake over the
 * emulator's Pub/Sub, started and ready before the first change.
 */
import { startConnectorProcess } from './connector-process.js';
import {
  awaitProgress,
  createBurst,
  createPaced,
  EventClock,
  type SfToWpKind,
} from './sf-to-wp-changes.js';
import {
  countInWordPress,
  requireLatency,
  type PacedResult,
  type SfToWpModeResult,
  type SfToWpOptions,
} from './sf-to-wp-result.js';
import { startBenchOrg, type BenchWordPress } from './stack.js';
import { per1000, round, settledCount, summariseLatencies } from './stats.js';

/** jsforce sends allowRecursive collections 200 records a call (one counted call each). */
const COLLECTION_SIZE = 200;

export async function measureSfwpSalesforceToWordPress(
  wordpress: BenchWordPress,
  kind: SfToWpKind,
  options: SfToWpOptions,
): Promise<SfToWpModeResult> {
  await wordpress.reset();
  const before = await countInWordPress(wordpress, kind);
  const org = await startBenchOrg();
  const clock = new EventClock(org.emulator, kind.object);
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
      const checkFailures = (what: string): void => {
        if (failed > 0) {
          throw new Error(
            `sfwp ${kind.name}: ${failed} ${what} records were dead-lettered; the connector's last output:\n${connector.tail()}`,
          );
        }
      };
      const requestsBefore = await connector.wordPressRequests();
      const callsBefore = org.emulator.usage.usedCalls;

      options.log(`  sfwp ${kind.name}: ${options.count} new ${kind.object}s as sync events…`);
      const burstIds = await createBurst(org.admin, kind, `Sfwp${kind.object}`, options.count);
      await awaitProgress(
        `sfwp ${kind.name} burst`,
        burstIds.length,
        () => completedAt.size + failed,
        () => connector.tail(),
      );
      checkFailures('burst');
      const seconds = clock.spanSeconds(burstIds, completedAt);
      const requestsAfter = await connector.wordPressRequests();
      const latency = requireLatency(
        summariseLatencies(clock.latencies(burstIds, completedAt)),
        `the sfwp ${kind.name} burst`,
      );

      let paced: PacedResult | undefined;
      let pacedIds: string[] = [];
      if (options.pacedCount > 0) {
        options.log(
          `  sfwp ${kind.name}: ${options.pacedCount} paced ${kind.object}s at ${options.pacedRatePerSecond}/s…`,
        );
        pacedIds = await createPaced(
          org.admin,
          kind,
          `SfwpPaced${kind.object}`,
          options.pacedCount,
          options.pacedRatePerSecond,
        );
        await awaitProgress(
          `sfwp ${kind.name} paced run`,
          burstIds.length + pacedIds.length,
          () => completedAt.size + failed,
          () => connector.tail(),
        );
        checkFailures('paced');
        paced = {
          records: pacedIds.length,
          ratePerSecond: options.pacedRatePerSecond,
          latency: requireLatency(
            summariseLatencies(clock.latencies(pacedIds, completedAt)),
            `the sfwp ${kind.name} paced run`,
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
      const visible = (await countInWordPress(wordpress, kind)) - before;
      return {
        mode: 'sfwp',
        description: `sfwp start (child process): Pub/Sub intake, keyed scheduler, batched writes; sync.recordConcurrency ${options.recordConcurrency === undefined ? 'default' : options.recordConcurrency}`,
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
