/**
 * `npm run bench`: sfwp against a naive per-record sync and against WordPress's own ceiling,
 * on the real local WordPress and the org emulator, both sides in the same run on the same
 * machine. Prints tables, writes bench/results/<timestamp>.json, bench/results/latest.json and
 * bench/results/latest.svg. docs/BENCHMARKS.md explains every figure.
 *
 *   npm run bench                       # everything, 2,000 changes, 20,000-event backlog
 *   npm run bench -- --count 500 --backlog 5000 --full-sync-count 1000
 *   npm run bench -- --only sf-to-wp    # or any of PARTS (comma-separated)
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { measureAudit } from './audit.js';
import { measureBacklog } from './backlog.js';
import { measureBulkOptions } from './bulk-options.js';
import { renderChart } from './chart.js';
import { cleaningUp, cleanUpAll, installSignalHandlers } from './cleanup.js';
import { measureFormsPart } from './forms-part.js';
import { measureOrgToOrg } from './org-to-org.js';
import { measureFullSync } from './full-sync.js';
import { measureHa } from './ha.js';
import { measureInsertRate } from './insert-rate.js';
import { mergeWithPrevious, type MergedReport } from './merge-latest.js';
import {
  buildReport,
  type BenchReport,
  type Measurements,
  type Part,
  type RunOptions,
} from './report.js';
import { renderTables } from './report-tables.js';
import { HELP, parseOptions } from './run-options.js';
import { POSTS, USERS } from './sf-to-wp-changes.js';
import { measureSalesforceToWordPress, type SfToWpOptions } from './sf-to-wp.js';
import { keepWordPressLogs, startBenchWordPress } from './stack.js';
import { machineInfo, round } from './stats.js';
import { measureWordPressCeiling } from './wordpress-ceiling.js';
import { measureWordPressToSalesforce } from './wp-to-sf.js';

function log(line: string): void {
  console.log(line);
}

/** The latest.json a run replaces, when there is one to carry other parts' figures from. */
async function previousLatest(dir: string): Promise<Partial<MergedReport> | undefined> {
  try {
    return JSON.parse(await readFile(join(dir, 'latest.json'), 'utf8')) as Partial<MergedReport>;
  } catch {
    return undefined;
  }
}

/**
 * Writes the run's JSON and, for a completed run, latest.json (the run merged with the previous
 * latest.json's other parts) and latest.svg; their paths.
 */
async function writeResults(report: BenchReport, completed: boolean): Promise<string[]> {
  const dir = resolve(report.options.outDir);
  await mkdir(dir, { recursive: true });
  const stamp = report.date.replace(/[:.]/g, '-');
  const written: Array<[string, string]> = [
    [
      join(dir, `${stamp}${completed ? '' : '-failed'}.json`),
      `${JSON.stringify(report, null, 2)}\n`,
    ],
  ];
  if (completed) {
    const latest = mergeWithPrevious(report, await previousLatest(dir));
    written.push(
      [join(dir, 'latest.json'), `${JSON.stringify(latest, null, 2)}\n`],
      [join(dir, 'latest.svg'), renderChart(latest)],
    );
  }
  for (const [file, content] of written) await writeFile(file, content);
  return written.map(([file]) => relative(process.cwd(), file) || file);
}

