/**
 * The bench's `ha` part (issue 20): failover time over `kills` leader kills with two replicas
 * on PostgreSQL (bench/ha-failover.ts), and Salesforce → WordPress throughput of one connector
 * on PostgreSQL against one on SQLite, the same burst of new Contacts in the same run
 * (bench/sf-to-wp-sfwp.ts, run once per store).
 *
 *   npx tsx bench/ha.ts [--kills 10] [--count 500] [--lease-seconds 5]
 */
import { parseArgs } from 'node:util';
import { startPostgres } from '../test/postgres/launcher.js';
import { cleanUpAll, onCleanup } from './cleanup.js';
import { measureFailover, type FailoverResult } from './ha-failover.js';
import { USERS } from './sf-to-wp-changes.js';
import { measureSfwpSalesforceToWordPress } from './sf-to-wp-sfwp.js';
import { startBenchWordPress, type BenchWordPress } from './stack.js';
import { round } from './stats.js';

export interface HaBenchResult {
  failover: FailoverResult;
  throughput: {
    /** New Contacts → WordPress users in one burst, per store. */
    records: number;
    sqliteRecordsPerSecond: number;
    postgresRecordsPerSecond: number;
    /** PostgreSQL over SQLite; the goal is at least 0.8. */
    ratio: number;
  };
}

export interface HaBenchOptions {
  kills: number;
  count: number;
  leaseSeconds: number;
  log: (line: string) => void;
}

/**
 * The connector process reads its store from the environment it inherits (bench/
 * connector-process.ts passes this process's on): the PostgreSQL run sets SFWP_DATABASE_URL
 * for its own duration only.
 */
async function throughputOnPostgres(
  wordpress: BenchWordPress,
  options: HaBenchOptions,
): Promise<number> {
  const postgres = await startPostgres();
  const stop = onCleanup('PostgreSQL', () => postgres.stop());
  try {
    await postgres.createDatabase('sfwp');
    process.env.SFWP_DATABASE_URL = postgres.url('sfwp');
    const run = await measureSfwpSalesforceToWordPress(wordpress, USERS, {
      ...options,
      pacedCount: 0,
      pacedRatePerSecond: 1,
      naiveConcurrency: 1,
    });
    return run.recordsPerSecond;
  } finally {
    delete process.env.SFWP_DATABASE_URL;
    await stop();
  }
}

export async function measureHa(
  wordpress: BenchWordPress,
  options: HaBenchOptions,
): Promise<HaBenchResult> {
  options.log(
    `  failover: ${String(options.kills)} leader kills, lease ${String(options.leaseSeconds)} s`,
  );
  const failover = await measureFailover(wordpress, options);
  options.log(
    `  failover: lease p50 ${String(failover.leaseP50Ms)} ms, max ${String(failover.leaseMaxMs)} ms; intake p50 ${String(failover.intakeP50Ms)} ms, max ${String(failover.intakeMaxMs)} ms`,
  );
  const sqlite = await measureSfwpSalesforceToWordPress(wordpress, USERS, {
    ...options,
    pacedCount: 0,
    pacedRatePerSecond: 1,
    naiveConcurrency: 1,
  });
  options.log(`  SQLite store: ${String(sqlite.recordsPerSecond)} records/s`);
  const postgresRate = await throughputOnPostgres(wordpress, options);
  options.log(`  PostgreSQL store: ${String(postgresRate)} records/s`);
  return {
    failover,
    throughput: {
      records: options.count,
      sqliteRecordsPerSecond: sqlite.recordsPerSecond,
      postgresRecordsPerSecond: postgresRate,
      ratio: round(postgresRate / sqlite.recordsPerSecond, 2),
    },
  };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const { values } = parseArgs({
    options: {
      kills: { type: 'string', default: '10' },
      count: { type: 'string', default: '500' },
      'lease-seconds': { type: 'string', default: '5' },
    },
  });
  const log = (line: string): void => {
    console.log(line);
  };
  try {
    const wordpress = await startBenchWordPress(log);
    const result = await measureHa(wordpress, {
      kills: Number(values.kills),
      count: Number(values.count),
      leaseSeconds: Number(values['lease-seconds']),
      log,
    });
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await cleanUpAll();
  }
}
