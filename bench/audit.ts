/**
 * Issue 26: an audit of `count` (10,000) linked Contact ↔ user pairs, as `sfwp audit` runs it
 * (bench/audit-process.ts, a process of its own): seconds from spawn to exit, Salesforce API
 * calls per 1,000 pairs (the org's DailyApiRequests, the process's login and mapping load
 * included; goal ≤ 5), WordPress requests per 1,000 pairs (goal ≤ 10) and peak RSS (goal
 * < 150 MB). The pairs are seeded directly (bench/audit-seed.ts), in step, so the audit must
 * report every pair equal. Needs the benchmark's own local WordPress (SQL into its database).
 *
 *   npx tsx bench/audit.ts [--count 10000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { SqliteStateStore } from '../connector/src/store/sqlite-state-store.js';
import { connectorEnvironment } from '../test/integration/support/emulated-org.js';
import { AUDIT_MAPPING, seedLinkedPairs } from './audit-seed.js';
import { cleanUpAll } from './cleanup.js';
import { runMeasured } from './measured-process.js';
import { startBenchOrg, startBenchWordPress, type BenchWordPress } from './stack.js';
import { round } from './stats.js';

const CHILD = fileURLToPath(new URL('./audit-process.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

export interface AuditBenchResult {
  mapping: string;
  pairs: number;
  /** From the audit process's spawn to its exit: start-up, login and mapping load included. */
  seconds: number;
  pairsPerSecond: number;
  sfApiCalls: number;
  sfApiCallsPer1000: number;
  wpRequests: number;
  wpRequestsPer1000: number;
  /** WordPress requests by purpose (read, lookup, discovery, …). */
  wpRequestsByPurpose: Record<string, number>;
  peakRssMb: number;
  /** The audit's own figures: all equal for the seeded pairs. */
  pairsChecked: number;
  pairsEqual: number;
  pairsDiffering: number;
}

interface ChildOutput {
  totals: { pairsChecked: number; pairsEqual: number; pairsDiffering: number; incomplete: number };
  requests: Record<string, number>;
}

const per1000 = (value: number, pairs: number): number => round((value / pairs) * 1000, 2);

async function runAuditProcess(
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ output: ChildOutput; seconds: number; peakRssMb: number }> {
  const exit = await runMeasured(
    'the audit process',
    process.execPath,
    ['--import', TSX, CHILD, AUDIT_MAPPING],
    { cwd, env },
    100,
  );
  if (exit.code !== 0)
    throw new Error(`the audit process exited with ${String(exit.code)}:\n${exit.stderr}`);
  const line = exit.stdout.trim().split('\n').at(-1) ?? '';
  return {
    output: JSON.parse(line) as ChildOutput,
    seconds: exit.seconds,
    peakRssMb: exit.peakRssMb,
  };
}

export async function measureAudit(
  wordpress: BenchWordPress,
  count: number,
  log: (line: string) => void,
): Promise<AuditBenchResult> {
  if (!wordpress.siteDir)
    throw new Error('the audit part seeds with SQL: it needs the local WordPress');
  await wordpress.reset();
  const org = await startBenchOrg();
  const stateDir = mkdtempSync(join(tmpdir(), 'sfwp-bench-audit-'));
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...connectorEnvironment(org.emulator, wordpress, stateDir, 'client-credentials'),
      SFWP_LOG_LEVEL: 'warn',
    };
    delete env.SFWP_CONFIG;
    log(`  audit: seeding ${String(count)} linked pairs (SQL, the org's store, the state store)…`);
    const store = new SqliteStateStore({ path: join(stateDir, 'state.sqlite') });
    await seedLinkedPairs(wordpress, org.emulator, store, count, 'bench.audit.');
    store.close();
    log(`  audit: sfwp audit --mapping ${AUDIT_MAPPING}…`);
    const callsBefore = org.emulator.usage.usedCalls;
    const { output, seconds, peakRssMb } = await runAuditProcess(env, stateDir);
    const sfApiCalls = org.emulator.usage.usedCalls - callsBefore;
    const { totals, requests } = output;
    if (totals.incomplete > 0 || totals.pairsChecked !== count)
      throw new Error(`audit: ${JSON.stringify(totals)} for ${String(count)} seeded pairs`);
    const wpRequests = Object.values(requests).reduce((sum, value) => sum + value, 0);
    return {
      mapping: AUDIT_MAPPING,
      pairs: count,
      seconds: round(seconds, 1),
      pairsPerSecond: round(count / seconds),
      sfApiCalls,
      sfApiCallsPer1000: per1000(sfApiCalls, count),
      wpRequests,
      wpRequestsPer1000: per1000(wpRequests, count),
      wpRequestsByPurpose: requests,
      peakRssMb: round(peakRssMb),
      pairsChecked: totals.pairsChecked,
      pairsEqual: totals.pairsEqual,
      pairsDiffering: totals.pairsDiffering,
    };
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
    await org.stop();
  }
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '10000' } } });
  const log = (line: string): void => {
    console.log(line);
  };
  try {
    const wordpress = await startBenchWordPress(log);
    console.log(JSON.stringify(await measureAudit(wordpress, Number(values.count), log), null, 2));
  } finally {
    await cleanUpAll();
  }
}
