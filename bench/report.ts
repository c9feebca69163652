/**
 * The run's report: the JSON written to bench/results/ (latest.json keeps a fixed set of keys,
 * null for what was not measured). report-tables.ts prints it; goals.ts checks it against the
 * goals of issue 17.
 */
import type { AuditBenchResult } from './audit.js';
import type { BacklogResult } from './backlog.js';
import type { BulkOptionsResult } from './bulk-options.js';
import type { FormsPartResult } from './forms-part.js';
import type { FullSyncResult } from './full-sync.js';
import type { HaBenchResult } from './ha.js';
import type { OrgToOrgBenchResult } from './org-to-org.js';
import { evaluateGoals, type GoalResult } from './goals.js';
import type { InsertRateResult } from './insert-rate.js';
import type { SfToWpModeResult, SfToWpKindResult } from './sf-to-wp.js';
import { ratio, type MachineInfo } from './stats.js';
import type { CeilingResult } from './wordpress-ceiling.js';
import type { WpToSfResult } from './wp-to-sf.js';

export type Part =
  | 'sf-to-wp'
  | 'ceiling'
  | 'in-process'
  | 'bulk'
  | 'full-sync'
  | 'wp-to-sf'
  | 'backlog'
  | 'forms'
  | 'audit'
  | 'ha'
  | 'org-to-org';
export const PARTS: readonly Part[] = [
  'sf-to-wp',
  'ceiling',
  'in-process',
  'bulk',
  'full-sync',
  'wp-to-sf',
  'backlog',
  'forms',
  'audit',
  'ha',
  'org-to-org',
];

export interface RunOptions {
  count: number;
  backlog: number;
  parts: Part[];
  naiveConcurrency: number;
  pacedCount: number;
  pacedRatePerSecond: number;
  backlogTimeoutSeconds: number;
  fullSyncCount: number;
  trickleCount: number;
  trickleRatePerSecond: number;
  heapSnapshot: boolean;
  /** Where the results are written, relative to the working directory. */
  outDir: string;
  /** Tuning experiment only: the connector's sync.recordConcurrency; null = its default. */
  recordConcurrency: number | null;
}

export interface Measurements {
  users: SfToWpKindResult | null;
  posts: SfToWpKindResult | null;
  ceiling: CeilingResult | null;
  inProcess: InsertRateResult | null;
  bulk: BulkOptionsResult | null;
  fullSync: FullSyncResult | null;
  wpToSf: WpToSfResult | null;
  backlog: BacklogResult | null;
  /** Issue 19: form submissions → Leads, and the visitor → Lead latency. */
  forms: FormsPartResult | null;
  /** Issue 26: the drift audit of linked pairs. */
  audit: AuditBenchResult | null;
  /** Issue 20: failover over leader kills, and throughput on PostgreSQL against SQLite. */
  failover: HaBenchResult | null;
  /** Issue 21: org → org, API calls in the target org per 1,000 records and records/s. */
  orgToOrg: OrgToOrgBenchResult | null;
}

/** One object's Salesforce → WordPress figures, sfwp against the naive mode and the limits. */
export interface KindSummary {
  records: number | null;
  mapping: string;
  change: string;
  recordsPerSecond: number | null;
  naiveRecordsPerSecond: number | null;
  ratio: number | null;
  wpRequestsPer1000: number | null;
  naiveWpRequestsPer1000: number | null;
  /** Posts: the best /batch/v1 figure. Users: single requests (WordPress 6.1 cannot batch users). */
  wordPressCeilingRecordsPerSecond: number | null;
  wordPressCeilingMode: string;
  shareOfWordPressCeiling: number | null;
  /** bench/php/insert-rate.php: core's insert functions in one PHP process, no HTTP. */
  inProcessRecordsPerSecond: number | null;
  shareOfInProcessRate: number | null;
  latencyP50Ms: number | null;
  latencyP99Ms: number | null;
  naiveLatencyP50Ms: number | null;
  naiveLatencyP99Ms: number | null;
  pacedLatencyP50Ms: number | null;
  pacedLatencyP99Ms: number | null;
  naivePacedLatencyP50Ms: number | null;
  naivePacedLatencyP99Ms: number | null;
  sfApiCallsPer1000: number | null;
  peakRssMb: number | null;
  sfwp: SfToWpModeResult | null;
  naive: SfToWpModeResult | null;
}

export interface BenchReport {
  date: string;
  machine: MachineInfo;
  wordpress: { version: string; local: boolean; phpWorkers: number | null };
  options: RunOptions & { durationSeconds: number };
  /**
   * The machine's 1-minute load average at the start and after each phase: the figures are only
   * comparable when nothing else was running (a load near the CPU count is the benchmark itself).
   */
  loadAverage1m: Record<string, number>;
  goals: GoalResult[];
  sfToWp: { users: KindSummary; posts: KindSummary; naiveMode: string };
  ceiling: CeilingResult | null;
  inProcess: InsertRateResult | null;
  bulkOptions: BulkOptionsResult | null;
  fullSync: FullSyncResult | null;
  wpToSf: {
    records: number | null;
    mapping: string;
    /** The burst: changes made as fast as WordPress takes them. */
    sfApiCallsPer1000: number | null;
    trickleSfApiCallsPer1000: number | null;
    trickleRatePerSecond: number | null;
    naiveSfApiCallsPer1000: number | null;
    /** Why sfwp's figures are null, when they are. */
    sfwpUnavailable: string | null;
    naiveMode: string;
    detail: WpToSfResult | null;
  };
  backlog: (BacklogResult & { peakRssMb: number }) | { events: number; peakRssMb: null };
  forms: FormsPartResult | null;
  audit: AuditBenchResult | null;
  failover: HaBenchResult | null;
  orgToOrg: OrgToOrgBenchResult | null;
}

