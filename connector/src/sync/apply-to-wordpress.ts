import { randomBytes } from 'node:crypto';
import { contentHash } from '../mapping/content-hash.js';
import {
  describeConflicts,
  planMerge,
  type FieldConflict,
  type MergePlan,
} from '../mapping/merge.js';
import { mapToSalesforce } from '../mapping/to-salesforce.js';
import { mapToWordPress } from '../mapping/to-wordpress.js';
import { fieldsFlowing, flowsIn, pickFields, type ObjectMapping } from '../mapping/types.js';
import { getWordPressField } from '../mapping/wordpress-fields.js';
import type { StateStore, SyncState } from '../store/state-store.js';
import type { WordPressClient } from '../wordpress/client.js';
import { WordPressError, WordPressNotFoundError } from '../wordpress/errors.js';
import {
  USER_TYPE,
  type WordPressFields,
  type WordPressObject,
  type WriteOperation,
  type WriteResult,
} from '../wordpress/types.js';
import { recordKey, type RecordLocks } from './record-locks.js';
import { classifyFailure, type FailureKind } from './retry-policy.js';
import type { SyncEvent } from './sync-event.js';
import { salesforceDateTime, wordPressChangedAt } from './timestamps.js';
import type { WriteBatcher } from './write-batcher.js';

export type ApplyOutcome =
  | {
      status: 'Success';
      wordpressId: number;
      created: boolean;
      deleted?: boolean;
      message: string;
      conflicts?: FieldConflict[];
    }
  | {
      status: 'Skipped';
      wordpressId: number | undefined;
      message: string;
      conflicts?: FieldConflict[];
    }
  | {
      status: 'Failed';
      kind: FailureKind;
      code: string;
      wordpressId: number | undefined;
      message: string;
      /** What would have been written, for the dead-letter entry. */
      attempted: unknown;
    };

export interface ApplyDependencies {
  wordpress: Pick<WordPressClient, 'list'>;
  /** Keeps the WordPress → Salesforce path off a record while this path works on it. */
  locks?: RecordLocks;
  /** Reads an object before merging (a {@link ReadBatcher} shares list requests). */
  reader: { get(type: string, id: number): Promise<WordPressObject> };
  writer: Pick<WriteBatcher, 'submit'>;
  store: StateStore;
  mapping(name: string): ObjectMapping | undefined;
  /** Password for users the connector creates; they sign in through password reset. */
  newUserPassword?: () => string;
}

function failed(
  code: string,
  message: string,
  kind: FailureKind,
  wordpressId: number | undefined,
  attempted: unknown,
): ApplyOutcome {
  return { status: 'Failed', kind, code, message, wordpressId, attempted };
}

function failureFrom(
  result: WriteResult & { ok: false },
  wordpressId: number | undefined,
  attempted: unknown,
): ApplyOutcome {
  return failed(
    result.error.code,
    result.error.message,
    classifyFailure(result.error),
    wordpressId,
    attempted,
  );
}

/** A WordPress object of the mapping's type whose match field equals the record's match value. */
async function findMatch(
  mapping: ObjectMapping,
  event: SyncEvent,
  deps: ApplyDependencies,
): Promise<number | undefined> {
  if (!mapping.matchField || !mapping.wordpressMatchField) return undefined;
  const value = event.payload[mapping.matchField];
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const wanted = value.trim().toLowerCase();
  const page = await deps.wordpress.list(mapping.wordpressType, {
    search: value.trim(),
    perPage: 20,
    ...(mapping.wordpressType === USER_TYPE ? {} : { status: 'any' }),
  });
  const match = page.items.find((item) => {
    const candidate = getWordPressField(item, mapping.wordpressMatchField ?? '');
    return typeof candidate === 'string' && candidate.trim().toLowerCase() === wanted;
  });
  if (!match) return undefined;
  // Never steal an object already linked to another record.
  const owner = deps.store.findByWordPressId(mapping.name, match.id);
  return owner && owner.salesforceId !== event.recordId ? undefined : match.id;
}

function newUserFields(
  fields: WordPressFields,
  event: SyncEvent,
  deps: ApplyDependencies,
): WordPressFields {
  const email = typeof fields.email === 'string' ? fields.email : '';
  return {
    username: email !== '' ? email : `sf-${event.recordId}`,
    password: deps.newUserPassword?.() ?? randomBytes(24).toString('base64url'),
    ...fields,
  };
}

async function applyDelete(
  mapping: ObjectMapping,
  event: SyncEvent,
  wordpressId: number | undefined,
  deps: ApplyDependencies,
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
  // Users have no trash; for them Trash deletes the account and hands its content to the connector user.
  const force = mapping.deletePolicy === 'Delete' || mapping.wordpressType === USER_TYPE;
  const operation: WriteOperation = {
    kind: 'delete',
    type: mapping.wordpressType,
    id: wordpressId,
    force,
  };
  const result = await deps.writer.submit(operation);
  if (!result.ok && !(result.error instanceof WordPressNotFoundError))
    return failureFrom(result, wordpressId, operation);
  deps.store.unlink(mapping.name, event.recordId);
  const gone = result.ok ? (force ? 'deleted' : 'moved to the trash') : 'already gone';
  return {
    status: 'Success',
    wordpressId,
    created: false,
    deleted: true,
    message: `WordPress ${mapping.wordpressType} ${wordpressId} ${gone}`,
  };
}

