import { describeConflicts, type FieldConflict, type MergePlan } from '../mapping/merge.js';
import { describeAltered, storedDifferently, type AlteredField } from '../mapping/stored-values.js';
import type { ObjectMapping } from '../mapping/types.js';
import { WordPressError } from '../wordpress/errors.js';
import type { WordPressFields, WordPressObject, WriteResult } from '../wordpress/types.js';
import { classifyFailure, type FailureKind } from '../engine/retry-policy.js';
import type { SyncEvent } from './event.js';
import { keptUsernameNote, writesEmail } from './kept-username.js';

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

export function failed(
  code: string,
  message: string,
  kind: FailureKind,
  wordpressId: number | undefined,
  attempted: unknown,
): ApplyOutcome {
  return { status: 'Failed', kind, code, message, wordpressId, attempted };
}

/** The outcome of a write WordPress refused. */
export function failureFrom(
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

/** The outcome of a WordPress request that threw; `doing` says what it was for. */
export function failureThrown(
  error: unknown,
  doing: string,
  wordpressId: number | undefined,
  attempted: unknown,
): ApplyOutcome {
  const wrapped =
    error instanceof WordPressError
      ? error
      : new WordPressError(String(error), { code: 'sfwp_internal' });
  return failed(
    wrapped.code,
    `${doing} failed: ${wrapped.message}`,
    classifyFailure(wrapped),
    wordpressId,
    attempted,
  );
}

/** What a create or update WordPress accepted. */
export interface Written {
  id: number;
  created: boolean;
  /** The object as WordPress stored it, when it says. */
  object: WordPressObject | undefined;
  /** The fields that were sent. */
  sent: WordPressFields;
}

/**
 * The outcome of a create or update: the fields merged in, what WordPress stored differently,
 * a username WordPress kept, and the conflicts resolved.
 */
export function writtenOutcome(
  mapping: ObjectMapping,
  event: SyncEvent,
  merge: MergePlan | undefined,
  written: Written,
): ApplyOutcome {
  const { id, created, object } = written;
  const conflicts = merge?.conflicts ?? [];
  const fields = merge ? ` (${[...merge.toWordPress].join(', ')})` : '';
  const altered = object ? storedDifferently(mapping, written.sent, object) : [];
  const message =
    `${created ? 'Created' : 'Updated'} WordPress ${mapping.wordpressType} ${id}${fields}` +
    (altered.length > 0 ? `; ${describeAltered(altered)}` : '') +
    (created
      ? ''
      : keptUsernameNote(
          mapping,
          writesEmail(mapping, merge ? merge.toWordPress : event.changedFields),
          object,
        )) +
    (conflicts.length > 0 ? `; conflicts: ${describeConflicts(conflicts)}` : '');
  // Written, but not as sent: not a success for those fields (Salesforce keeps its value).
  if (altered.length > 0)
    return { status: 'Skipped', wordpressId: id, message, conflicts, altered };
  return { status: 'Success', wordpressId: id, created, message, conflicts };
}

/** Says in the outcome that a write was refused as stale and the merge made again. */
export function noteRemerge(outcome: ApplyOutcome, attempt: number): ApplyOutcome {
  if (attempt <= 1 || outcome.status === 'Failed') return outcome;
  const times = attempt === 2 ? 'once' : `${attempt - 1} times`;
  return {
    ...outcome,
    message: `${outcome.message}; WordPress changed while this was merged (write refused as stale ${times}), merged again`,
  };
}
