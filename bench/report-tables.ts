/** The tables the benchmark prints at the end of a run (Markdown, as docs/BENCHMARKS.md shows them). */
import type { BenchReport, KindSummary } from './report.js';
import { orgToOrgTable } from './org-to-org-report.js';
import { auditTable, failoverTable, formsTable } from './report-tables-breadth.js';
import { formatMs, markdownTable, percent, text } from './table-format.js';

export { formatMs, markdownTable } from './table-format.js';

function goalsTable(report: BenchReport): string {
  return markdownTable(
    ['goal', 'target', 'measured', 'result'],
    report.goals.map((goal) => [
      goal.goal,
      goal.target,
      goal.measured,
      goal.pass === null ? 'not measured' : goal.pass ? 'pass' : 'MISS',
    ]),
  );
}

function kindTable(report: BenchReport, name: 'users' | 'posts', s: KindSummary): string[] {
  const out: string[] = [];
  const rows: string[][] = [];
  const dash = ['–', '–', '–', '–'];
  for (const mode of [s.sfwp, s.naive]) {
    if (!mode) continue;
    rows.push([
      mode.mode === 'sfwp' ? 'sfwp (connector process)' : 'naive (lookup + single write)',
      text(mode.recordsPerSecond),
      text(mode.wpRequestsPer1000),
      formatMs(mode.latency.p50Ms),
      formatMs(mode.latency.p99Ms),
      formatMs(mode.paced?.latency.p50Ms),
      formatMs(mode.paced?.latency.p99Ms),
    ]);
  }
  const ceilingModes = (report.ceiling?.modes ?? []).filter(
    (mode) => mode.mode.startsWith('users') === (name === 'users'),
  );
  for (const mode of ceilingModes) {
    rows.push([
      `WordPress alone: ${mode.mode}, ${mode.inFlight} in flight`,
      text(mode.recordsPerSecond),
      text(mode.requestsPer1000),
      ...dash,
    ]);
  }
  const inProcess = report.inProcess?.[name];
  if (inProcess) {
    rows.push([
      'WordPress in-process: 1 php process',
      text(inProcess.recordsPerSecond),
      '0',
      ...dash,
    ]);
    if (inProcess.parallel) {
      rows.push([
        `WordPress in-process: ${inProcess.parallel.processes} php processes`,
        text(inProcess.parallel.recordsPerSecond),
        '0',
        ...dash,
      ]);
    }
  }
  if (rows.length === 0) return out;
  const pacedRate = s.sfwp?.paced?.ratePerSecond ?? s.naive?.paced?.ratePerSecond;
  out.push(
    '',
    `Salesforce → WordPress, ${name}: ${text(s.records ?? report.options.count)} ${s.change} (mapping ${s.mapping})`,
    '',
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
    '',
  );
  if (s.ratio !== null) out.push(`sfwp ÷ naive throughput: ${s.ratio}×`);
  if (s.shareOfWordPressCeiling !== null) {
    out.push(
      `sfwp ÷ WordPress alone (${text(s.wordPressCeilingRecordsPerSecond)} records/s, ${s.wordPressCeilingMode}): ${s.shareOfWordPressCeiling}×`,
    );
  }
  if (s.shareOfInProcessRate !== null) {
    out.push(`sfwp share of the in-process insert rate: ${percent(s.shareOfInProcessRate)}`);
  }
  if (s.sfApiCallsPer1000 !== null) {
    out.push(`sfwp Salesforce API calls per 1,000 records (id write-back): ${s.sfApiCallsPer1000}`);
  }
  if (s.peakRssMb !== null) out.push(`sfwp connector peak RSS during this run: ${s.peakRssMb} MB`);
  return out;
}

