import type { Runtime } from '../app/runtime.js';
import { auditOnRuntime, type AuditOptions } from './audit-on-runtime.js';
import type { AuditSummary } from './summary.js';
import { latestSummary } from './summary.js';

/** Audits running now, per runtime: a second request waits for none and is refused. */
const running = new WeakSet<Runtime>();

/**
 * Runs one audit on the connector's runtime unless one is already running there; resolves with
 * its summary, or undefined when refused.
 */
export async function auditOnce(
  runtime: Runtime,
  options: AuditOptions,
): Promise<AuditSummary | undefined> {
  if (running.has(runtime)) return undefined;
  running.add(runtime);
  try {
    return (await auditOnRuntime(runtime, options)).summary;
  } finally {
    running.delete(runtime);
  }
}

/** How often the schedule looks whether an audit is due. */
const CHECK_MS = 60_000;

/**
 * Whether the next scheduled audit is due: `intervalHours` after the latest audit finished (kept
 * in the store, so restarts do not reset the clock), or after the connector started when none
 * has run yet.
 */
export function auditDue(
  latestFinishedAt: string | undefined,
  startedAt: string,
  intervalHours: number,
  now: number,
): boolean {
  const since = Date.parse(latestFinishedAt ?? startedAt);
  return Number.isFinite(since) && now - since >= intervalHours * 3_600_000;
}

/**
 * The scheduled audit (config `audit.scheduled`, every `audit.intervalHours`): a read-only
 * audit of every active mapping at low priority. Returns the function that stops it.
 */
export function startAuditSchedule(runtime: Runtime, startedAt: string): () => void {
  const { scheduled, intervalHours } = runtime.config.audit;
  if (!scheduled) return () => undefined;
  const timer = setInterval(
    () => {
      const latest = latestSummary(runtime.store)?.finishedAt;
      if (!auditDue(latest, startedAt, intervalHours, Date.now())) return;
      auditOnce(runtime, { trigger: 'schedule' }).catch((error: unknown) => {
        runtime.logger.error({ reason: (error as Error).message }, 'scheduled audit failed');
      });
    },
    Math.min(CHECK_MS, intervalHours * 3_600_000),
  );
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
