import type { StateStore } from '../store/state-store.js';
import type { AuditReport, AuditTotals } from './report.js';

/** What /healthz, `sfwp status`, the metrics and the admin app show of the latest audit. */
export interface AuditSummary extends AuditTotals {
  startedAt: string;
  finishedAt: string;
  /** Who started it: `cli`, `schedule` or `command`. */
  trigger: string;
  /** Differing pairs per `Mapping.Field`. */
  differingByField: Record<string, number>;
}

/** The checkpoint (key-value) entry that keeps the latest summary across restarts. */
export const LATEST_AUDIT_CHECKPOINT = 'audit.latest';

export function summarise(report: AuditReport, trigger: string): AuditSummary {
  const differingByField: Record<string, number> = {};
  for (const audit of report.mappings)
    for (const [field, count] of Object.entries(audit.differingByField))
      differingByField[`${audit.mapping}.${field}`] = count;
  return {
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    trigger,
    ...report.totals,
    differingByField,
  };
}

/** One line for logs, the sync log row and the admin app. */
export function describeSummary(summary: AuditSummary): string {
  const fields = Object.entries(summary.differingByField)
    .map(([field, count]) => `${field} ${String(count)}`)
    .join(', ');
  return (
    `Audit: ${String(summary.pairsChecked)} pairs checked, ${String(summary.pairsEqual)} equal, ` +
    `${String(summary.pairsDiffering)} differing${fields ? ` (${fields})` : ''}, ` +
    `${String(summary.goneLinks)} links with a side gone, ` +
    `${String(summary.unlinkedMatches)} unlinked matches` +
    (summary.repaired > 0 ? `, ${String(summary.repaired)} repaired` : '') +
    (summary.incomplete > 0 ? `; ${String(summary.incomplete)} mapping(s) incomplete` : '')
  );
}

export function saveLatestSummary(
  store: Pick<StateStore, 'setCheckpoint'>,
  summary: AuditSummary,
): void {
  store.setCheckpoint(LATEST_AUDIT_CHECKPOINT, JSON.stringify(summary));
}

/** The latest audit in the heartbeat (the admin app's health panel): counts, no field list. */
export function latestAuditLine(
  store: Pick<StateStore, 'getCheckpoint'>,
): Record<string, unknown> | undefined {
  const summary = latestSummary(store);
  if (!summary) return undefined;
  const { finishedAt, pairsChecked, pairsDiffering, goneLinks, unlinkedMatches, incomplete } =
    summary;
  return { finishedAt, pairsChecked, pairsDiffering, goneLinks, unlinkedMatches, incomplete };
}

/** The latest audit's summary, or undefined before the first (or when unreadable). */
export function latestSummary(store: Pick<StateStore, 'getCheckpoint'>): AuditSummary | undefined {
  const stored = store.getCheckpoint(LATEST_AUDIT_CHECKPOINT);
  if (stored === undefined) return undefined;
  try {
    return JSON.parse(stored) as AuditSummary;
  } catch {
    return undefined;
  }
}
