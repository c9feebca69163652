import { contentHash } from '../mapping/content-hash.js';
import {
  describeConflicts,
  planFirstContact,
  planMerge,
  type MergePlan,
} from '../mapping/merge.js';
import { mapToSalesforce } from '../mapping/to-salesforce.js';
import { mapToWordPress } from '../mapping/to-wordpress.js';
import { fieldsFlowing, type ObjectMapping } from '../mapping/types.js';
import type { SyncState } from '../mapping/agreed-values.js';
import { agreeOnSalesforceSets, withMergedSets } from '../mapping/set-agreement.js';
import type { IdLink } from '../store/state-store.js';
import { versionOf, type WordPressFields, type WordPressObject } from '../wordpress/types.js';
import { wordPressChangedAt } from '../engine/timestamps.js';
import { agreedAtFirstContact, agreedWithoutWriting } from './agreement.js';
import type { SyncEvent } from './event.js';

/**
 * Whether a change to a WordPress object the record is linked to (or matched) is merged with
 * what the object holds before it is written: not when the change is forced, nor when no field
 * flows from WordPress, nor for a backfill meeting an object with no agreed values.
 */
export function mergesWithWordPress(
  mapping: ObjectMapping,
  event: SyncEvent,
  agreed: SyncState | undefined,
): boolean {
  if (event.forceWrite === true) return false;
  if (!agreed && event.backfill === true) return false;
  return fieldsFlowing(mapping, 'wordpress-to-salesforce').length > 0;
}

export interface MergeInput {
  mapping: ObjectMapping;
  event: SyncEvent;
  /** What both sides last agreed on; none when the record first meets the object. */
  agreed: SyncState | undefined;
  /** The WordPress object as read just now. */
  current: WordPressObject;
  wordpressId: number;
  /** This machine's clock (epoch ms), for which Modstamps count as seen. */
  now?: number;
}

/** What a merge with the WordPress object decided. */
export type MergeDecision =
  | {
      write: true;
      merge: MergePlan;
      /** The object's `sfwp_version` (companion plugin), the precondition of the write. */
      version: number | undefined;
    }
  | {
      /** WordPress keeps what it holds: `agreed` is recorded (and a first contact linked). */
      write: false;
      merge: MergePlan;
      agreed: SyncState;
      message: string;
    };

/**
 * Merges a Salesforce change with the WordPress object. With agreed values, a three-way merge:
 * fields WordPress changed meanwhile are not overwritten (they travel to Salesforce through the
 * change feed) and fields both changed are resolved by the mapping's conflict policy. Without
 * (the object was found by its match value, or linked before a crash lost its state), a merge
 * without a base (`planFirstContact`), so an old event — a CREATE replayed after a crash —
 * cannot overwrite what a person changed in WordPress since.
 */
export function planAgainstWordPress(input: MergeInput): MergeDecision {
  return input.agreed ? planThreeWay(input, input.agreed) : planFirstMeeting(input);
}

function planThreeWay(input: MergeInput, agreed: SyncState): MergeDecision {
  const { mapping, event, current } = input;
  const merge = planMerge(
    mapping,
    agreed,
    {
      values: event.payload,
      changedAt: event.modstamp,
      ...(event.changedFields.length > 0 ? { candidates: new Set(event.changedFields) } : {}),
    },
    { values: mapToSalesforce(mapping, current).values, changedAt: wordPressChangedAt(current) },
  );
  if (merge.toWordPress.size > 0) return { write: true, merge, version: versionOf(current) };
  // Nothing for WordPress: remember what Salesforce holds, so its changes count as seen.
  return {
    write: false,
    merge,
    agreed: agreeOnSalesforceSets(
      mapping,
      agreedWithoutWriting(event, agreed, merge, input.now),
      event.payload,
      merge.sets?.keys() ?? [],
    ),
    message:
      merge.conflicts.length > 0
        ? `WordPress keeps its values; conflicts: ${describeConflicts(merge.conflicts)}`
        : 'WordPress already has these values',
  };
}

function planFirstMeeting(input: MergeInput): MergeDecision {
  const { mapping, event, current, wordpressId } = input;
  const merge = planFirstContact(
    mapping,
    { values: event.payload, changedAt: event.modstamp },
    { values: mapToSalesforce(mapping, current).values, changedAt: wordPressChangedAt(current) },
  );
  if (merge.toWordPress.size > 0) return { write: true, merge, version: versionOf(current) };
  const existing = `the existing WordPress ${mapping.wordpressType} ${wordpressId}`;
  return {
    write: false,
    merge,
    agreed: agreedAtFirstContact(mapping, event, merge, current, input.now),
    message:
      merge.conflicts.length > 0
        ? `Linked to ${existing}, which keeps its newer values; conflicts: ${describeConflicts(merge.conflicts)}`
        : `Linked to ${existing}, which already has these values`,
  };
}

/** The fields to write to WordPress, or why none are written. */
export type PayloadPlan =
  | { kind: 'write'; fields: WordPressFields; fingerprint: string }
  /** A value the mapping cannot write (a permanent failure). */
  | { kind: 'invalid'; code: string; message: string }
  /** The same fields the last write sent: an echo or a redelivery. */
  | { kind: 'unchanged'; message: string };

/**
 * Maps the record's values to WordPress fields: after a merge only the fields it sends to
 * WordPress, otherwise every outbound field, compared with the fingerprint of the last write.
 */
export function planPayload(
  mapping: ObjectMapping,
  event: SyncEvent,
  merge: MergePlan | undefined,
  link: IdLink | undefined,
): PayloadPlan {
  // A set field gets the merged set: Salesforce's changes applied to what WordPress holds now.
  const values = withMergedSets(event.payload, merge?.sets, 'wordpress');
  const payload = mapToWordPress(mapping, values, merge?.toWordPress);
  if (payload.problems.length > 0) {
    return {
      kind: 'invalid',
      code: payload.problems[0]?.code ?? 'INVALID_VALUE',
      message: payload.problems.map((problem) => problem.message).join('; '),
    };
  }
  const fingerprint = contentHash(payload.fields);
  if (!merge && link && link.wordpressHash === fingerprint && event.forceWrite !== true)
    return { kind: 'unchanged', message: 'WordPress already has these values' };
  return { kind: 'write', fields: payload.fields, fingerprint };
}
