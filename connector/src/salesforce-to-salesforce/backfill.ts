import { countRecords } from '../salesforce/record-queries.js';
import type { Connection } from 'jsforce';
import type { Logger } from 'pino';
import {
  emptyProgress,
  type DryRunChange,
  type FullSyncProgress,
} from '../engine/backfill-progress.js';
import { salesforceDateTime } from '../engine/timestamps.js';
import type { SalesforceRecord } from '../salesforce/record-gateway.js';
import { isSalesforceId } from '../salesforce/record-id.js';
import { SOURCE_ID_FIELD, sourceRecordsPage } from '../salesforce/org-records.js';
import type { StateStore } from '../store/state-store.js';
import { readTargetRecords } from '../salesforce/org-records.js';
import type { LegOutcome } from './apply.js';
import type { OrgEvent } from './org-event.js';
import { legFields, planLeg, targetOf, type Leg } from './plan.js';

export interface OrgToOrgBackfillOptions {
  /** The source org's connection (the records are read there). */
  source: Connection;
  /** The target org's connection (a dry run reads there). */
  target: Connection;
  leg: Leg;
  /** The live path: lanes, batches, retries, dead letters and results (OrgToOrgProcessor). */
  applyEvent(event: OrgEvent, sourceEvent: string | undefined): Promise<LegOutcome | undefined>;
  store: Pick<StateStore, 'getCheckpoint' | 'setCheckpoint'>;
  logger: Logger;
  /** Only report what would change; writes nothing, not even the checkpoint. */
  dryRun?: boolean;
  onProgress?(progress: FullSyncProgress): void;
  /** Records per page (one source query, one target read); the checkpoint advances after each. */
  pageSize?: number;
}

/** The checkpoint of a leg's backfill: the last finished source Id, blank once done. */
export const backfillCheckpoint = (leg: Leg): string =>
  `org-to-org:${leg.sourceOrg}:${leg.targetOrg}:${leg.mapping.name}`;

/** A source record as the event its org's trigger would publish for it. */
export function eventOfRecord(leg: Leg, record: SalesforceRecord): OrgEvent {
  const payload: Record<string, unknown> = {};
  for (const field of legFields(leg.mapping)) if (field in record) payload[field] = record[field];
  const sourceRef = record[SOURCE_ID_FIELD];
  return {
    mapping: leg.mapping.name,
    object: leg.mapping.salesforceObject,
    recordId: String(record.Id),
    operation: 'UPDATE',
    changedFields: Object.keys(payload).filter((field) => payload[field] !== null),
    payload,
    sourceRef: typeof sourceRef === 'string' && sourceRef !== '' ? sourceRef : undefined,
    modstamp: salesforceDateTime(record.SystemModstamp),
  };
}

async function dryRunPage(
  options: OrgToOrgBackfillOptions,
  events: OrgEvent[],
): Promise<DryRunChange[]> {
  const { leg } = options;
  const rows = await readTargetRecords(
    options.target,
    leg.mapping.salesforceObject,
    {
      ids: leg.twoWay ? events.flatMap((event) => (event.sourceRef ? [event.sourceRef] : [])) : [],
      sourceIds: events.map((event) => event.recordId),
    },
    legFields(leg.mapping),
  );
  return events.map((event) => {
    const target = targetOf(leg, event, rows);
    if (!target) return { recordId: event.recordId, action: 'create' };
    const fields = Object.fromEntries(
      Object.entries(event.payload)
        .filter(([field, value]) => (target[field] ?? null) !== (value ?? null))
        .map(([field, value]) => [field, { from: target[field] ?? null, to: value }]),
    );
    // A two-way leg may keep the target's newer values (NewestWins); a one-way leg overwrites.
    const plan = leg.twoWay ? planLeg(leg, event, target) : undefined;
    if (Object.keys(fields).length === 0 || plan?.kind === 'skip')
      return {
        recordId: event.recordId,
        action: 'unchanged',
        ...(plan?.kind === 'skip' && !plan.quiet ? { reason: plan.message } : {}),
      };
    return { recordId: event.recordId, action: 'update', fields };
  });
}

function count(progress: FullSyncProgress, outcome: LegOutcome | undefined): void {
  progress.done++;
  if (!outcome || outcome.status === 'Failed') progress.failed++;
  else if (outcome.status === 'Skipped') progress.unchanged++;
  else if (outcome.created) progress.created++;
  else progress.updated++;
}

/**
 * Org → org backfill of one leg: every source record, in Id order, a page at a time, through the
 * same path as live events (upserts by WP_Source_Record_Id__c, so a rerun or a resumed run
 * duplicates nothing). Resumable: the last finished Id is checkpointed after each page. A dry
 * run reads the target records and returns what would change, writing nothing.
 */
export async function runOrgToOrgBackfill(
  options: OrgToOrgBackfillOptions,
): Promise<{ progress: FullSyncProgress; changes: DryRunChange[] }> {
  const { leg, logger } = options;
  const checkpoint = backfillCheckpoint(leg);
  const progress = emptyProgress(await countRecords(options.source, leg.mapping));
  const changes: DryRunChange[] = [];
  const pageSize = options.pageSize ?? 1_000;
  let after = options.dryRun ? undefined : options.store.getCheckpoint(checkpoint);
  if (after)
    logger.info(
      { mapping: leg.mapping.name, targetOrg: leg.targetOrg, after },
      'resuming org → org backfill',
    );
  for (;;) {
    const records = await sourceRecordsPage(
      options.source,
      leg.mapping,
      after && isSalesforceId(after) ? after : undefined,
      pageSize,
    );
    if (records.length === 0) break;
    const events = records.map((record) => eventOfRecord(leg, record));
    if (options.dryRun) {
      const planned = await dryRunPage(options, events);
      changes.push(...planned);
      for (const change of planned) {
        progress.done++;
        if (change.action === 'create') progress.created++;
        else if (change.action === 'update') progress.updated++;
        else progress.unchanged++;
      }
    } else {
      const outcomes = await Promise.all(
        events.map((event) => options.applyEvent(event, undefined)),
      );
      for (const outcome of outcomes) count(progress, outcome);
    }
    after = String(records.at(-1)?.Id);
    if (!options.dryRun) options.store.setCheckpoint(checkpoint, after);
    options.onProgress?.({ ...progress });
  }
  if (!options.dryRun) options.store.setCheckpoint(checkpoint, '');
  return { progress, changes };
}
