import { setTimeout as delay } from 'node:timers/promises';
import type { Runtime } from '../app/runtime.js';
import { readObjectsById } from '../engine/read-batcher.js';
import type { ObjectMapping } from '../mapping/types.js';
import { apiUsage, auditRecordPages, auditRecordsByIds } from '../salesforce/audit-queries.js';
import { eventFromRecord } from '../salesforce-to-wordpress/record-events.js';
import { applyToSalesforce } from '../wordpress-to-salesforce/apply.js';
import { recordOutcome } from '../wordpress-to-salesforce/outcome.js';
import { applyWithRetries } from '../wordpress-to-salesforce/retrying-apply.js';
import type { AuditDependencies, PairToRepair } from './audit-mapping.js';
import type { AuditReport } from './report.js';
import { repairSource, type Preference } from './repair-policy.js';
import { auditedMappings, runAudit } from './run-audit.js';
import { describeSummary, saveLatestSummary, summarise, type AuditSummary } from './summary.js';

export interface AuditOptions {
  /** One mapping; every active record mapping when absent. */
  mapping?: string;
  repair?: boolean;
  prefer?: Preference;
  /** `cli`, `schedule` or `command`. */
  trigger: string;
  /** Write the summary's WP_Sync_Log__c row (false: the Audit command's own outcome is that row). */
  logRow?: boolean;
}

/** Longest the audit waits for live work to finish before each request. */
const MAX_YIELD_MS = 5_000;
const YIELD_POLL_MS = 20;

/**
 * Waits (up to {@link MAX_YIELD_MS}) while live sync has records queued or running, then
 * refuses once Salesforce's API calls used today pass the share kept for the sync.
 */
export function lowPriority(runtime: Runtime): () => Promise<void> {
  return async () => {
    const until = Date.now() + MAX_YIELD_MS;
    while (runtime.scheduler.size > 0 && Date.now() < until) await delay(YIELD_POLL_MS);
    const usage = apiUsage(runtime.session.connection);
    const reserve = runtime.config.audit.budgetReservePercent;
    if (usage && usage.used >= usage.limit * (1 - reserve / 100))
      throw new Error(
        `Salesforce API calls used ${String(usage.used)} of ${String(usage.limit)} today; the audit stops while the last ${String(reserve)} % are kept for the sync (audit.budgetReservePercent)`,
      );
  };
}

/**
 * Writes the winning side's values over the other through the sync's own pipeline: a forced
 * Salesforce → WordPress apply of the record, or a forced WordPress → Salesforce apply of the
 * object. Each repair is logged and reported like any sync.
 */
export function repairThroughPipeline(runtime: Runtime, prefer: Preference | undefined) {
  return async (mapping: ObjectMapping, pair: PairToRepair) => {
    const salesforceId = String(pair.salesforce.Id);
    const wordpressId = pair.wordpress.id;
    const source = repairSource(mapping, prefer, pair.salesforce.SystemModstamp, pair.wordpress);
    const fields = pair.fields.map((difference) => difference.field);
    const subject = { mapping: mapping.name, salesforceId, wordpressId, fields };
    if (typeof source !== 'string') {
      runtime.logger.warn({ ...subject, reason: source.refused }, 'audit repair refused');
      return { ok: false, message: `not repaired: ${source.refused}` };
    }
    runtime.logger.info({ ...subject, source }, 'audit repair');
    if (source === 'salesforce') {
      const event = eventFromRecord(mapping, pair.salesforce, { forceWrite: true });
      const outcome = await runtime.scheduler.run(`${mapping.name}:${salesforceId}`, () =>
        runtime.processor.applyWithRetry(event, 'audit repair'),
      );
      return {
        ok: outcome.status !== 'Failed',
        message: `Salesforce → WordPress: ${outcome.status}`,
      };
    }
    const [outcome] = await applyWithRetries(
      mapping,
      [{ id: wordpressId, operation: 'update' }],
      (items) => applyToSalesforce(mapping, items, runtime.salesforceApply, { forceWrite: true }),
      { logger: runtime.logger, maxAttempts: runtime.config.sync.maxAttempts, wait: delay },
    );
    if (!outcome) return { ok: false, message: 'WordPress → Salesforce: no outcome' };
    runtime.reporter.record(recordOutcome(mapping, outcome), 'audit repair');
    return {
      ok: outcome.status !== 'Failed',
      message: `WordPress → Salesforce: ${outcome.status}`,
    };
  };
}

/** The audit's reads, at low priority, over the runtime's own clients and store. */
export function auditDependencies(runtime: Runtime, options: AuditOptions): AuditDependencies {
  const connection = runtime.session.connection;
  const wordpress = runtime.wordpress;
  return {
    salesforcePages: (mapping) => auditRecordPages(connection, mapping),
    salesforceByIds: (mapping, ids) => auditRecordsByIds(connection, mapping, ids),
    wordpressByIds: (type, ids) => readObjectsById(wordpress, type, ids),
    lookUp: (type, field, values) => wordpress.lookUp(type, field, values),
    store: runtime.store,
    beforeRequest: lowPriority(runtime),
    ...(options.repair ? { repair: repairThroughPipeline(runtime, options.prefer) } : {}),
    logger: runtime.logger,
  };
}

/**
 * Audits on a runtime that is up (the running connector's, or the CLI's), then keeps the
 * summary (state store), reports it (a `WP_Sync_Log__c` row through the outcome reporter, a
 * log line) and returns the full report.
 */
export async function auditOnRuntime(
  runtime: Runtime,
  options: AuditOptions,
): Promise<{ report: AuditReport; summary: AuditSummary }> {
  const mappings = auditedMappings(runtime.mappings(), options.mapping);
  runtime.logger.info(
    { mappings: mappings.map((mapping) => mapping.name), repair: options.repair === true },
    'audit started',
  );
  const report = await runAudit(mappings, auditDependencies(runtime, options));
  const summary = summarise(report, options.trigger);
  saveLatestSummary(runtime.store, summary);
  const message = describeSummary(summary);
  runtime.logger.info({ audit: summary }, message);
  if (options.logRow !== false)
    runtime.reporter.command(options.mapping, { ok: summary.incomplete === 0, message }, 'Audit');
  return { report, summary };
}