function kindSummary(
  result: SfToWpKindResult | null,
  m: Measurements,
  kind: 'users' | 'posts',
): KindSummary {
  const users = kind === 'users';
  const sfwpRps = result?.sfwp.recordsPerSecond ?? null;
  const ceiling = users
    ? (m.ceiling?.usersSingleRecordsPerSecond ?? null)
    : (m.ceiling?.recordsPerSecond ?? null);
  const inProcess = m.inProcess?.[kind].recordsPerSecond ?? null;
  const sfwp = result?.sfwp ?? null;
  const naive = result?.naive ?? null;
  return {
    records: sfwp?.records ?? naive?.records ?? null,
    mapping: users
      ? 'Contact_User (Contact → WordPress user)'
      : 'Account_Organization (Account → organization post type)',
    change: `new ${users ? 'Contacts' : 'Accounts'} published as WP_Sync_Event__e (CREATE)`,
    recordsPerSecond: sfwpRps,
    naiveRecordsPerSecond: naive?.recordsPerSecond ?? null,
    ratio: ratio(sfwpRps, naive?.recordsPerSecond ?? null),
    wpRequestsPer1000: sfwp?.wpRequestsPer1000 ?? null,
    naiveWpRequestsPer1000: naive?.wpRequestsPer1000 ?? null,
    wordPressCeilingRecordsPerSecond: ceiling,
    wordPressCeilingMode: users
      ? 'users as single REST requests, 4 in flight'
      : (m.ceiling?.bestMode ?? '/batch/v1'),
    shareOfWordPressCeiling: ratio(sfwpRps, ceiling),
    inProcessRecordsPerSecond: inProcess,
    shareOfInProcessRate: ratio(sfwpRps, inProcess),
    latencyP50Ms: sfwp?.latency.p50Ms ?? null,
    latencyP99Ms: sfwp?.latency.p99Ms ?? null,
    naiveLatencyP50Ms: naive?.latency.p50Ms ?? null,
    naiveLatencyP99Ms: naive?.latency.p99Ms ?? null,
    pacedLatencyP50Ms: sfwp?.paced?.latency.p50Ms ?? null,
    pacedLatencyP99Ms: sfwp?.paced?.latency.p99Ms ?? null,
    naivePacedLatencyP50Ms: naive?.paced?.latency.p50Ms ?? null,
    naivePacedLatencyP99Ms: naive?.paced?.latency.p99Ms ?? null,
    sfApiCallsPer1000: sfwp?.sfApiCallsPer1000 ?? null,
    peakRssMb: sfwp?.peakRssMb ?? null,
    sfwp,
    naive,
  };
}

export function buildReport(
  date: Date,
  machine: MachineInfo,
  wordpress: BenchReport['wordpress'],
  options: BenchReport['options'],
  loadAverage1m: Record<string, number>,
  m: Measurements,
): BenchReport {
  const head = { date: date.toISOString(), machine, wordpress, options, loadAverage1m };
  const figures: Omit<BenchReport, 'goals' | keyof typeof head> = {
    sfToWp: {
      users: kindSummary(m.users, m, 'users'),
      posts: kindSummary(m.posts, m, 'posts'),
      naiveMode: `one lookup (GET; posts by slug, users by email) + one single write (POST) per record, ${options.naiveConcurrency} records in flight`,
    },
    ceiling: m.ceiling,
    inProcess: m.inProcess,
    bulkOptions: m.bulk,
    fullSync: m.fullSync,
    wpToSf: {
      records: m.wpToSf?.records ?? null,
      mapping: 'Contact_User (WordPress user → Contact)',
      sfApiCallsPer1000: m.wpToSf?.sfwp?.sfApiCallsPer1000 ?? null,
      trickleSfApiCallsPer1000: m.wpToSf?.trickle?.sfApiCallsPer1000 ?? null,
      trickleRatePerSecond: m.wpToSf?.trickle ? m.wpToSf.trickleRatePerSecond : null,
      naiveSfApiCallsPer1000: m.wpToSf?.naive.sfApiCallsPer1000 ?? null,
      sfwpUnavailable: m.wpToSf?.sfwpUnavailable ?? null,
      naiveMode: `one SOQL read by WP_Id__c + one single-record create/update per change, ${options.naiveConcurrency} in flight`,
      detail: m.wpToSf,
    },
    backlog: m.backlog ?? { events: options.backlog, peakRssMb: null },
    forms: m.forms,
    audit: m.audit,
    failover: m.failover,
    orgToOrg: m.orgToOrg,
  };
  // The goals right after the run's conditions in the JSON.
  return { ...head, goals: evaluateGoals({ ...head, ...figures }), ...figures };
}
