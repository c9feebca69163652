/** The tables of the parts issues 19, 20 and 26 added: forms, drift audit, high availability. */
import type { BenchReport } from './report.js';
import { formatMs, markdownTable, text } from './table-format.js';

/** Issue 20: failover over leader kills, and the store's effect on throughput. */
export function failoverTable(report: BenchReport): string[] {
  const ha = report.failover;
  if (!ha) return [];
  const { failover, throughput } = ha;
  return [
    '',
    `High availability: two replicas on PostgreSQL, lease ${String(failover.leaseSeconds)} s, ${String(failover.kills)} leader kills (kill -9):`,
    `  to the lease taken: p50 ${formatMs(failover.leaseP50Ms)}, max ${formatMs(failover.leaseMaxMs)}`,
    `  to the intake running: p50 ${formatMs(failover.intakeP50Ms)}, max ${formatMs(failover.intakeMaxMs)}`,
    `  Salesforce → WordPress, ${String(throughput.records)} Contacts: PostgreSQL ${String(throughput.postgresRecordsPerSecond)} records/s, SQLite ${String(throughput.sqliteRecordsPerSecond)} records/s = ${String(throughput.ratio)}×`,
  ];
}

export function auditTable(report: BenchReport): string[] {
  const audit = report.audit;
  if (!audit) return [];
  return [
    '',
    `Drift audit (sfwp audit --mapping ${audit.mapping}), ${String(audit.pairs)} linked pairs:`,
    `  ${String(audit.seconds)} s (${String(audit.pairsPerSecond)} pairs/s), Salesforce API calls ${String(audit.sfApiCalls)} (${String(audit.sfApiCallsPer1000)} per 1,000), WordPress requests ${String(audit.wpRequests)} (${String(audit.wpRequestsPer1000)} per 1,000), peak RSS ${String(audit.peakRssMb)} MB`,
    `  reported: ${String(audit.pairsChecked)} checked, ${String(audit.pairsEqual)} equal, ${String(audit.pairsDiffering)} differing`,
  ];
}

export function formsTable(report: BenchReport): string[] {
  const forms = report.forms;
  if (!forms) return [];
  const { count, sfwp, naive } = forms.submissions;
  const out = [
    '',
    `Form submissions → Leads: ${text(count)} submissions (every tenth email twice), Salesforce side`,
    '',
    markdownTable(
      ['mode', 'Salesforce API calls / 1,000', 'all in Salesforce', 'Leads'],
      [
        [
          'sfwp (batches of 200)',
          text(sfwp.callsPer1000),
          `${sfwp.seconds.toFixed(2)} s`,
          text(sfwp.leads),
        ],
        [
          'naive (query + create each)',
          text(naive.callsPer1000),
          `${naive.seconds.toFixed(2)} s`,
          text(naive.leads),
        ],
      ],
    ),
  ];
  if (forms.visits) {
    out.push(
      '',
      `Visitor → Lead (Chromium, real WordPress, connector with the webhook), ${forms.visits.visits} visits: p50 ${formatMs(forms.visits.p50Ms)}, max ${formatMs(forms.visits.maxMs)}`,
    );
  }
  return out;
}
