/**
 * Connector memory under a backlog: `events` sync events (new Accounts, Account_Organization)
 * wait in a fresh org emulator before the connector starts; then `sfwp start` runs as its own
 * process, subscribes from the earliest retained event, and drains them into WordPress while
 * its resident memory is sampled every 250 ms. Flow control (at most 100 events requested and
 * unfinished) is what should keep the figure flat however deep the backlog is.
 *
 * Once 90 % of the backlog has drained, the connector (started with bench/connector-probe.ts)
 * reports `process.memoryUsage()` and writes a heap snapshot; the snapshot is read after the run
 * (heap-snapshot.ts) and says which part of the connector holds the heap. Writing it allocates
 * far more than the connector does and RSS keeps that, so the RSS peaks cover the drain up to
 * the snapshot; what came after is `peakRssAfterSnapshotMb`.
 */
import { renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startConnectorProcess, type MemoryProbe } from './connector-process.js';
import { analyseHeapSnapshot, type HeapBreakdown } from './heap-snapshot.js';
import { startBenchOrg, type BenchWordPress } from './stack.js';
import { round, sleep } from './stats.js';

export interface BacklogOptions {
  events: number;
  /** Stop sampling after this long even if the backlog has not drained. */
  timeoutSeconds: number;
  /** Take the heap snapshot at 90 % drained (default true). */
  heapSnapshot?: boolean;
  log: (line: string) => void;
}

/** The connector's memory at 90 % drained, by kind and by part. */
export interface MemoryByPart {
  atDrained: number;
  rssMb: number;
  heapTotalMb: number;
  heapUsedMb: number;
  externalMb: number;
  arrayBuffersMb: number;
  /** RSS − heap total − external: Node's and V8's own code and data, malloc, thread stacks. */
  outsideHeapMb: number;
  heapSpacesMb: Record<string, number>;
  heap: HeapBreakdown;
}

export interface BacklogResult {
  events: number;
  drained: number;
  failed: number;
  complete: boolean;
  /** From the connector's spawn to the last drained event (or the time cap). */
  seconds: number;
  drainPerSecond: number;
  /** Peak VmRSS of the connector process. */
  peakRssMb: number;
  /** Peak VmRSS of the connector process plus its children (tsx's esbuild service). */
  peakTreeRssMb: number;
  /** VmRSS at the end of the run. */
  finalRssMb: number;
  samples: number;
  /** Peak V8 heap in use (`nodejs_heap_size_used_bytes`, read from /metrics every 5 s). */
  peakHeapUsedMb: number | null;
  /**
   * After each tenth of the backlog drained: the RSS peak so far and the heap in use at the last
   * /metrics read. RSS creeping up while the heap stays flat is V8 and malloc keeping memory
   * they have freed; a heap growing with the drained count would be a leak.
   */
  rssByProgress: { drained: number; peakRssMb: number; heapUsedMb: number | null }[];
  /** null when the snapshot was not taken (or the backlog drained before 90 % was seen). */
  memoryByPart: MemoryByPart | null;
  /** The connector's peak RSS after the snapshot (not in peakRssMb); null without one. */
  peakRssAfterSnapshotMb: number | null;
}

const mb = (bytes: number): number => round(bytes / 2 ** 20);

function memoryByPart(probe: MemoryProbe, atDrained: number, snapshot: string): MemoryByPart {
  return {
    atDrained,
    rssMb: mb(probe.memory.rss),
    heapTotalMb: mb(probe.memory.heapTotal),
    heapUsedMb: mb(probe.memory.heapUsed),
    externalMb: mb(probe.memory.external),
    arrayBuffersMb: mb(probe.memory.arrayBuffers),
    outsideHeapMb: mb(probe.memory.rss - probe.memory.heapTotal - probe.memory.external),
    heapSpacesMb: Object.fromEntries(
      probe.spaces.map((space) => [space.name, mb(space.usedBytes)]),
    ),
    heap: analyseHeapSnapshot(snapshot),
  };
}

