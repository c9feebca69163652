import type { ObjectMapping } from '../mapping/types.js';
import type { IdLink } from '../store/state-store.js';
import { STALE_WRITE_CODE, USER_TYPE } from '../wordpress/types.js';
import { flowsIn } from '../mapping/types.js';
import { recordKey } from '../engine/record-locks.js';
import { staleness } from './agreement.js';
import type { ApplyDependencies } from './apply-dependencies.js';
import { applyDelete } from './apply-delete.js';
import {
  failed,
  failureFrom,
  noteRemerge,
  writtenOutcome,
  type ApplyOutcome,
} from './apply-outcome.js';
import { checkMapping, checkOwner } from './event-checks.js';
import type { SyncEvent } from './event.js';
import { findMatch, lookUpMatch } from './find-target.js';
import { mergeWithWordPress } from './merge-with-wordpress.js';
import { planPayload } from './plan.js';
import { guardRoleWrite } from './role-write.js';
import { withRecordTopics } from './topic-reads.js';
import { recordWritten, submitWrite } from './write-to-wordpress.js';

export type { ApplyDependencies } from './apply-dependencies.js';
export type { ApplyOutcome } from './apply-outcome.js';

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
  if (!mapping || !deps.locks) return writeEventToWordPress(event, deps);
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
  if (wordpressId === undefined) return writeEventToWordPress(event, deps, searched);
  const locked = event;
  // The link is read again inside: the other direction may have changed it while we waited.
  return deps.locks.run([recordKey(mapping.name, wordpressId)], () =>
    writeEventToWordPress(locked, deps),
  );
}

/** @param searched The match field was looked up already and found nothing. */
async function writeEventToWordPress(
  event: SyncEvent,
  deps: ApplyDependencies,
  searched = false,
): Promise<ApplyOutcome> {
  const checked = checkMapping(event, deps.mapping(event.mapping));
  if ('outcome' in checked) return checked.outcome;
  const { mapping } = checked;
  const link = deps.store.findBySalesforceId(mapping.name, event.recordId);
  if (!link && event.wordpressId !== undefined) {
    const owner = deps.store.findByWordPressId(mapping.name, event.wordpressId);
    const refused = checkOwner(mapping, event, owner);
    if (refused) return refused;
  }
  const wordpressId = link?.wordpressId ?? event.wordpressId ?? event.matchedWordPressId;
  if (event.operation === 'DELETE') return applyDelete(mapping, event, wordpressId, deps);
  const read = await withRecordTopics(mapping, event, deps.topics);
  if ('outcome' in read) return read.outcome;
  event = read.event;
  const stale = staleness(event, link?.syncState);
  if (stale && wordpressId !== undefined) return { status: 'Skipped', wordpressId, message: stale };
  return mergeAndWrite(mapping, event, link, wordpressId, searched, deps, 1);
}

/**
 * Merges (re-reading the object) and writes at most this many times when WordPress refuses a
 * write because someone changed the object after it was read; then the event is retried later.
 */
const MAX_MERGES = 5;

/** WordPress's refusals of a create because the object's unique values are taken. */
const TAKEN_CODES: ReadonlySet<string> = new Set(['existing_user_login', 'existing_user_email']);

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
  const merged =
    found === undefined
      ? {}
      : await mergeWithWordPress(mapping, event, link?.syncState, found, deps);
  if (merged.outcome) return noteRemerge(merged.outcome, attempt);
  const merge = merged.plan;
  const payload = planPayload(mapping, event, merge, link);
  if (payload.kind === 'invalid')
    return failed(payload.code, payload.message, 'permanent', found, event.payload);
  if (payload.kind === 'unchanged')
    return { status: 'Skipped', wordpressId: found, message: payload.message };

  let wordpressId = found;
  if (wordpressId === undefined && !searched) {
    const match = await lookUpMatch(mapping, event, deps, payload.fields);
    if ('outcome' in match) return match.outcome;
    wordpressId = match.id;
  }
  if (wordpressId === undefined && !canCreate(mapping)) {
    return { status: 'Skipped', wordpressId: undefined, message: cannotCreateMessage(mapping) };
  }
  const guarded = await guardRoleWrite(mapping, wordpressId, merged.current, payload.fields, deps);
  if ('outcome' in guarded) return guarded.outcome;
  const planned = { wordpressId, fields: payload.fields, merge, version: merged.version };
  const sent = await submitWrite(mapping, event, link, planned, deps);
  if (sent.refusedAsStale) {
    if (attempt < MAX_MERGES)
      return mergeAndWrite(mapping, event, link, wordpressId, searched, deps, attempt + 1);
    return failed(
      STALE_WRITE_CODE,
      `WordPress ${mapping.wordpressType} ${String(wordpressId)} kept changing while it was merged (${MAX_MERGES} tries): ${sent.result.error.message}`,
      'transient',
      wordpressId,
      sent.operation.fields,
    );
  }
  const { result, operation } = sent;
  if (!result.ok && sent.created && TAKEN_CODES.has(result.error.code) && attempt < MAX_MERGES) {
    // Created meanwhile by another writer (a request a stopped connector left running, a
    // person): the lookup runs again, and the record merges into the object it finds.
    return mergeAndWrite(mapping, event, link, undefined, false, deps, attempt + 1);
  }
  if (!result.ok)
    return failureFrom(
      result,
      operation.kind === 'update' ? operation.id : undefined,
      operation.fields,
    );
  const written = {
    id: result.id,
    created: sent.created,
    object: result.object,
    sent: payload.fields,
  };
  recordWritten(mapping, event, link, merge, written, payload.fingerprint, deps, guarded.refused);
  const outcome = writtenOutcome(mapping, event, merge, written);
  const notes = guarded.notes.length > 0 ? `; ${guarded.notes.join('; ')}` : '';
  return noteRemerge({ ...outcome, message: outcome.message + notes }, attempt);
}

/**
 * A user mapping that maps no email (a segments mapping beside the Contact ⇄ user one) cannot
 * create a WordPress user: WordPress needs one. It writes only the users it is linked or
 * matched to (docs/SEGMENTS.md).
 */
function canCreate(mapping: ObjectMapping): boolean {
  return (
    mapping.wordpressType !== USER_TYPE ||
    mapping.fields.some(
      (field) =>
        field.wordpressField === 'email' && flowsIn(field.direction, 'salesforce-to-wordpress'),
    )
  );
}

function cannotCreateMessage(mapping: ObjectMapping): string {
  return (
    `${mapping.name} maps no email, so it cannot create a WordPress user: it writes users it is ` +
    'linked or matched to (once another mapping has linked them)'
  );
}
