/** The `org-to-org` part's goal and table (issue 21). */
import type { GoalResult } from './goals.js';
import type { OrgToOrgBenchResult, OrgToOrgLegResult } from './org-to-org.js';

/** Issue 21: API calls per 1,000 records in the target org, one way (the goal) and two way. */
export function orgToOrgGoals(result: OrgToOrgBenchResult | null | undefined): GoalResult[] {
  const leg = result?.oneWay;
  return [
    {
      goal: `org → org, API calls per 1,000 records in the target org${leg ? ` (${leg.mapping}, ${String(leg.records)} records)` : ''}`,
      target: '≤ 6',
      measured: leg ? String(leg.targetApiCallsPer1000) : '–',
      pass: leg ? leg.targetApiCallsPer1000 <= 6 : null,
    },
  ];
}

function line(leg: OrgToOrgLegResult): string {
  return `  ${leg.mapping}, ${String(leg.maxInFlightEvents)} events in flight, ${String(leg.recordConcurrency)} records at once: ${String(leg.targetApiCallsPer1000)} API calls per 1,000 in B (${String(leg.targetApiCalls)}), ${String(leg.recordsPerSecond)} records/s (${String(leg.seconds)} s), ${String(leg.copiesInTarget)} copies in B`;
}

export function orgToOrgTable(result: OrgToOrgBenchResult | null | undefined): string[] {
  if (!result) return [];
  return [
    '',
    `Org → org, ${String(result.oneWay.records)} records created in org A (two org emulators):`,
    line(result.oneWay),
    line(result.twoWay),
    line(result.twoWayWideFlow),
  ];
}
