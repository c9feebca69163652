import type { ObjectMapping } from '../mapping/types.js';
import type { RecordResult } from '../salesforce/record-gateway.js';
import type { IdLink } from '../store/state-store.js';
import { dryRunDeleteOutcome } from './dry-run.js';
import { RECORD_GONE_CODES, recordFailure } from './record-failure.js';
import type {
  SalesforceApplyDependencies,
  SalesforceApplyOptions,
  SalesforceOutcome,
  WordPressChangeItem,
} from './types.js';

/** Codes of a delete whose record is gone already: the delete has nothing left to do. */
const DELETED_CODES = RECORD_GONE_CODES;

interface LinkedDelete {
  item: WordPressChangeItem;
  link: IdLink;
}

/**
 * Deleted or trashed WordPress objects, by the mapping's delete policy: never-synced ones and
 * those under Ignore are skipped (Ignore unlinks, except in a dry run); the others are deleted
 * in Salesforce (to its recycle bin), one Collections call for the batch.
 */
export async function applyDeletes(
  mapping: ObjectMapping,
  items: readonly WordPressChangeItem[],
  deps: SalesforceApplyDependencies,
  options: SalesforceApplyOptions,
): Promise<SalesforceOutcome[]> {
  const outcomes: SalesforceOutcome[] = [];
  const linked: LinkedDelete[] = [];
  for (const item of items) {
    const link = deps.store.findByWordPressId(mapping.name, item.id);
    if (!link) outcomes.push(neverSynced(mapping, item));
    else if (mapping.deletePolicy === 'Ignore') {
      if (!options.dryRun) deps.store.unlink(mapping.name, link.salesforceId);
      outcomes.push(ignored(mapping, item, link));
    } else linked.push({ item, link });
  }
  if (linked.length === 0) return outcomes;
  if (options.dryRun) {
    return [
      ...outcomes,
      ...linked.map(({ item, link }) => dryRunDeleteOutcome(mapping, item, link)),
    ];
  }
  const results = await deps.salesforce.destroy(
    mapping.salesforceObject,
    linked.map(({ link }) => link.salesforceId),
  );
  linked.forEach((entry, index) => {
    outcomes.push(deleteOutcome(mapping, entry, results[index], deps));
  });
  return outcomes;
}

function neverSynced(mapping: ObjectMapping, item: WordPressChangeItem): SalesforceOutcome {
  return {
    status: 'Skipped',
    wordpressId: item.id,
    salesforceId: undefined,
    operation: 'delete',
    message: `WordPress ${mapping.wordpressType} ${item.id} was never synced; nothing to delete`,
    conflicts: [],
  };
}

function ignored(
  mapping: ObjectMapping,
  item: WordPressChangeItem,
  link: IdLink,
): SalesforceOutcome {
  return {
    status: 'Skipped',
    wordpressId: item.id,
    salesforceId: link.salesforceId,
    operation: 'delete',
    message: `Delete policy Ignore: ${mapping.salesforceObject} ${link.salesforceId} kept`,
    conflicts: [],
  };
}

/** One destroy result: a record gone (deleted now or before) is unlinked. */
function deleteOutcome(
  mapping: ObjectMapping,
  { item, link }: LinkedDelete,
  result: RecordResult | undefined,
  deps: SalesforceApplyDependencies,
): SalesforceOutcome {
  const gone = result?.success === true || DELETED_CODES.has(result?.errors[0]?.statusCode ?? '');
  if (gone) {
    deps.store.unlink(mapping.name, link.salesforceId);
    return {
      status: 'Success',
      wordpressId: item.id,
      salesforceId: link.salesforceId,
      operation: 'delete',
      message: `${mapping.salesforceObject} ${link.salesforceId} ${result?.success ? 'deleted (in the recycle bin)' : 'already gone'}`,
      conflicts: [],
    };
  }
  const failure = result
    ? recordFailure(result)
    : { code: 'NO_RESULT', message: 'Salesforce returned no result', kind: 'transient' as const };
  return {
    status: 'Failed',
    ...failure,
    attempted: { delete: link.salesforceId },
    wordpressId: item.id,
    salesforceId: link.salesforceId,
    operation: 'delete',
    conflicts: [],
  };
}
