import type { MergePlan } from '../mapping/merge.js';
import type { ObjectMapping } from '../mapping/types.js';
import type { SyncState } from '../mapping/agreed-values.js';
import { WordPressNotFoundError } from '../wordpress/errors.js';
import type { WordPressObject } from '../wordpress/types.js';
import type { ApplyDependencies } from './apply-dependencies.js';
import { failureThrown, type ApplyOutcome } from './apply-outcome.js';
import type { SyncEvent } from './event.js';
import { mergesWithWordPress, planAgainstWordPress, type MergeDecision } from './plan.js';

/** A merge's plan and the version of the object it read, or the outcome when nothing is written. */
export interface Merged {
  plan?: MergePlan;
  /** The object's `sfwp_version` (companion plugin), the precondition of the write. */
  version?: number;
  outcome?: ApplyOutcome;
  /** The object as read before merging. */
  current?: WordPressObject;
}

/**
 * Reads the WordPress object the record is linked to (or matched) and merges the change with
 * it ({@link planAgainstWordPress}), against the values both sides agreed on, or, at a first
 * contact, without them. When WordPress keeps what it holds, records the agreement (linking a
 * first contact) and returns the skipped outcome. Returns no plan when no merge is needed or the
 * object is gone (it is created again).
 */
export async function mergeWithWordPress(
  mapping: ObjectMapping,
  event: SyncEvent,
  agreed: SyncState | undefined,
  wordpressId: number,
  deps: Pick<ApplyDependencies, 'reader' | 'store'>,
): Promise<Merged> {
  if (!mergesWithWordPress(mapping, event, agreed)) return {};
  const read = await readBeforeMerging(mapping, event, wordpressId, deps);
  if (!read.current) return read;
  const decision = planAgainstWordPress({
    mapping,
    event,
    agreed,
    current: read.current,
    wordpressId,
  });
  if (decision.write)
    return { plan: decision.merge, version: decision.version, current: read.current };
  recordKept(mapping, event, agreed, wordpressId, decision, deps);
  return {
    outcome: {
      status: 'Skipped',
      wordpressId,
      message: decision.message,
      conflicts: decision.merge.conflicts,
    },
  };
}

/** Records what both sides agree on when WordPress keeps its values. */
function recordKept(
  mapping: ObjectMapping,
  event: SyncEvent,
  agreed: SyncState | undefined,
  wordpressId: number,
  decision: MergeDecision & { write: false },
  deps: Pick<ApplyDependencies, 'store'>,
): void {
  if (agreed) {
    deps.store.recordSyncState(mapping.name, event.recordId, decision.agreed);
    return;
  }
  deps.store.transaction(() => {
    deps.store.link(mapping.name, event.recordId, wordpressId);
    deps.store.recordSyncState(mapping.name, event.recordId, decision.agreed);
  });
}

/**
 * The WordPress object a merge starts from: `current`, or nothing when it is gone (it is
 * created again), or the failed outcome when it could not be read.
 */
async function readBeforeMerging(
  mapping: ObjectMapping,
  event: SyncEvent,
  wordpressId: number,
  deps: Pick<ApplyDependencies, 'reader'>,
): Promise<{ current?: WordPressObject; outcome?: ApplyOutcome }> {
  try {
    return { current: await deps.reader.get(mapping.wordpressType, wordpressId) };
  } catch (error) {
    if (error instanceof WordPressNotFoundError) return {};
    const doing = `Reading WordPress ${mapping.wordpressType} ${wordpressId} before merging`;
    return { outcome: failureThrown(error, doing, wordpressId, event.payload) };
  }
}
