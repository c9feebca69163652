import type { Logger } from 'pino';
import { flowsIn, type ObjectMapping } from '../mapping/types.js';
import type { StateStore } from '../store/state-store.js';
import type { SalesforceApplyOptions, SalesforceOutcome, WordPressChangeItem } from './apply.js';
import type { WordPressClient } from '../wordpress/client.js';
import { USER_TYPE, type WordPressObject } from '../wordpress/types.js';
import {
  emptyProgress,
  type DryRunChange,
  type FullSyncProgress,
} from '../engine/backfill-progress.js';

export interface FullSyncToSalesforceOptions {
  wordpress: Pick<WordPressClient, 'list'>;
  store: StateStore;
  logger: Logger;
  /** One chunk through the same path the change feed takes (merge, upsert, results). */
  apply(
    items: WordPressChangeItem[],
    options: SalesforceApplyOptions,
  ): Promise<SalesforceOutcome[]>;
  /** Records one outcome (results, dead letters, logs); not called in a dry run. */
  record(outcome: SalesforceOutcome): void;
  dryRun?: boolean;
  onProgress?(progress: FullSyncProgress): void;
}

/** WordPress lists 100 objects a page; Salesforce upserts 200 a call. */
const PAGE = 100;
const CHUNK = 200;

const checkpointFor = (mapping: string): string => `full-sync-wp:${mapping}`;

function tally(
  progress: FullSyncProgress,
  outcome: SalesforceOutcome,
  linkedBefore: boolean,
): void {
  progress.done++;
  if (outcome.status === 'Failed') progress.failed++;
  else if (outcome.status === 'Skipped') progress.unchanged++;
  else if (outcome.operation === 'create') progress.created++;
  else if (!linkedBefore) progress.linked++;
  else progress.updated++;
}

function dryRunChange(outcome: SalesforceOutcome): DryRunChange {
  if (outcome.status === 'Failed') {
    return {
      recordId: outcome.salesforceId ?? '(new)',
      action: 'invalid',
      wordpressId: outcome.wordpressId,
      reason: `${outcome.code}: ${outcome.message}`,
    };
  }
  const planned = outcome.planned;
  const fields = Object.fromEntries(
    Object.entries(planned?.values ?? {}).map(([field, value]) => [
      field,
      { from: undefined, to: value },
    ]),
  );
  return {
    recordId: outcome.salesforceId ?? '(new)',
    action: planned?.action ?? 'unchanged',
    wordpressId: outcome.wordpressId,
    ...(planned ? { fields } : {}),
  };
}

/**
 * WordPress → Salesforce backfill of one mapping: every WordPress object of the mapping's
 * type, in id order, 200 per Salesforce call. Existing records are found by external id, then
 * by the match field, so nothing is duplicated. Resumable: the last finished WordPress id is
 * checkpointed after each chunk. A dry run writes nothing and returns the changes it would make.
 */
export async function fullSyncToSalesforce(
  mapping: ObjectMapping,
  options: FullSyncToSalesforceOptions,
): Promise<{ progress: FullSyncProgress; changes: DryRunChange[] }> {
  if (!flowsIn(mapping.direction, 'wordpress-to-salesforce')) {
    throw new Error(`Mapping ${mapping.name} does not sync WordPress to Salesforce`);
  }
  const progress = emptyProgress(0);
  const changes: DryRunChange[] = [];
  const after = options.dryRun
    ? 0
    : Number(options.store.getCheckpoint(checkpointFor(mapping.name)) || '0');
  if (after > 0) options.logger.info({ mapping: mapping.name, after }, 'resuming full sync');

  const pending = new Map<number, WordPressObject>();
  const flush = async (): Promise<void> => {
    if (pending.size === 0) return;
    const objects = new Map(pending);
    pending.clear();
    const items = [...objects.keys()].map((id): WordPressChangeItem => ({
      id,
      operation: 'update',
    }));
    const linkedBefore = new Set(
      items
        .filter((item) => options.store.findByWordPressId(mapping.name, item.id))
        .map((item) => item.id),
    );
    const outcomes = await options.apply(items, {
      objects,
      backfill: true,
      ...(options.dryRun ? { dryRun: true } : {}),
    });
    for (const outcome of outcomes) {
      tally(progress, outcome, linkedBefore.has(outcome.wordpressId));
      if (options.dryRun) changes.push(dryRunChange(outcome));
      else options.record(outcome);
    }
    if (!options.dryRun) {
      options.store.setCheckpoint(checkpointFor(mapping.name), String(Math.max(...objects.keys())));
    }
    options.onProgress?.({ ...progress });
  };

  for (let page = 1; ; page++) {
    const result = await options.wordpress.list(mapping.wordpressType, {
      page,
      perPage: PAGE,
      orderBy: 'id',
      order: 'asc',
      ...(mapping.wordpressType === USER_TYPE ? {} : { status: 'any' }),
    });
    progress.total = result.total;
    for (const object of result.items) {
      if (object.id > after) pending.set(object.id, object);
      else progress.done++;
    }
    if (pending.size >= CHUNK) await flush();
    if (page >= result.totalPages || result.items.length === 0) break;
  }
  await flush();
  if (!options.dryRun) options.store.setCheckpoint(checkpointFor(mapping.name), '');
  return { progress, changes };
}