/**
 * For a record both sides have agreed on before: skips events a WordPress → Salesforce merge
 * already read, reads the WordPress object, and plans a three-way merge, so fields WordPress
 * changed meanwhile are not overwritten (they travel to Salesforce through the change feed)
 * and fields both changed are resolved by the mapping's conflict policy.
 */
async function mergeWithWordPress(
  mapping: ObjectMapping,
  event: SyncEvent,
  agreed: SyncState,
  wordpressId: number,
  deps: ApplyDependencies,
): Promise<{ plan?: MergePlan; outcome?: ApplyOutcome }> {
  if (fieldsFlowing(mapping, 'wordpress-to-salesforce').length === 0) return {};
  const seenAt = salesforceDateTime(agreed.salesforceSeenAt);
  if (event.operation === 'UPDATE' && event.modstamp && seenAt && event.modstamp <= seenAt) {
    return {
      outcome: {
        status: 'Skipped',
        wordpressId,
        message: 'Already merged: a WordPress → Salesforce sync read this change',
      },
    };
  }
  let current: WordPressObject;
  try {
    current = await deps.reader.get(mapping.wordpressType, wordpressId);
  } catch (error) {
    if (error instanceof WordPressNotFoundError) return {};
    const wrapped =
      error instanceof WordPressError
        ? error
        : new WordPressError(String(error), { code: 'sfwp_internal' });
    return {
      outcome: failed(
        wrapped.code,
        `Reading WordPress ${mapping.wordpressType} ${wordpressId} before merging failed: ${wrapped.message}`,
        classifyFailure(wrapped),
        wordpressId,
        event.payload,
      ),
    };
  }
  const plan = planMerge(
    mapping,
    agreed,
    {
      values: event.payload,
      changedAt: event.modstamp,
      ...(event.changedFields.length > 0 ? { candidates: new Set(event.changedFields) } : {}),
    },
    { values: mapToSalesforce(mapping, current).values, changedAt: wordPressChangedAt(current) },
  );
  if (plan.toWordPress.size > 0) return { plan };
  // Nothing for WordPress: remember what Salesforce holds, so its changes count as seen.
  deps.store.recordSyncState(mapping.name, event.recordId, {
    ...agreed,
    salesforce: { ...agreed.salesforce, ...pickFields(event.payload, plan.changedInSalesforce) },
  });
  return {
    outcome: {
      status: 'Skipped',
      wordpressId,
      message:
        plan.conflicts.length > 0
          ? `WordPress keeps its values; conflicts: ${describeConflicts(plan.conflicts)}`
          : 'WordPress already has these values',
      conflicts: plan.conflicts,
    },
  };
}

/** The values both sides hold after a Salesforce → WordPress write. */
function agreedAfterWrite(
  mapping: ObjectMapping,
  event: SyncEvent,
  previous: SyncState | undefined,
  merge: MergePlan | undefined,
  written: WordPressObject | undefined,
): SyncState {
  const outbound = fieldsFlowing(mapping, 'salesforce-to-wordpress');
  const wordpressNow = written ? mapToSalesforce(mapping, written).values : {};
  if (!merge || !previous) {
    return {
      salesforce: { ...(previous?.salesforce ?? {}), ...pickFields(event.payload, outbound) },
      wordpress: { ...(previous?.wordpress ?? {}), ...wordpressNow },
      ...(previous?.salesforceSeenAt ? { salesforceSeenAt: previous.salesforceSeenAt } : {}),
    };
  }
  return {
    ...previous,
    salesforce: { ...previous.salesforce, ...pickFields(event.payload, merge.changedInSalesforce) },
    wordpress: { ...previous.wordpress, ...pickFields(wordpressNow, merge.toWordPress) },
  };
}

/**
 * Applies one Salesforce change to WordPress: resolve the mapping, find the linked object
 * (id map, then the id Salesforce holds, then the match field), skip writes that would change
 * nothing, write through the batcher, and record the link and fingerprint. Never throws for a
 * record-level problem: the outcome says what happened and whether a retry can help.
 */
export async function applyToWordPress(
  event: SyncEvent,
  deps: ApplyDependencies,
): Promise<ApplyOutcome> {
  const mapping = deps.mapping(event.mapping);
  const link = mapping ? deps.store.findBySalesforceId(mapping.name, event.recordId) : undefined;
  const wordpressId = link?.wordpressId ?? event.wordpressId ?? event.matchedWordPressId;
  if (!mapping || wordpressId === undefined || !deps.locks) return applyUnlocked(event, deps);
  // The link is read again inside: the other direction may have changed it while we waited.
  return deps.locks.run([recordKey(mapping.name, wordpressId)], () => applyUnlocked(event, deps));
}

