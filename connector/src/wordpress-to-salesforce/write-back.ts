import { withMergedSets } from '../mapping/set-agreement.js';
import { mapToWordPress } from '../mapping/to-wordpress.js';
import type { ObjectMapping } from '../mapping/types.js';
import type { RecordResult } from '../salesforce/record-gateway.js';
import {
  STALE_WRITE_CODE,
  versionOf,
  type WordPressFields,
  type WordPressObject,
  type WriteOperation,
  type WriteResult,
} from '../wordpress/types.js';
import type { FailureKind } from '../engine/retry-policy.js';
import type { Plan } from './plan.js';
import type { SalesforceApplyDependencies } from './types.js';

export type WordPressWriteOutcome =
  /** `stale`: refused because a person changed the object after it was read. */
  | { ok: true; object: WordPressObject | undefined; stale?: boolean; sent?: WordPressFields }
  | { ok: false; code: string; kind: FailureKind; message: string; attempted: unknown };

interface WriteBack {
  plan: Plan;
  operation: WriteOperation;
}

/**
 * The update giving WordPress the plan's merged Salesforce fields, conditional on the version
 * it was read at; or the failure when a Salesforce value cannot be mapped.
 */
function writeBackOf(
  mapping: ObjectMapping,
  plan: Plan,
  row: NonNullable<Plan['salesforceRow']>,
): WriteBack | WordPressWriteOutcome {
  const values = withMergedSets(row, plan.sets, 'wordpress');
  const payload = mapToWordPress(mapping, values, plan.toWordPress);
  if (payload.problems.length > 0) {
    return {
      ok: false,
      code: payload.problems[0]?.code ?? 'INVALID_VALUE',
      kind: 'permanent',
      message: payload.problems.map((problem) => problem.message).join('; '),
      attempted: row,
    };
  }
  return {
    plan,
    operation: {
      kind: 'update',
      type: mapping.wordpressType,
      id: plan.item.id,
      fields: payload.fields,
      ...(versionOf(plan.object) === undefined ? {} : { ifVersion: versionOf(plan.object) }),
    },
  };
}

/** A stale refusal is no failure: the person's newer edit follows through the change feed. */
function writeBackOutcome(
  write: WriteBack,
  result: WriteResult | undefined,
): WordPressWriteOutcome {
  if (result?.ok)
    return {
      ok: true,
      object: result.object,
      ...(write.operation.kind === 'update' ? { sent: write.operation.fields } : {}),
    };
  if (result?.error.code === STALE_WRITE_CODE) return { ok: true, object: undefined, stale: true };
  return {
    ok: false,
    code: result?.error.code ?? 'sfwp_internal',
    kind: result?.error.retryable ? 'transient' : 'permanent',
    message: result?.error.message ?? 'no result',
    attempted: write.operation.kind === 'update' ? write.operation.fields : undefined,
  };
}

/**
 * Gives WordPress the Salesforce fields the merges chose for it, in one batch, for plans whose
 * Salesforce write did not fail.
 */
export async function writeMergedFieldsToWordPress(
  mapping: ObjectMapping,
  plans: readonly Plan[],
  results: ReadonlyMap<Plan, RecordResult>,
  deps: SalesforceApplyDependencies,
): Promise<Map<Plan, WordPressWriteOutcome>> {
  const outcomes = new Map<Plan, WordPressWriteOutcome>();
  const writes: WriteBack[] = [];
  for (const plan of plans) {
    const saved = results.get(plan);
    if (plan.toWordPress.size === 0 || !plan.salesforceRow || (saved && !saved.success)) continue;
    const write = writeBackOf(mapping, plan, plan.salesforceRow);
    if ('operation' in write) writes.push(write);
    else outcomes.set(plan, write);
  }
  if (writes.length === 0) return outcomes;
  const written = await deps.wordpress.writeMany(writes.map((write) => write.operation));
  writes.forEach((write, index) => {
    outcomes.set(write.plan, writeBackOutcome(write, written[index]));
  });
  return outcomes;
}
