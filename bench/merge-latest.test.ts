import { describe, expect, it } from 'vitest';
import { mergeWithPrevious } from './merge-latest.js';
import { buildReport, type Measurements, type Part, type RunOptions } from './report.js';
import { machineInfo } from './stats.js';

const NOTHING: Measurements = {
  users: null,
  posts: null,
  ceiling: null,
  inProcess: null,
  bulk: null,
  fullSync: null,
  wpToSf: null,
  backlog: null,
  forms: null,
  audit: null,
  failover: null,
  orgToOrg: null,
};

function reportOf(date: string, parts: Part[], measurements: Partial<Measurements> = {}) {
  const options: RunOptions & { durationSeconds: number } = {
    count: 100,
    backlog: 1000,
    parts,
    naiveConcurrency: 4,
    pacedCount: 0,
    pacedRatePerSecond: 5,
    backlogTimeoutSeconds: 60,
    fullSyncCount: 100,
    trickleCount: 0,
    trickleRatePerSecond: 20,
    heapSnapshot: false,
    outDir: 'bench/results',
    recordConcurrency: null,
    durationSeconds: 1,
  };
  return buildReport(
    new Date(date),
    machineInfo(),
    { version: '6.1.9', local: true, phpWorkers: 4 },
    options,
    { start: 0 },
    { ...NOTHING, ...measurements },
  );
}

const fullSync = (recordsPerSecond: number) =>
  ({ recordsPerSecond, peakRssMb: 100 }) as unknown as NonNullable<Measurements['fullSync']>;

describe('mergeWithPrevious', () => {
  it('keeps the parts a run did not measure from the previous latest.json, with their dates', () => {
    const previous = reportOf('2026-12-01T00:00:00.000Z', ['full-sync', 'backlog'], {
      fullSync: fullSync(50),
    });
    const run = reportOf('2026-12-06T00:00:00.000Z', ['backlog']);

    const merged = mergeWithPrevious(run, previous);

    expect(merged.fullSync).toEqual(previous.fullSync);
    expect(merged.backlog).toEqual(run.backlog);
    expect(merged.date).toBe(run.date);
    expect(merged.partsMeasuredAt).toEqual({
      'full-sync': '2026-12-01T00:00:00.000Z',
      backlog: '2026-12-06T00:00:00.000Z',
    });
  });

  it('replaces a part the run measured again, and carries dates across several runs', () => {
    const first = mergeWithPrevious(
      reportOf('2026-12-01T00:00:00.000Z', ['full-sync'], { fullSync: fullSync(50) }),
      undefined,
    );
    const second = mergeWithPrevious(
      reportOf('2026-12-02T00:00:00.000Z', ['full-sync'], { fullSync: fullSync(70) }),
      first,
    );
    const third = mergeWithPrevious(reportOf('2026-12-03T00:00:00.000Z', ['bulk']), second);

    expect(third.fullSync).toEqual(second.fullSync);
    expect((third.fullSync as { recordsPerSecond: number }).recordsPerSecond).toBe(70);
    expect(third.partsMeasuredAt['full-sync']).toBe('2026-12-02T00:00:00.000Z');
    expect(third.partsMeasuredAt.bulk).toBe('2026-12-03T00:00:00.000Z');
  });

  it('carries nothing a previous run never measured, and works without a previous file', () => {
    const run = reportOf('2026-12-06T00:00:00.000Z', ['backlog']);
    const alone = mergeWithPrevious(run, undefined);
    expect(alone.fullSync).toBeNull();
    expect(alone.partsMeasuredAt).toEqual({ backlog: '2026-12-06T00:00:00.000Z' });
    expect(alone.goals).toEqual(run.goals);
  });
});