export async function measureBacklog(
  wordpress: BenchWordPress,
  options: BacklogOptions,
): Promise<BacklogResult> {
  await wordpress.reset();
  const org = await startBenchOrg();
  try {
    options.log(`  backlog: queueing ${options.events} sync events before the connector starts…`);
    const chunk = 2000;
    for (let start = 0; start < options.events; start += chunk) {
      const size = Math.min(chunk, options.events - start);
      const records = Array.from({ length: size }, (_, offset) => ({
        Name: `Backlog ${start + offset}`,
        Website: `https://backlog-${start + offset}.example.test`,
        BillingCity: 'Lyon',
        BillingCountry: 'France',
        Description: `<p>Backlog organisation number ${start + offset}.</p>`,
      }));
      const results = await org.admin.sobject('Account').create(records, { allowRecursive: true });
      if (results.some((result) => !result.success)) {
        throw new Error('backlog: some Accounts could not be created in the emulator');
      }
    }
    options.log(
      `  backlog: starting the connector; sampling its RSS every 250 ms (cap ${options.timeoutSeconds} s)…`,
    );
    const started = Date.now();
    const takeSnapshot = options.heapSnapshot ?? true;
    const connector = await startConnectorProcess({
      emulator: org.emulator,
      wordpress,
      probe: takeSnapshot,
    });
    const rss = connector.rss;
    let probe: { result: MemoryProbe; drained: number; file: string } | undefined;
    const rssByProgress: BacklogResult['rssByProgress'] = [];
    try {
      let drained = 0;
      let failed = 0;
      let lastAt = started;
      connector.onRecord((line) => {
        if (line.outcome === 'Failed') failed++;
        else drained++;
        lastAt = line.at;
      });
      const deadline = started + options.timeoutSeconds * 1000;
      let nextReport = Date.now() + 30_000;
      let nextTenth = 1;
      let nextHeapRead = 0;
      let heapUsedMb: number | null = null;
      let peakHeapUsedMb: number | null = null;
      while (drained + failed < options.events && Date.now() < deadline) {
        await sleep(250);
        if (Date.now() >= nextHeapRead) {
          nextHeapRead = Date.now() + 5000;
          const bytes = await connector
            .metric('nodejs_heap_size_used_bytes')
            .catch(() => undefined);
          if (bytes !== undefined) {
            heapUsedMb = round(bytes / 2 ** 20);
            peakHeapUsedMb = Math.max(peakHeapUsedMb ?? 0, heapUsedMb);
          }
        }
        if (takeSnapshot && !probe && drained + failed >= options.events * 0.9) {
          const at = drained + failed;
          options.log(`  backlog: ${at} drained; heap snapshot of the connector…`);
          const result = await connector.probeMemory();
          // Out of the connector's state directory, which is deleted when it stops.
          const file = join(tmpdir(), `sfwp-bench-${connector.pid}.heapsnapshot`);
          renameSync(result.snapshot, file);
          probe = { result, drained: at, file };
        }
        while (nextTenth <= 10 && drained + failed >= (options.events * nextTenth) / 10) {
          rssByProgress.push({
            drained: drained + failed,
            peakRssMb: round(rss.peakProcessMb),
            heapUsedMb,
          });
          nextTenth++;
        }
        if (Date.now() >= nextReport) {
          nextReport += 30_000;
          options.log(
            `  backlog: ${drained + failed} of ${options.events} drained, RSS ${round(rss.last?.processMb ?? 0)} MB (peak ${round(rss.peakProcessMb)} MB), heap in use ${heapUsedMb ?? '?'} MB`,
          );
        }
      }
      const complete = drained + failed >= options.events;
      const seconds = ((complete ? lastAt : Date.now()) - started) / 1000;
      if (!complete) {
        options.log(
          `  backlog: time cap reached: ${drained + failed} of ${options.events} drained in ${options.timeoutSeconds} s`,
        );
      }
      let byPart: MemoryByPart | null = null;
      if (probe) {
        await connector.stop();
        options.log('  backlog: reading the heap snapshot…');
        try {
          byPart = memoryByPart(probe.result, probe.drained, probe.file);
        } finally {
          rmSync(probe.file, { force: true });
        }
      }
      return {
        events: options.events,
        drained,
        failed,
        complete,
        seconds: round(seconds, 1),
        drainPerSecond: round((drained + failed) / seconds),
        peakRssMb: round(rss.peakProcessMb),
        peakTreeRssMb: round(rss.peakTreeMb),
        finalRssMb: round(rss.last?.processMb ?? 0),
        peakHeapUsedMb,
        samples: rss.samples,
        rssByProgress,
        memoryByPart: byPart,
        peakRssAfterSnapshotMb: probe ? round(rss.peakAfterFreezeMb) : null,
      };
    } finally {
      await connector.stop();
    }
  } finally {
    await org.stop();
  }
}
