import { randomBytes } from 'node:crypto';
import { contentHash, sameValue } from '../mapping/content-hash.js';
import {
  asWordPressHolds,
  describeConflicts,
  planFirstContact,
  planMerge,
  settled,
  type FieldConflict,
  type MergePlan,
} from '../mapping/merge.js';
import { mapToSalesforce } from '../mapping/to-salesforce.js';
import { mapToWordPress } from '../mapping/to-wordpress.js';
import { fieldsFlowing, flowsIn, pickFields, type ObjectMapping } from '../mapping/types.js';
import { getWordPressField } from '../mapping/wordpress-fields.js';
import type { IdLink, StateStore, SyncState } from '../store/state-store.js';
import type { WordPressClient } from '../wordpress/client.js';
import { WordPressError, WordPressNotFoundError } from '../wordpress/errors.js';
import {
  STALE_WRITE_CODE,
  USER_TYPE,
  versionOf,
  type WordPressFields,
  type WordPressObject,
  type WriteOperation,
  type WriteResult,
} from '../wordpress/types.js';
import { recordKey, type RecordLocks } from '../engine/record-locks.js';
import { classifyFailure, type FailureKind } from '../engine/retry-policy.js';
import { describeAltered, storedDifferently, type AlteredField } from '../mapping/stored-values.js';
import type { SyncEvent } from './event.js';
import { keptUsernameNote, writesEmail } from './kept-username.js';
import { salesforceDateTime, wordPressChangedAt } from '../engine/timestamps.js';
import type { WriteBatcher } from '../engine/write-batcher.js';

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
      /** Written, but WordPress stored these fields differently (its sanitising). */
      altered?: AlteredField[];
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
  // WordPress logins allow only these characters (sanitize_user strict) and 60 of them; an
  // email with others (`o'brien@…`) or a longer one would be refused as a login.
  const usableLogin = email !== '' && email.length <= 60 && /^[A-Za-z0-9 _.@-]+$/.test(email);
  return {
    username: usableLogin ? email : `sf-${event.recordId}`,
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
): Promise<Merged> {
  if (fieldsFlowing(mapping, 'wordpress-to-salesforce').length === 0) return {};
  const read = await readBeforeMerging(mapping, event, wordpressId, deps);
  if (!read.current) return read;
  const current = read.current;
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
  if (plan.toWordPress.size > 0) return { plan, version: versionOf(current) };
  // Nothing for WordPress: remember what Salesforce holds, so its changes count as seen.
  deps.store.recordSyncState(mapping.name, event.recordId, {
    ...agreed,
    salesforce: { ...agreed.salesforce, ...pickFields(event.payload, plan.changedInSalesforce) },
    ...seenAfter(agreed.salesforceSeenAt, event),
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

/** A merge's plan and the version of the object it read, or the outcome when nothing is written. */
interface Merged {
  plan?: MergePlan;
  /** The object's `sfwp_version` (companion plugin), the precondition of the write. */
  version?: number;
  outcome?: ApplyOutcome;
}

/**
 * The WordPress object a merge starts from: `current`, or nothing when it is gone (it is
 * created again), or the failed outcome when it could not be read.
 */
async function readBeforeMerging(
  mapping: ObjectMapping,
  event: SyncEvent,
  wordpressId: number,
  deps: ApplyDependencies,
): Promise<{ current?: WordPressObject; outcome?: ApplyOutcome }> {
  try {
    return { current: await deps.reader.get(mapping.wordpressType, wordpressId) };
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
}

/**
 * A record meeting an existing WordPress object with no agreed values (found by its match
 * value, or linked before a crash lost its state): reads the object and merges without a base
 * (`planFirstContact`), so an old event — a CREATE replayed after a crash — cannot overwrite
 * what a person changed in WordPress since. Returns no plan when the object is gone (it is
 * created again).
 */
async function meetWordPress(
  mapping: ObjectMapping,
  event: SyncEvent,
  wordpressId: number,
  deps: ApplyDependencies,
): Promise<Merged> {
  if (event.backfill === true || fieldsFlowing(mapping, 'wordpress-to-salesforce').length === 0)
    return {};
  const read = await readBeforeMerging(mapping, event, wordpressId, deps);
  if (!read.current) return read;
  const current = read.current;
  const wordpressValues = mapToSalesforce(mapping, current).values;
  const plan = planFirstContact(
    mapping,
    { values: event.payload, changedAt: event.modstamp },
    { values: wordpressValues, changedAt: wordPressChangedAt(current) },
  );
  if (plan.toWordPress.size > 0) return { plan, version: versionOf(current) };
  deps.store.transaction(() => {
    deps.store.link(mapping.name, event.recordId, wordpressId);
    deps.store.recordSyncState(
      mapping.name,
      event.recordId,
      agreedAtFirstContact(mapping, event, plan, current),
    );
  });
  return {
    outcome: {
      status: 'Skipped',
      wordpressId,
      message:
        plan.conflicts.length > 0
          ? `Linked to the existing WordPress ${mapping.wordpressType} ${wordpressId}, which keeps its newer values; conflicts: ${describeConflicts(plan.conflicts)}`
          : `Linked to the existing WordPress ${mapping.wordpressType} ${wordpressId}, which already has these values`,
      conflicts: plan.conflicts,
    },
  };
}

/**
 * Agreed values after a first contact. Fields WordPress kept (it changed them more recently)
 * are recorded as if both had agreed on Salesforce's value, so the change feed sees WordPress's
 * value as a change and carries it to Salesforce.
 */
function agreedAtFirstContact(
  mapping: ObjectMapping,
  event: SyncEvent,
  merge: MergePlan,
  written: WordPressObject | undefined,
): SyncState {
  const outbound = fieldsFlowing(mapping, 'salesforce-to-wordpress');
  const salesforceValues = pickFields(event.payload, outbound);
  const wordpressNow = written
    ? mapToSalesforce(mapping, written, { allowBlank: true }).values
    : {};
  const keptByWordPress = outbound.filter(
    (field) =>
      !merge.toWordPress.has(field) && !sameValue(wordpressNow[field], salesforceValues[field]),
  );
  return {
    salesforce: salesforceValues,
    wordpress: { ...wordpressNow, ...pickFields(salesforceValues, keptByWordPress) },
    ...seenAfter(undefined, event),
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
  const wordpressNow = written
    ? mapToSalesforce(mapping, written, { allowBlank: true }).values
    : {};
  if (!merge || !previous) {
    return {
      salesforce: { ...(previous?.salesforce ?? {}), ...pickFields(event.payload, outbound) },
      wordpress: { ...(previous?.wordpress ?? {}), ...wordpressNow },
      ...seenAfter(previous?.salesforceSeenAt, event),
    };
  }
  return settled({
    ...previous,
    salesforce: { ...previous.salesforce, ...pickFields(event.payload, merge.changedInSalesforce) },
    wordpress: { ...previous.wordpress, ...pickFields(wordpressNow, merge.toWordPress) },
    ...seenAfter(previous.salesforceSeenAt, event),
  });
}

/** Modstamps further ahead of this machine's clock than this are not trusted as "seen". */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * `salesforceSeenAt` after applying `event`: events stamped before it are older than what both
 * sides hold. One millisecond is taken off the event's stamp because Salesforce stamps may have
 * whole seconds, so a later change of the same second must still count as new. A stamp far in
 * the future (a skewed or forged clock) is not remembered: it would hide every later change.
 */
function seenAfter(
  previous: string | undefined,
  event: SyncEvent,
  now = Date.now(),
): { salesforceSeenAt?: string } {
  const before = salesforceDateTime(previous);
  const stamp = event.modstamp?.getTime();
  const candidate =
    stamp !== undefined && stamp <= now + FUTURE_TOLERANCE_MS ? new Date(stamp - 1) : undefined;
  const latest = candidate && (!before || candidate > before) ? candidate : before;
  return latest ? { salesforceSeenAt: latest.toISOString() } : {};
}

/**
 * Why an event is older than what both sides already agreed on (a redelivered or out-of-order
 * event, a CREATE replayed after a crash, or a change a WordPress → Salesforce merge already
 * read), or undefined.
 */
function staleness(event: SyncEvent, agreed: SyncState | undefined): string | undefined {
  if (event.operation === 'DELETE' || event.forceWrite === true || !event.modstamp || !agreed)
    return undefined;
  const seenAt = salesforceDateTime(agreed.salesforceSeenAt);
  if (!seenAt || event.modstamp > seenAt) return undefined;
  return `Already applied: this change (Modstamp ${event.modstamp.toISOString()}) is not newer than the Salesforce state WordPress holds (${seenAt.toISOString()}); a redelivered, out-of-order or already merged event`;
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
  let wordpressId = link?.wordpressId ?? event.wordpressId ?? event.matchedWordPressId;
  if (!mapping || !deps.locks) return applyUnlocked(event, deps);
  let searched = false;
  if (wordpressId === undefined && event.operation !== 'DELETE') {
    // An object found by its match value is locked too: the other direction may be linking it
    // at this very moment (after a crash, both can meet the same pair without a link). A failed
    // lookup is made again, and reported, inside.
    const matched = await findMatch(mapping, event, deps).then(
      (id) => ({ id }),
      () => undefined,
    );
    searched = matched !== undefined;
    if (matched?.id !== undefined) {
      wordpressId = matched.id;
      event = { ...event, matchedWordPressId: matched.id };
    }
  }
  if (wordpressId === undefined) return applyUnlocked(event, deps, searched);
  const locked = event;
  // The link is read again inside: the other direction may have changed it while we waited.
  return deps.locks.run([recordKey(mapping.name, wordpressId)], () => applyUnlocked(locked, deps));
}

/** @param searched The match field was looked up already and found nothing. */
async function applyUnlocked(
  event: SyncEvent,
  deps: ApplyDependencies,
  searched = false,
): Promise<ApplyOutcome> {
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
  if (mapping.keyPrefix && !event.recordId.startsWith(mapping.keyPrefix)) {
    return failed(
      'RECORD_ID_WRONG_OBJECT',
      `Record_Id__c ${event.recordId} is not a ${mapping.salesforceObject} id (those start with ${mapping.keyPrefix}); mapping ${mapping.name} cannot apply it`,
      'permanent',
      event.wordpressId,
      event.payload,
    );
  }
  const link = deps.store.findBySalesforceId(mapping.name, event.recordId);
  if (!link && event.wordpressId !== undefined) {
    // The id Salesforce holds must not point at an object another record owns: writing (or
    // deleting) it would change that record's WordPress object.
    const owner = deps.store.findByWordPressId(mapping.name, event.wordpressId);
    if (owner && owner.salesforceId !== event.recordId) {
      return failed(
        'DUPLICATE_EXTERNAL_ID',
        `${mapping.salesforceObject} ${event.recordId} holds WordPress ${mapping.wordpressType} id ${event.wordpressId} in ${mapping.externalIdField}, but that ${mapping.wordpressType} is linked to ${mapping.salesforceObject} ${owner.salesforceId}; clear or correct ${mapping.externalIdField} and resync`,
        'permanent',
        undefined,
        event.payload,
      );
    }
  }
  const wordpressId = link?.wordpressId ?? event.wordpressId ?? event.matchedWordPressId;
  if (event.operation === 'DELETE') return applyDelete(mapping, event, wordpressId, deps);
  const stale = staleness(event, link?.syncState);
  if (stale && wordpressId !== undefined) return { status: 'Skipped', wordpressId, message: stale };
  return mergeAndWrite(mapping, event, link, wordpressId, searched, deps, 1);
}

/**
 * Merges (re-reading the object) and writes at most this many times when WordPress refuses a
 * write because someone changed the object after it was read; then the event is retried later.
 */
const MAX_MERGES = 5;

/**
 * Reads and merges with the WordPress object, then writes on the condition that nobody changed
 * it since it was read (the companion plugin's `sfwp_version`). When someone did, WordPress
 * refuses the write (`sfwp_stale_write`) and the merge starts again from what it holds now: a
 * person's edit made meanwhile is merged (and, where Salesforce changed the same field, a
 * conflict resolved by the mapping's policy and logged), never overwritten unseen.
 */
async function mergeAndWrite(
  mapping: ObjectMapping,
  event: SyncEvent,
  link: IdLink | undefined,
  found: number | undefined,
  searched: boolean,
  deps: ApplyDependencies,
  attempt: number,
): Promise<ApplyOutcome> {
  let wordpressId = found;
  let merge: MergePlan | undefined;
  let firstContact = false;
  let version: number | undefined;
  if (wordpressId !== undefined && event.forceWrite !== true) {
    const merged = link?.syncState
      ? await mergeWithWordPress(mapping, event, link.syncState, wordpressId, deps)
      : await meetWordPress(mapping, event, wordpressId, deps);
    if (merged.outcome) return noteRemerge(merged.outcome, attempt);
    merge = merged.plan;
    version = merged.version;
    firstContact = !link?.syncState && merge !== undefined;
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

  if (wordpressId === undefined && !searched) {
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
        : // The mapping's post status, unless a field mapping writes `status` itself.
          { status: mapping.postStatus ?? 'draft', ...payload.fields },
  });
  let operation: Extract<WriteOperation, { kind: 'create' | 'update' }> =
    wordpressId === undefined
      ? createOperation()
      : {
          kind: 'update',
          type: mapping.wordpressType,
          id: wordpressId,
          fields: payload.fields,
          ...(version === undefined ? {} : { ifVersion: version }),
        };
  if (link?.syncState && operation.kind === 'update') {
    const written = pickFields(
      event.payload,
      merge ? merge.toWordPress : fieldsFlowing(mapping, 'salesforce-to-wordpress'),
    );
    deps.store.recordSyncState(mapping.name, event.recordId, {
      ...link.syncState,
      pending: {
        target: 'wordpress',
        salesforce: written,
        wordpress: asWordPressHolds(mapping, written),
      },
    });
  }
  let result = await deps.writer.submit(operation);
  if (!result.ok && result.error.code === STALE_WRITE_CODE) {
    if (attempt < MAX_MERGES)
      return mergeAndWrite(mapping, event, link, wordpressId, searched, deps, attempt + 1);
    return failed(
      STALE_WRITE_CODE,
      `WordPress ${mapping.wordpressType} ${String(wordpressId)} kept changing while it was merged (${MAX_MERGES} tries): ${result.error.message}`,
      'transient',
      wordpressId,
      operation.fields,
    );
  }
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
      firstContact && merge
        ? agreedAtFirstContact(mapping, event, merge, result.object)
        : agreedAfterWrite(mapping, event, previous, merge, result.object),
    );
  });
  const conflicts = merge?.conflicts ?? [];
  const fields = merge ? ` (${[...merge.toWordPress].join(', ')})` : '';
  const altered = result.object ? storedDifferently(mapping, payload.fields, result.object) : [];
  const outcome: ApplyOutcome = {
    status: 'Success',
    wordpressId: writtenId,
    created,
    message:
      `${created ? 'Created' : 'Updated'} WordPress ${mapping.wordpressType} ${writtenId}${fields}` +
      (altered.length > 0 ? `; ${describeAltered(altered)}` : '') +
      (created
        ? ''
        : keptUsernameNote(
            mapping,
            writesEmail(mapping, merge ? merge.toWordPress : event.changedFields),
            result.object,
          )) +
      (conflicts.length > 0 ? `; conflicts: ${describeConflicts(conflicts)}` : ''),
    conflicts,
  };
  // Written, but not as sent: not a success for those fields (Salesforce keeps its value).
  const reported: ApplyOutcome =
    altered.length > 0
      ? {
          status: 'Skipped',
          wordpressId: writtenId,
          message: outcome.message,
          conflicts,
          altered,
        }
      : outcome;
  return noteRemerge(reported, attempt);
}

/** Says in the outcome that a write was refused as stale and the merge made again. */
function noteRemerge(outcome: ApplyOutcome, attempt: number): ApplyOutcome {
  if (attempt <= 1 || outcome.status === 'Failed') return outcome;
  const times = attempt === 2 ? 'once' : `${attempt - 1} times`;
  return {
    ...outcome,
    message: `${outcome.message}; WordPress changed while this was merged (write refused as stale ${times}), merged again`,
  };
}
