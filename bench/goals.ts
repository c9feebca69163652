/**
 * The goals of issue 17, checked against a run's figures: one row per goal and object, with
 * what was measured and pass, miss, or null when the run did not measure it.
 */
import { orgToOrgGoals } from './org-to-org-report.js';
import type { BenchReport, KindSummary } from './report.js';

export interface GoalResult {
  goal: string;
  target: string;
  measured: string;
  /** null: not measured in this run. */
  pass: boolean | null;
}

type Figures = Omit<BenchReport, 'goals'>;

function known(...values: (number | null | undefined)[]): boolean {
  return values.every((value) => value !== null && value !== undefined);
}

function percent(value: number | null): string {
  return value === null ? '–' : `${Math.round(value * 100)} %`;
}

function perKind(
  figures: Figures,
  make: (kind: KindSummary, name: 'users' | 'posts') => GoalResult,
): GoalResult[] {
  return [make(figures.sfToWp.users, 'users'), make(figures.sfToWp.posts, 'posts')];
}

export function evaluateGoals(figures: Figures): GoalResult[] {
  const users = figures.sfToWp.users;
  const posts = figures.sfToWp.posts;
  const w = figures.wpToSf;
  const goals: GoalResult[] = [];
  const single = users.wordPressCeilingRecordsPerSecond;
  const usersRps = users.recordsPerSecond;
  goals.push({
    goal: 'users, records/s',
    target: '≥ 10× the single-request rate (users as single REST requests, 4 in flight)',
    measured:
      usersRps !== null && single !== null
        ? `${usersRps} records/s = ${(usersRps / single).toFixed(2)}× ${single}`
        : '–',
    pass: usersRps !== null && single !== null ? usersRps >= 10 * single : null,
  });
  goals.push({
    goal: 'posts, records/s',
    target: "≥ 1.5× WordPress's /batch/v1 ceiling",
    measured: known(posts.recordsPerSecond, posts.wordPressCeilingRecordsPerSecond)
      ? `${posts.recordsPerSecond} records/s = ${posts.shareOfWordPressCeiling ?? '–'}× ${posts.wordPressCeilingRecordsPerSecond}`
      : '–',
    pass: known(posts.shareOfWordPressCeiling) ? (posts.shareOfWordPressCeiling ?? 0) >= 1.5 : null,
  });
  goals.push(
    ...perKind(figures, (kind, name) => ({
      goal: `${name}, share of the in-process insert rate`,
      target: '≥ 60 %',
      measured: known(kind.shareOfInProcessRate)
        ? `${percent(kind.shareOfInProcessRate)} (${kind.recordsPerSecond} of ${kind.inProcessRecordsPerSecond} records/s)`
        : '–',
      pass: known(kind.shareOfInProcessRate) ? (kind.shareOfInProcessRate ?? 0) >= 0.6 : null,
    })),
    ...perKind(figures, (kind, name) => ({
      goal: `${name}, WordPress requests per 1,000 records`,
      target: '≤ 10',
      measured: known(kind.wpRequestsPer1000) ? String(kind.wpRequestsPer1000) : '–',
      pass: known(kind.wpRequestsPer1000) ? (kind.wpRequestsPer1000 ?? 0) <= 10 : null,
    })),
  );
  for (const [how, calls] of [
    ['burst', w.sfApiCallsPer1000],
    [`trickle ${w.trickleRatePerSecond ?? 20}/s`, w.trickleSfApiCallsPer1000],
  ] as const) {
    goals.push({
      goal: `WordPress → Salesforce, Salesforce API calls per 1,000 (${how})`,
      target: '≤ 6',
      measured: calls === null ? '–' : String(calls),
      pass: calls === null ? null : calls <= 6,
    });
  }
  const backlog = figures.backlog.peakRssMb;
  goals.push({
    goal: `peak RSS, ${figures.backlog.events.toLocaleString('en-US')}-event backlog`,
    target: '< 200 MB',
    measured: backlog === null ? '–' : `${backlog} MB`,
    pass: backlog === null ? null : backlog < 200,
  });
  goals.push(
    ...perKind(figures, (kind, name) => ({
      goal: `${name}, paced single-change latency p50`,
      target: "≤ the naive mode's p50 in the same run, and < 50 ms",
      measured: known(kind.pacedLatencyP50Ms, kind.naivePacedLatencyP50Ms)
        ? `${kind.pacedLatencyP50Ms} ms (naive ${kind.naivePacedLatencyP50Ms} ms)`
        : '–',
      pass: known(kind.pacedLatencyP50Ms, kind.naivePacedLatencyP50Ms)
        ? (kind.pacedLatencyP50Ms ?? 0) <= (kind.naivePacedLatencyP50Ms ?? 0) &&
          (kind.pacedLatencyP50Ms ?? 0) < 50
        : null,
    })),
    ...perKind(figures, (kind, name) => ({
      goal: `${name}, paced single-change latency p99`,
      target: '< 100 ms',
      measured: known(kind.pacedLatencyP99Ms) ? `${kind.pacedLatencyP99Ms} ms` : '–',
      pass: known(kind.pacedLatencyP99Ms) ? (kind.pacedLatencyP99Ms ?? 0) < 100 : null,
    })),
  );
  goals.push(...formsGoals(figures.forms));
  goals.push(...auditGoals(figures.audit));
  goals.push(...failoverGoals(figures.failover));
  goals.push(...orgToOrgGoals(figures.orgToOrg));
  return goals;
}