async function main(): Promise<void> {
  let options: RunOptions | undefined;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    process.exitCode = 2;
    return;
  }
  if (!options) return;
  const run = options;
  installSignalHandlers();
  const started = new Date();
  const machine = machineInfo();
  const measurements: Measurements = {
    users: null,
    posts: null,
    ceiling: null,
    inProcess: null,
    bulk: null,
    fullSync: null,
    wpToSf: null,
    backlog: null,
    forms: null,
    audit: null,
    failover: null,
    orgToOrg: null,
  };
  const loadAverage1m: Record<string, number> = { start: round(loadavg()[0] ?? 0, 2) };
  const phaseDone = (phase: string): void => {
    loadAverage1m[phase] = round(loadavg()[0] ?? 0, 2);
  };
  let wordpressInfo: BenchReport['wordpress'] = {
    version: 'not started',
    local: false,
    phpWorkers: null,
  };
  const report = (): BenchReport =>
    buildReport(
      started,
      machine,
      wordpressInfo,
      { ...run, durationSeconds: Math.round((Date.now() - started.getTime()) / 1000) },
      loadAverage1m,
      measurements,
    );
  try {
    const wordpress = await startBenchWordPress(log);
    wordpressInfo = {
      version: wordpress.version,
      local: wordpress.local,
      phpWorkers: wordpress.phpWorkers ?? null,
    };
    const has = (part: Part): boolean => run.parts.includes(part);
    const sfToWp: SfToWpOptions = {
      count: run.count,
      pacedCount: run.pacedCount,
      pacedRatePerSecond: run.pacedRatePerSecond,
      naiveConcurrency: run.naiveConcurrency,
      recordConcurrency: run.recordConcurrency ?? undefined,
      log,
    };
    if (has('sf-to-wp')) {
      for (const kind of [USERS, POSTS]) {
        log(`\nSalesforce → WordPress, ${kind.name} (${run.count} changes per mode)`);
        measurements[kind.name] = await measureSalesforceToWordPress(wordpress, kind, sfToWp);
        phaseDone(`sfToWp.${kind.name}`);
      }
    }
    if (has('ceiling')) {
      log(`\nWordPress's own write ceiling (${run.count} writes per mode, no connector)`);
      measurements.ceiling = await measureWordPressCeiling(wordpress, run.count, log);
      phaseDone('ceiling');
    }
    if (has('in-process')) {
      log(`\nWordPress's in-process insert rate (${run.count} users and posts, php, no HTTP)`);
      measurements.inProcess = await measureInsertRate(wordpress, run.count, log);
      phaseDone('inProcess');
    }
    if (has('bulk')) {
      log(`\nThe bulk route's speed-ups (POST sfwp/v1/bulk)`);
      measurements.bulk = await measureBulkOptions(wordpress, run.count, log);
      phaseDone('bulk');
    }
    if (has('full-sync')) {
      log(`\nFull sync of ${run.fullSyncCount} Contacts → users (sfwp sync --full)`);
      measurements.fullSync = await measureFullSync(wordpress, run.fullSyncCount, log);
      log(
        `  full sync: ${measurements.fullSync.recordsPerSecond} records/s, peak RSS ${measurements.fullSync.peakRssMb} MB`,
      );
      phaseDone('fullSync');
    }
    if (has('wp-to-sf')) {
      log(`\nWordPress → Salesforce (${run.count} changes per mode, then a trickle)`);
      measurements.wpToSf = await measureWordPressToSalesforce(wordpress, {
        count: run.count,
        naiveConcurrency: run.naiveConcurrency,
        trickleCount: run.trickleCount,
        trickleRatePerSecond: run.trickleRatePerSecond,
        log,
      });
      phaseDone('wpToSf');
    }
    if (has('backlog')) {
      log(`\nConnector memory with a ${run.backlog}-event backlog`);
      measurements.backlog = await measureBacklog(wordpress, {
        events: run.backlog,
        timeoutSeconds: run.backlogTimeoutSeconds,
        heapSnapshot: run.heapSnapshot,
        log,
      });
      phaseDone('backlog');
    }
    if (has('forms')) {
      const forms = { count: Math.min(run.count, 1000), visits: 20 };
      log(`\nForm submissions → Leads (${forms.count}), visitor → Lead (${forms.visits} visits)`);
      measurements.forms = await measureFormsPart(forms, log);
      phaseDone('forms');
    }
    if (has('audit')) {
      log(`\nDrift audit of ${run.fullSyncCount} linked pairs (sfwp audit)`);
      measurements.audit = await measureAudit(wordpress, run.fullSyncCount, log);
      phaseDone('audit');
    }
    if (has('ha')) {
      // The lease the HA tests run with; renewed from its own thread, it holds under load.
      const ha = { kills: 10, count: Math.min(run.count, 1000), leaseSeconds: 5, log };
      log(
        `\nHigh availability: ${ha.kills} leader kills, ${ha.count} Contacts on PostgreSQL and SQLite`,
      );
      measurements.failover = await measureHa(wordpress, ha);
      phaseDone('ha');
    }
    if (has('org-to-org')) {
      log(`\nOrg → org: ${run.count} records created in org A, to org B (two org emulators)`);
      measurements.orgToOrg = await measureOrgToOrg(run.count, log);
      phaseDone('org-to-org');
    }
  } catch (error) {
    const written = await writeResults(report(), false).catch(() => undefined);
    if (written)
      console.error(`bench: what was measured before the failure: ${written.join(', ')}`);
    throw error;
  }
  await cleanUpAll();
  const final = report();
  console.log(`\n${renderTables(final)}\n`);
  const written = await writeResults(final, true);
  console.log(`Wrote ${written.join(', ')} (${final.options.durationSeconds} s).`);
}

main().then(
  () => undefined,
  async (error: unknown) => {
    console.error(`\nbench failed: ${error instanceof Error ? error.message : String(error)}`);
    // A real failure keeps WordPress's logs for a look; Ctrl-C does not.
    if (!cleaningUp()) keepWordPressLogs();
    if (error instanceof Error && error.stack && process.env.BENCH_DEBUG)
      console.error(error.stack);
    await cleanUpAll();
    process.exit(1);
  },
);
