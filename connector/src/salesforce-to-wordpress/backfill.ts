import type { Connection } from 'jsforce';
import type { Logger } from 'pino';
import { contentHash } from '../mapping/content-hash.js';
import { mapToWordPress } from '../mapping/to-wordpress.js';
import { flowsIn, type ObjectMapping } from '../mapping/types.js';
import { getWordPressField } from '../mapping/wordpress-fields.js';
import type { StateStore } from '../store/state-store.js';
import type { ApplyOutcome } from './apply.js';
import type { KeyedScheduler } from '../engine/keyed-scheduler.js';
import type { WordPressClient } from '../wordpress/client.js';
import type { SyncEvent } from './event.js';
import { eventFromRecord } from './record-events.js';
import { isSalesforceId } from '../salesforce/record-id.js';
import { countRecords, queryRecordsPage } from '../salesforce/record-queries.js';
import { USER_TYPE, type WordPressObject } from '../wordpress/types.js';
import {
  emptyProgress,
  type DryRunChange,
  type FullSyncProgress,
} from '../engine/backfill-progress.js';

export interface FullSyncOptions {
  connection: Connection;
  wordpress: Pick<WordPressClient, 'list'>;
  store: StateStore;
  scheduler: KeyedScheduler;
  logger: Logger;
  /** Applies one record (the same path events take: retries, dead letters, results). */
  apply(event: SyncEvent): Promise<ApplyOutcome>;
  /** Only report what would change. */
  dryRun?: boolean;
  onProgress?(progress: FullSyncProgress): void;
  /** Records per SOQL page; the checkpoint advances after each page. */
  pageSize?: number;
}

const checkpointFor = (mapping: string): string => `full-sync:${mapping}`;

/** All WordPress objects of the mapping's type, by lowercased match value (1 request per 100). */
async function matchIndex(
  mapping: ObjectMapping,
  wordpress: Pick<WordPressClient, 'list'>,
): Promise<Map<string, WordPressObject>> {
  const index = new Map<string, WordPressObject>();
  if (!mapping.wordpressMatchField) return index;
  for (let page = 1; ; page++) {
    const result = await wordpress.list(mapping.wordpressType, {
      page,
      perPage: 100,
      ...(mapping.wordpressType === USER_TYPE ? {} : { status: 'any' }),
    });
    for (const item of result.items) {
      const value = getWordPressField(item, mapping.wordpressMatchField);
      if (typeof value === 'string' && value.trim() !== '')
        index.set(value.trim().toLowerCase(), item);
    }
    if (page >= result.totalPages || result.items.length === 0) return index;
  }
}

function differences(
  mapping: ObjectMapping,
  payload: Record<string, unknown>,
  current: WordPressObject,
): Record<string, { from: unknown; to: unknown }> {
  const wanted = mapToWordPress(mapping, payload).fields;
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const field of mapping.fields) {
    if (!flowsIn(field.direction, 'salesforce-to-wordpress')) continue;
    const target = field.wordpressField.startsWith('meta.')
      ? (wanted.meta as Record<string, unknown> | undefined)?.[field.wordpressField.slice(5)]
      : wanted[field.wordpressField];
    const existing = getWordPressField(current, field.wordpressField);
    if (contentHash({ v: target }) !== contentHash({ v: existing }))
      changes[field.wordpressField] = { from: existing, to: target };
  }
  return changes;
}

/**
 * Salesforce → WordPress backfill of one mapping: every record, in Id order, page by page. An
 * unlinked record whose match field (e.g. email) equals an existing WordPress object's is linked
 * to it instead of creating a duplicate. Resumable: the last finished Id is checkpointed after
 * each page. A dry run writes nothing and returns the changes it would make.
 */
export async function fullSync(
  mapping: ObjectMapping,
  options: FullSyncOptions,
): Promise<{ progress: FullSyncProgress; changes: DryRunChange[] }> {
  if (!flowsIn(mapping.direction, 'salesforce-to-wordpress')) {
    throw new Error(`Mapping ${mapping.name} does not sync Salesforce to WordPress`);
  }
  const progress = emptyProgress(await countRecords(options.connection, mapping));
  const index = await matchIndex(mapping, options.wordpress);
  const changes: DryRunChange[] = [];
  const pageSize = options.pageSize ?? 200;
  let after = options.dryRun ? undefined : options.store.getCheckpoint(checkpointFor(mapping.name));
  if (after) options.logger.info({ mapping: mapping.name, after }, 'resuming full sync');

  for (;;) {
    // A checkpoint that is not an Id (a blank one after a finished run) starts from the first.
    const records = await queryRecordsPage(
      options.connection,
      mapping,
      after && isSalesforceId(after) ? after : undefined,
      pageSize,
    );
    if (records.length === 0) break;
    await Promise.all(
      records.map(async (record) => {
        const recordId = String(record.Id);
        const event = eventFromRecord(mapping, record);
        const link = options.store.findBySalesforceId(mapping.name, recordId);
        const matchValue = mapping.matchField ? record[mapping.matchField] : undefined;
        const matched =
          typeof matchValue === 'string' ? index.get(matchValue.trim().toLowerCase()) : undefined;
        const held = event.wordpressId;
        const wordpressId = link?.wordpressId ?? held ?? matched?.id;
        const isLink = !link && wordpressId !== undefined && wordpressId === matched?.id;
        if (options.dryRun) {
          const current = matched && matched.id === wordpressId ? matched : undefined;
          const fieldChanges = current ? differences(mapping, event.payload, current) : undefined;
          changes.push({
            recordId,
            action:
              wordpressId === undefined
                ? 'create'
                : isLink
                  ? 'link'
                  : fieldChanges && Object.keys(fieldChanges).length === 0
                    ? 'unchanged'
                    : 'update',
            ...(wordpressId === undefined ? {} : { wordpressId }),
            ...(fieldChanges ? { fields: fieldChanges } : {}),
          });
          progress.done++;
          return;
        }
        const outcome = await options.scheduler.run(`${mapping.name}:${recordId}`, () =>
          options.apply({
            ...event,
            backfill: true,
            ...(matched && held === undefined ? { matchedWordPressId: matched.id } : {}),
          }),
        );
        progress.done++;
        if (outcome.status === 'Failed') progress.failed++;
        else if (outcome.status === 'Skipped') progress.unchanged++;
        else if (outcome.created) progress.created++;
        else if (isLink) progress.linked++;
        else progress.updated++;
      }),
    );
    after = String(records.at(-1)?.Id);
    if (!options.dryRun) options.store.setCheckpoint(checkpointFor(mapping.name), after);
    options.onProgress?.({ ...progress });
  }
  if (!options.dryRun) options.store.setCheckpoint(checkpointFor(mapping.name), '');
  return { progress, changes };
}

export {
  emptyProgress,
  type DryRunChange,
  type FullSyncProgress,
} from '../engine/backfill-progress.js';