/** Issue 19: calls per 1,000 submissions, and the visitor → Lead acceptance time. */
function formsGoals(forms: Figures['forms']): GoalResult[] {
  const calls = forms?.submissions.sfwp.callsPer1000 ?? null;
  const visits = forms?.visits ?? null;
  return [
    {
      goal: 'form submissions → Leads, Salesforce API calls per 1,000',
      target: '≤ 15 (match queries included)',
      measured: calls === null ? '–' : String(calls),
      pass: calls === null ? null : calls <= 15,
    },
    {
      goal: 'visitor → Lead with the webhook (Chromium), slowest visit',
      target: '≤ 2 s',
      measured: visits === null ? '–' : `max ${visits.maxMs} ms, p50 ${visits.p50Ms} ms`,
      pass: visits === null ? null : visits.maxMs <= 2000,
    },
  ];
}

/** Issue 26: the audit's Salesforce calls and WordPress requests per 1,000 pairs, its memory. */
function auditGoals(audit: Figures['audit']): GoalResult[] {
  const figure = (value: number | undefined): string => (value === undefined ? '–' : String(value));
  return [
    {
      goal: 'audit of linked pairs, Salesforce API calls per 1,000 pairs',
      target: '≤ 5 (login and mapping load included)',
      measured: figure(audit?.sfApiCallsPer1000),
      pass: audit ? audit.sfApiCallsPer1000 <= 5 : null,
    },
    {
      goal: 'audit of linked pairs, WordPress requests per 1,000 pairs',
      target: '≤ 10',
      measured: figure(audit?.wpRequestsPer1000),
      pass: audit ? audit.wpRequestsPer1000 <= 10 : null,
    },
    {
      goal: 'audit of linked pairs, peak RSS of the audit process',
      target: '< 150 MB',
      measured: audit ? `${String(audit.peakRssMb)} MB` : '–',
      pass: audit ? audit.peakRssMb < 150 : null,
    },
  ];
}

/** Issue 20: failover time over leader kills, and throughput on PostgreSQL against SQLite. */
function failoverGoals(ha: Figures['failover']): GoalResult[] {
  const failover = ha?.failover;
  const kills = failover
    ? ` (${String(failover.kills)} kills, lease ${String(failover.leaseSeconds)} s)`
    : '';
  const timed = (what: 'lease' | 'intake', p50: number | undefined, max: number | undefined) => [
    {
      goal: `failover, kill -9 to the ${what === 'lease' ? 'lease taken' : 'intake running'}, p50${kills}`,
      target: '≤ 5 s',
      measured: p50 === undefined ? '–' : `${String(p50)} ms`,
      pass: p50 === undefined ? null : p50 <= 5000,
    },
    {
      goal: `failover, kill -9 to the ${what === 'lease' ? 'lease taken' : 'intake running'}, max${kills}`,
      target: '≤ 10 s',
      measured: max === undefined ? '–' : `${String(max)} ms`,
      pass: max === undefined ? null : max <= 10_000,
    },
  ];
  const throughput = ha?.throughput;
  return [
    ...timed('lease', failover?.leaseP50Ms, failover?.leaseMaxMs),
    ...timed('intake', failover?.intakeP50Ms, failover?.intakeMaxMs),
    {
      goal: 'Salesforce → WordPress on PostgreSQL against SQLite, same run',
      target: '≥ 0.8×',
      measured: throughput
        ? `${String(throughput.ratio)}× (${String(throughput.postgresRecordsPerSecond)} vs ${String(throughput.sqliteRecordsPerSecond)} records/s)`
        : '–',
      pass: throughput ? throughput.ratio >= 0.8 : null,
    },
  ];
}
