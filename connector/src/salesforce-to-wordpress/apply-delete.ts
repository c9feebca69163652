import type { ObjectMapping } from '../mapping/types.js';
import { WordPressNotFoundError } from '../wordpress/errors.js';
import type { ApplyDependencies } from './apply-dependencies.js';
import { failureFrom, type ApplyOutcome } from './apply-outcome.js';
import type { SyncEvent } from './event.js';
import { deleteOperation } from './write-operations.js';

/**
 * Applies a Salesforce delete by the mapping's delete policy, and unlinks the record once the
 * WordPress object is gone (or was already).
 */
export async function applyDelete(
  mapping: ObjectMapping,
  event: SyncEvent,
  wordpressId: number | undefined,
  deps: Pick<ApplyDependencies, 'writer' | 'store'>,
): Promise<ApplyOutcome> {
  if (wordpressId === undefined)
    return { status: 'Skipped', wordpressId, message: 'Deleted before it was ever synced' };
  if (mapping.deletePolicy === 'Ignore') {
    return {
      status: 'Skipped',
      wordpressId,
      message: 'Delete policy Ignore: WordPress object kept',
    };
  }
  const operation = deleteOperation(mapping, wordpressId);
  const result = await deps.writer.submit(operation);
  if (!result.ok && !(result.error instanceof WordPressNotFoundError))
    return failureFrom(result, wordpressId, operation);
  deps.store.unlink(mapping.name, event.recordId);
  const gone = result.ok ? (operation.force ? 'deleted' : 'moved to the trash') : 'already gone';
  return {
    status: 'Success',
    wordpressId,
    created: false,
    deleted: true,
    message: `WordPress ${mapping.wordpressType} ${wordpressId} ${gone}`,
  };
}