async function applyUnlocked(event: SyncEvent, deps: ApplyDependencies): Promise<ApplyOutcome> {
  const mapping = deps.mapping(event.mapping);
  if (!mapping)
    return failed(
      'UNKNOWN_MAPPING',
      `No active mapping named ${event.mapping} is loaded`,
      'permanent',
      event.wordpressId,
      event.payload,
    );
  if (!mapping.active || !flowsIn(mapping.direction, 'salesforce-to-wordpress')) {
    return {
      status: 'Skipped',
      wordpressId: event.wordpressId,
      message: `Mapping ${mapping.name} does not sync Salesforce to WordPress`,
    };
  }
  if (mapping.salesforceObject !== event.object) {
    return failed(
      'MAPPING_OBJECT_MISMATCH',
      `Mapping ${mapping.name} is for ${mapping.salesforceObject}, the event is for ${event.object}`,
      'permanent',
      event.wordpressId,
      event.payload,
    );
  }
  const link = deps.store.findBySalesforceId(mapping.name, event.recordId);
  let wordpressId = link?.wordpressId ?? event.wordpressId ?? event.matchedWordPressId;
  if (event.operation === 'DELETE') return applyDelete(mapping, event, wordpressId, deps);

  let merge: MergePlan | undefined;
  if (link?.syncState && wordpressId !== undefined && event.forceWrite !== true) {
    const merged = await mergeWithWordPress(mapping, event, link.syncState, wordpressId, deps);
    if (merged.outcome) return merged.outcome;
    merge = merged.plan;
  }

  const payload = mapToWordPress(mapping, event.payload, merge?.toWordPress);
  if (payload.problems.length > 0) {
    const code = payload.problems[0]?.code ?? 'INVALID_VALUE';
    return failed(
      code,
      payload.problems.map((problem) => problem.message).join('; '),
      'permanent',
      wordpressId,
      event.payload,
    );
  }
  const fingerprint = contentHash(payload.fields);
  if (!merge && link && link.wordpressHash === fingerprint && event.forceWrite !== true) {
    return { status: 'Skipped', wordpressId, message: 'WordPress already has these values' };
  }

  if (wordpressId === undefined) {
    try {
      wordpressId = await findMatch(mapping, event, deps);
    } catch (error) {
      const wrapped =
        error instanceof WordPressError
          ? error
          : new WordPressError(String(error), { code: 'sfwp_internal' });
      return failed(
        wrapped.code,
        `Looking up an existing ${mapping.wordpressType} failed: ${wrapped.message}`,
        classifyFailure(wrapped),
        undefined,
        payload.fields,
      );
    }
  }

  let created = wordpressId === undefined;
  const createOperation = (): Extract<WriteOperation, { kind: 'create' }> => ({
    kind: 'create',
    type: mapping.wordpressType,
    fields:
      mapping.wordpressType === USER_TYPE
        ? newUserFields(payload.fields, event, deps)
        : payload.fields,
  });
  let operation: Extract<WriteOperation, { kind: 'create' | 'update' }> =
    wordpressId === undefined
      ? createOperation()
      : { kind: 'update', type: mapping.wordpressType, id: wordpressId, fields: payload.fields };
  let result = await deps.writer.submit(operation);
  if (!result.ok && operation.kind === 'update' && result.error instanceof WordPressNotFoundError) {
    // The object was deleted in WordPress while Salesforce kept the record: create it again.
    deps.store.unlink(mapping.name, event.recordId);
    created = true;
    operation = createOperation();
    result = await deps.writer.submit(operation);
  }
  if (!result.ok)
    return failureFrom(
      result,
      operation.kind === 'update' ? operation.id : undefined,
      operation.fields,
    );

  const writtenId = result.id;
  const previous = created ? undefined : link?.syncState;
  deps.store.transaction(() => {
    deps.store.link(mapping.name, event.recordId, writtenId);
    if (!merge)
      deps.store.recordHashes(mapping.name, event.recordId, { wordpressHash: fingerprint });
    deps.store.recordSyncState(
      mapping.name,
      event.recordId,
      agreedAfterWrite(mapping, event, previous, merge, result.object),
    );
  });
  const conflicts = merge?.conflicts ?? [];
  const fields = merge ? ` (${[...merge.toWordPress].join(', ')})` : '';
  return {
    status: 'Success',
    wordpressId: writtenId,
    created,
    message:
      `${created ? 'Created' : 'Updated'} WordPress ${mapping.wordpressType} ${writtenId}${fields}` +
      (conflicts.length > 0 ? `; conflicts: ${describeConflicts(conflicts)}` : ''),
    conflicts,
  };
}
