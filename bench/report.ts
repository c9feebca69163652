/**
 * The run's report: the JSON written to bench/results/ (latest.json keeps a fixed set of keys,
 * null for what was not measured) and the tables printed at the end.
 */
import type { BacklogResult } from './backlog.js';
import type { SfToWpModeResult } from './sf-to-wp.js';
import { ratio, type MachineInfo } from './stats.js';
import type { CeilingResult } from './wordpress-ceiling.js';
import type { WpToSfResult } from './wp-to-sf.js';

export type Part = 'sf-to-wp' | 'ceiling' | 'wp-to-sf' | 'backlog';
export const PARTS: readonly Part[] = ['sf-to-wp', 'ceiling', 'wp-to-sf', 'backlog'];

export interface RunOptions {
  count: number;
  backlog: number;
  parts: Part[];
  naiveConcurrency: number;
  pacedCount: number;
  pacedRatePerSecond: number;
  backlogTimeoutSeconds: number;
  /** Where the results are written, relative to the working directory. */
  outDir: string;
  /** Tuning experiment only: the connector's sync.recordConcurrency; null = its default. */
  recordConcurrency: number | null;
}

export interface Measurements {
  sfwp: SfToWpModeResult | null;
  naive: SfToWpModeResult | null;
  ceiling: CeilingResult | null;
  wpToSf: WpToSfResult | null;
  backlog: BacklogResult | null;
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
  sfToWp: {
    records: number | null;
    mapping: string;
    change: string;
    recordsPerSecond: number | null;
    naiveRecordsPerSecond: number | null;
    ratio: number | null;
    wpRequestsPer1000: number | null;
    naiveWpRequestsPer1000: number | null;
    wordPressCeilingRecordsPerSecond: number | null;
    shareOfWordPressCeiling: number | null;
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
    naiveMode: string;
    sfwp: SfToWpModeResult | null;
    naive: SfToWpModeResult | null;
  };
  ceiling: CeilingResult | null;
  wpToSf: {
    records: number | null;
    mapping: string;
    sfApiCallsPer1000: number | null;
    naiveSfApiCallsPer1000: number | null;
    /** Why sfwp's figure is null, when it is. */
    sfwpUnavailable: string | null;
    naiveMode: string;
    detail: WpToSfResult | null;
  };
  backlog: (BacklogResult & { peakRssMb: number }) | { events: number; peakRssMb: null };
}

export function buildReport(
  date: Date,
  machine: MachineInfo,
  wordpress: BenchReport['wordpress'],
  options: BenchReport['options'],
  loadAverage1m: Record<string, number>,
  m: Measurements,
): BenchReport {
  const ceilingRps = m.ceiling?.recordsPerSecond ?? null;
  const sfwpRps = m.sfwp?.recordsPerSecond ?? null;
  return {
    date: date.toISOString(),
    machine,
    wordpress,
    options,
    loadAverage1m,
    sfToWp: {
      records: m.sfwp?.records ?? m.naive?.records ?? null,
      mapping: 'Account_Organization (Account → organization post type)',
      change: 'new Accounts published as WP_Sync_Event__e (CREATE)',
      recordsPerSecond: sfwpRps,
      naiveRecordsPerSecond: m.naive?.recordsPerSecond ?? null,
      ratio: ratio(sfwpRps, m.naive?.recordsPerSecond ?? null),
      wpRequestsPer1000: m.sfwp?.wpRequestsPer1000 ?? null,
      naiveWpRequestsPer1000: m.naive?.wpRequestsPer1000 ?? null,
      wordPressCeilingRecordsPerSecond: ceilingRps,
      shareOfWordPressCeiling: ratio(sfwpRps, ceilingRps),
      latencyP50Ms: m.sfwp?.latency.p50Ms ?? null,
      latencyP99Ms: m.sfwp?.latency.p99Ms ?? null,
      naiveLatencyP50Ms: m.naive?.latency.p50Ms ?? null,
      naiveLatencyP99Ms: m.naive?.latency.p99Ms ?? null,
      pacedLatencyP50Ms: m.sfwp?.paced?.latency.p50Ms ?? null,
      pacedLatencyP99Ms: m.sfwp?.paced?.latency.p99Ms ?? null,
      naivePacedLatencyP50Ms: m.naive?.paced?.latency.p50Ms ?? null,
      naivePacedLatencyP99Ms: m.naive?.paced?.latency.p99Ms ?? null,
      sfApiCallsPer1000: m.sfwp?.sfApiCallsPer1000 ?? null,
      peakRssMb: m.sfwp?.peakRssMb ?? null,
      naiveMode: `one slug lookup (GET) + one single write (POST) per record, ${options.naiveConcurrency} records in flight`,
      sfwp: m.sfwp,
      naive: m.naive,
    },
    ceiling: m.ceiling,
    wpToSf: {
      records: m.wpToSf?.records ?? null,
      mapping: 'Contact_User (WordPress user → Contact)',
      sfApiCallsPer1000: m.wpToSf?.sfwp?.sfApiCallsPer1000 ?? null,
      naiveSfApiCallsPer1000: m.wpToSf?.naive.sfApiCallsPer1000 ?? null,
      sfwpUnavailable: m.wpToSf?.sfwpUnavailable ?? null,
      naiveMode: `one SOQL read by WP_Id__c + one single-record create/update per change, ${options.naiveConcurrency} in flight`,
      detail: m.wpToSf,
    },
    backlog: m.backlog ?? { events: options.backlog, peakRssMb: null },
  };
}