function wpToSfTable(report: BenchReport): string[] {
  const w = report.wpToSf;
  const detail = w.detail;
  if (!detail) return [];
  const catchUp = (seconds: number | null | undefined): string =>
    seconds === null || seconds === undefined
      ? '–'
      : `caught up ${seconds} s after the last change`;
  const rows = [
    [
      'sfwp, burst (as fast as WordPress takes them)',
      w.sfApiCallsPer1000 === null ? '– (not measured)' : text(w.sfApiCallsPer1000),
      text(detail.sfwp?.wpRequestsPer1000),
      catchUp(detail.sfwp?.catchUpSeconds),
    ],
  ];
  if (detail.trickle) {
    rows.push([
      `sfwp, trickle (${detail.trickleRatePerSecond}/s, ${detail.trickle.records} changes)`,
      text(w.trickleSfApiCallsPer1000),
      text(detail.trickle.wpRequestsPer1000),
      catchUp(detail.trickle.catchUpSeconds),
    ]);
  }
  rows.push([
    'naive (SOQL read + single write)',
    text(w.naiveSfApiCallsPer1000),
    '–',
    `${text(detail.naive.recordsPerSecond)} records/s`,
  ]);
  const out = [
    '',
    `WordPress → Salesforce: ${text(detail.records)} new WordPress users → Contacts (mapping Contact_User)`,
    '',
    markdownTable(['mode', 'Salesforce API calls / 1,000', 'WP requests / 1,000', 'timing'], rows),
  ];
  if (w.sfwpUnavailable) out.push('', `sfwp: ${w.sfwpUnavailable} (recorded as null)`);
  return out;
}

function backlogTables(report: BenchReport): string[] {
  const b = report.backlog;
  if (b.peakRssMb === null || !('drained' in b)) return [];
  const out = [
    '',
    `Backlog: ${b.events.toLocaleString('en-US')} sync events queued before the connector starts`,
    '',
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
  ];
  const m = b.memoryByPart;
  if (m) {
    out.push(
      '',
      `Memory at ${m.atDrained} drained: RSS ${m.rssMb} MB = heap ${m.heapTotalMb} MB (${m.heapUsedMb} MB in use) + external ${m.externalMb} MB (arrayBuffers ${m.arrayBuffersMb} MB) + outside the heap ${m.outsideHeapMb} MB; live heap in the snapshot ${m.heap.totalMb} MB. RSS peak after the snapshot (not counted): ${b.peakRssAfterSnapshotMb ?? '–'} MB`,
      '',
      markdownTable(
        ['part', 'retained heap', 'objects'],
        m.heap.byPart.map((part) => [part.part, `${part.retainedMb} MB`, text(part.objects)]),
      ),
      '',
      `Live heap by kind: ${m.heap.byNodeType
        .slice(0, 6)
        .map((entry) => `${entry.type} ${entry.shallowMb} MB`)
        .join(', ')}`,
      `Largest by shallow size: ${m.heap.topConstructors
        .slice(0, 8)
        .map((entry) => `${entry.name} ${entry.shallowMb} MB`)
        .join(', ')}`,
    );
  }
  return out;
}

export function renderTables(report: BenchReport): string {
  const out: string[] = [];
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
  out.push('', 'Goals (issue 17)', '', goalsTable(report));
  out.push(...kindTable(report, 'users', report.sfToWp.users));
  out.push(...kindTable(report, 'posts', report.sfToWp.posts));
  const bulk = report.bulkOptions;
  if (bulk && !bulk.available) out.push('', `Bulk route speed-ups: ${bulk.note ?? ''}`);
  if (bulk?.available) {
    out.push(
      '',
      `Bulk route speed-ups (${bulk.itemsPerRequest} items a request, 1 in flight; speed-up = all on ÷ this)`,
      '',
      markdownTable(
        ['object', 'options', 'records/s', 'all on ÷ this'],
        bulk.variants.map((v) => [
          v.kind,
          v.variant,
          text(v.recordsPerSecond),
          text(v.allOnSpeedup, '×'),
        ]),
      ),
    );
  }
  const f = report.fullSync;
  if (f) {
    out.push(
      '',
      `Full sync (sfwp sync --full --mapping ${f.mapping}): ${text(f.records)} Contacts → users in ${f.seconds} s = ${text(f.recordsPerSecond)} records/s, peak RSS ${f.peakRssMb} MB (${f.summary})`,
    );
  }
  out.push(
    ...wpToSfTable(report),
    ...backlogTables(report),
    ...formsTable(report),
    ...auditTable(report),
    ...failoverTable(report),
    ...orgToOrgTable(report.orgToOrg),
  );
  return out.join('\n');
}
