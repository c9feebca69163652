import { randomBytes } from 'node:crypto';
import type { MergePlan } from '../mapping/merge.js';
import type { RefusedElements } from '../mapping/set-agreement.js';
import type { ObjectMapping } from '../mapping/types.js';
import type { IdLink } from '../store/state-store.js';
import { WordPressNotFoundError } from '../wordpress/errors.js';
import { STALE_WRITE_CODE, type WordPressFields, type WriteResult } from '../wordpress/types.js';
import { agreedAfterWrite, agreedAtFirstContact, agreedWhileWriting } from './agreement.js';
import type { ApplyDependencies } from './apply-dependencies.js';
import type { Written } from './apply-outcome.js';
import type { SyncEvent } from './event.js';
import {
  createOperation,
  updateOperation,
  type CreateOperation,
  type UpdateOperation,
} from './write-operations.js';

/** What to write: the fields, to which object (none: a new one), merged at which version. */
export interface PlannedWrite {
  wordpressId: number | undefined;
  fields: WordPressFields;
  merge: MergePlan | undefined;
  version: number | undefined;
}

/** A write WordPress answered; refused as stale when someone changed the object since it was read. */
export type Submitted =
  | { refusedAsStale: true; result: WriteResult & { ok: false }; operation: UpdateOperation }
  | {
      refusedAsStale: false;
      result: WriteResult;
      operation: CreateOperation | UpdateOperation;
      created: boolean;
    };

/**
 * Sends the create or update through the batcher, recording first what an update of a linked
 * record will make both sides hold.
 */
export async function submitWrite(
  mapping: ObjectMapping,
  event: SyncEvent,
  link: IdLink | undefined,
  planned: PlannedWrite,
  deps: Pick<ApplyDependencies, 'writer' | 'store' | 'newUserPassword'>,
): Promise<Submitted> {
  const create = (): CreateOperation =>
    createOperation(
      mapping,
      event.recordId,
      planned.fields,
      () => deps.newUserPassword?.() ?? randomBytes(24).toString('base64url'),
    );
  if (planned.wordpressId === undefined) {
    const operation = create();
    return {
      refusedAsStale: false,
      result: await deps.writer.submit(operation),
      operation,
      created: true,
    };
  }
  const update = updateOperation(mapping, planned.wordpressId, planned.fields, planned.version);
  if (link?.syncState) {
    const pending = agreedWhileWriting(mapping, event, link.syncState, planned.merge);
    deps.store.recordSyncState(mapping.name, event.recordId, pending);
  }
  const result = await deps.writer.submit(update);
  if (!result.ok && result.error.code === STALE_WRITE_CODE)
    return { refusedAsStale: true, result, operation: update };
  if (result.ok || !(result.error instanceof WordPressNotFoundError))
    return { refusedAsStale: false, result, operation: update, created: false };
  // The object was deleted in WordPress while Salesforce kept the record: create it again.
  deps.store.unlink(mapping.name, event.recordId);
  const operation = create();
  return {
    refusedAsStale: false,
    result: await deps.writer.submit(operation),
    operation,
    created: true,
  };
}

/** Records the link, the written fields' fingerprint (without a merge) and the agreed values. */
export function recordWritten(
  mapping: ObjectMapping,
  event: SyncEvent,
  link: IdLink | undefined,
  merge: MergePlan | undefined,
  written: Written,
  fingerprint: string,
  deps: Pick<ApplyDependencies, 'store'>,
  refused?: ReadonlyMap<string, RefusedElements>,
): void {
  const previous = written.created ? undefined : link?.syncState;
  const firstContact = !link?.syncState && merge !== undefined;
  deps.store.transaction(() => {
    deps.store.link(mapping.name, event.recordId, written.id);
    if (!merge)
      deps.store.recordHashes(mapping.name, event.recordId, { wordpressHash: fingerprint });
    deps.store.recordSyncState(
      mapping.name,
      event.recordId,
      firstContact
        ? agreedAtFirstContact(mapping, event, merge, written.object, undefined, refused)
        : agreedAfterWrite(mapping, event, previous, merge, written.object, undefined, refused),
    );
  });
}