export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '–';
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}

function text(value: number | string | null | undefined, suffix = ''): string {
  if (value === null || value === undefined) return '–';
  return `${typeof value === 'number' ? value.toLocaleString('en-US') : value}${suffix}`;
}

/** A Markdown table with aligned columns (numbers right-aligned). */
export function markdownTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, column) =>
    Math.max(cell.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  // A column whose cells all start with a figure (or are blank) is right-aligned.
  const numeric = header.map((_, column) => rows.every((row) => /^[\d–]/.test(row[column] ?? '')));
  const line = (cells: string[]): string =>
    `| ${cells
      .map((cell, column) =>
        numeric[column] ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0),
      )
      .join(' | ')} |`;
  const rule = `| ${widths
    .map((width, column) => (numeric[column] ? `${'-'.repeat(width - 1)}:` : '-'.repeat(width)))
    .join(' | ')} |`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

export function renderTables(report: BenchReport): string {
  const out: string[] = [];
  const s = report.sfToWp;
  const m = report.machine;
  const loads = Object.entries(report.loadAverage1m)
    .map(([phase, value]) => `${phase} ${value}`)
    .join(', ');
  out.push(
    `Machine: ${m.cpuModel}, ${m.cpus} CPUs, ${m.memoryGb} GB, ${m.os}, Node ${m.node}; ` +
      `WordPress ${report.wordpress.version}${report.wordpress.phpWorkers ? ` (php -S, ${report.wordpress.phpWorkers} workers)` : ''}; ${report.date}`,
    `Load average (1 min) at start and after each phase: ${loads}`,
  );
  if (report.options.recordConcurrency !== null) {
    out.push(
      `Tuning experiment: the connector ran with sync.recordConcurrency ${report.options.recordConcurrency} (not its default)`,
    );
  }
  if (s.sfwp || s.naive || report.ceiling) {
    const records = s.records ?? report.options.count;
    out.push(
      '',
      `Salesforce → WordPress: ${records.toLocaleString('en-US')} new Accounts → organization posts (mapping Account_Organization)`,
      '',
    );
    const rows: string[][] = [];
    const paced = (mode: SfToWpModeResult | null, key: 'p50Ms' | 'p99Ms'): string =>
      formatMs(mode?.paced?.latency[key]);
    for (const mode of [s.sfwp, s.naive]) {
      if (!mode) continue;
      rows.push([
        mode.mode === 'sfwp' ? 'sfwp (connector process)' : 'naive (lookup + single write)',
        text(mode.recordsPerSecond),
        text(mode.wpRequestsPer1000),
        formatMs(mode.latency.p50Ms),
        formatMs(mode.latency.p99Ms),
        paced(mode, 'p50Ms'),
        paced(mode, 'p99Ms'),
      ]);
    }
    for (const mode of report.ceiling?.modes ?? []) {
      rows.push([
        `WordPress alone: ${mode.mode}, ${mode.inFlight} in flight`,
        text(mode.recordsPerSecond),
        text(mode.requestsPer1000),
        '–',
        '–',
        '–',
        '–',
      ]);
    }
    const pacedRate = s.sfwp?.paced?.ratePerSecond ?? s.naive?.paced?.ratePerSecond;
    out.push(
      markdownTable(
        [
          'mode',
          'records/s',
          'WP requests / 1,000',
          'burst p50',
          'burst p99',
          `paced${pacedRate ? ` ${pacedRate}/s` : ''} p50`,
          'paced p99',
        ],
        rows,
      ),
    );
    out.push('');
    if (s.ratio !== null) out.push(`sfwp ÷ naive throughput: ${s.ratio}×`);
    if (s.shareOfWordPressCeiling !== null) {
      out.push(
        `sfwp share of WordPress's /batch/v1 ceiling (${text(s.wordPressCeilingRecordsPerSecond)} records/s, ${report.ceiling?.bestMode ?? ''}): ${Math.round(s.shareOfWordPressCeiling * 100)}%`,
      );
    }
    if (s.sfApiCallsPer1000 !== null) {
      out.push(
        `sfwp Salesforce API calls per 1,000 records (id write-back; results go over Pub/Sub): ${s.sfApiCallsPer1000}`,
      );
    }
    if (s.peakRssMb !== null)
      out.push(`sfwp connector peak RSS during this run: ${s.peakRssMb} MB`);
    if (s.naive) out.push(`naive mode: ${s.naiveMode}`);
  }
  if (report.wpToSf.detail) {
    const w = report.wpToSf;
    const detail = w.detail;
    if (detail) {
      out.push(
        '',
        `WordPress → Salesforce: ${detail.records.toLocaleString('en-US')} new WordPress users → Contacts (mapping Contact_User)`,
        '',
      );
      out.push(
        markdownTable(
          ['mode', 'Salesforce API calls / 1,000', 'WP requests / 1,000', 'timing'],
          [
            [
              'sfwp (connector process)',
              w.sfApiCallsPer1000 === null ? '– (not measured)' : text(w.sfApiCallsPer1000),
              text(detail.sfwp?.wpRequestsPer1000),
              detail.sfwp?.catchUpSeconds === null || detail.sfwp?.catchUpSeconds === undefined
                ? '–'
                : `caught up ${detail.sfwp.catchUpSeconds} s after the last change`,
            ],
            [
              'naive (SOQL read + single write)',
              text(w.naiveSfApiCallsPer1000),
              '–',
              `${text(detail.naive.recordsPerSecond)} records/s`,
            ],
          ],
        ),
      );
      if (w.sfwpUnavailable) out.push('', `sfwp: ${w.sfwpUnavailable} (recorded as null)`);
    }
  }
  const b = report.backlog;
  if (b.peakRssMb !== null && 'drained' in b) {
    out.push(
      '',
      `Backlog: ${b.events.toLocaleString('en-US')} sync events queued before the connector starts`,
      '',
    );
    out.push(
      markdownTable(
        [
          'peak RSS (connector)',
          'peak RSS (+ children)',
          'peak heap in use',
          'drained',
          'seconds',
          'events/s',
        ],
        [
          [
            `${b.peakRssMb} MB`,
            `${b.peakTreeRssMb} MB`,
            b.peakHeapUsedMb === null ? '–' : `${b.peakHeapUsedMb} MB`,
            `${b.drained + b.failed} of ${b.events}${b.complete ? '' : ' (time cap)'}`,
            text(b.seconds),
            text(b.drainPerSecond),
          ],
        ],
      ),
    );
  }
  return out.join('\n');
}
