/**
 * A run of some parts (`--only`) must not wipe the other parts' figures from latest.json: the
 * sections of the parts not run are carried over from the previous latest.json, each part keeps
 * the date it was last measured (`partsMeasuredAt`), and the goals are evaluated again over the
 * merged figures. The timestamped file of the run holds only what the run measured.
 */
import { evaluateGoals } from './goals.js';
import { PARTS, type BenchReport, type Part } from './report.js';

/** The report sections each part fills; sfToWp also reads the ceiling and in-process figures. */
export const SECTIONS_OF_PART: Record<Part, readonly (keyof BenchReport)[]> = {
  'sf-to-wp': ['sfToWp'],
  ceiling: ['ceiling'],
  'in-process': ['inProcess'],
  bulk: ['bulkOptions'],
  'full-sync': ['fullSync'],
  'wp-to-sf': ['wpToSf'],
  backlog: ['backlog'],
  forms: ['forms'],
  audit: ['audit'],
  ha: ['failover'],
  'org-to-org': ['orgToOrg'],
};

export type MergedReport = BenchReport & { partsMeasuredAt: Partial<Record<Part, string>> };

function measuredAtOf(previous: Partial<MergedReport>): Partial<Record<Part, string>> {
  if (previous.partsMeasuredAt) return { ...previous.partsMeasuredAt };
  // A latest.json written before parts had dates: every part it ran was measured at its date.
  const dates: Partial<Record<Part, string>> = {};
  for (const part of previous.options?.parts ?? []) {
    if (previous.date) dates[part] = previous.date;
  }
  return dates;
}

/** The run's report with the sections of parts it did not run taken from `previous`. */
export function mergeWithPrevious(
  report: BenchReport,
  previous: Partial<MergedReport> | undefined,
): MergedReport {
  const ran = new Set(report.options.parts);
  const merged: BenchReport = { ...report };
  const partsMeasuredAt = previous ? measuredAtOf(previous) : {};
  for (const part of PARTS) {
    if (ran.has(part)) {
      partsMeasuredAt[part] = report.date;
      continue;
    }
    if (!previous || partsMeasuredAt[part] === undefined) continue;
    for (const section of SECTIONS_OF_PART[part]) {
      if (previous[section] !== undefined) Object.assign(merged, { [section]: previous[section] });
    }
  }
  return { ...merged, goals: evaluateGoals(merged), partsMeasuredAt };
}
