import { guardRoles, roleSourceOf, type RoleContext } from '../mapping/role-guard.js';
import { withMergedSets } from '../mapping/set-agreement.js';
import { ROLES_FIELD } from '../mapping/set-settings.js';
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
  | {
      ok: true;
      object: WordPressObject | undefined;
      stale?: boolean;
      sent?: WordPressFields;
      /** The role guard's notes: before and after, refusals. */
      notes?: string[];
    }
  | { ok: false; code: string; kind: FailureKind; message: string; attempted: unknown };

interface WriteBack {
  plan: Plan;
  operation: WriteOperation;
  notes?: string[];
}

/**
 * The role guard on a write-back's `roles` (see `guardRoles`): the user's whole role list with
 * only allowlisted changes, no `roles` when nothing may change, or the failure.
 */
function guardWriteBack(
  mapping: ObjectMapping,
  write: WriteBack,
  context: RoleContext | undefined,
): WriteBack | WordPressWriteOutcome {
  const field = mapping.fields.find((candidate) => candidate.wordpressField === ROLES_FIELD);
  const fields = write.operation.kind === 'update' ? write.operation.fields : undefined;
  if (!field?.set || fields?.roles === undefined) return write;
  const current = (write.plan.object as { roles?: unknown }).roles;
  const roles = Array.isArray(current) ? current.map(String) : [];
  const decision = guardRoles(field, write.plan.item.id, roles, fields.roles, context);
  if (decision.failure !== undefined)
    return {
      ok: false,
      code: 'sfwp_role_refused',
      kind: 'permanent',
      message: [decision.failure, ...decision.notes].join('; '),
      attempted: fields,
    };
  if (decision.roles) fields.roles = decision.roles;
  else delete fields.roles;
  return { ...write, notes: decision.notes };
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
      ...(write.notes && write.notes.length > 0 ? { notes: write.notes } : {}),
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
  const roles = mapping.fields.some((field) => field.set && field.wordpressField === ROLES_FIELD)
    ? roleSourceOf(deps, deps.connectorUserId)
    : undefined;
  let context: RoleContext | undefined;
  for (const plan of plans) {
    const saved = results.get(plan);
    if (plan.toWordPress.size === 0 || !plan.salesforceRow || (saved && !saved.success)) continue;
    const built = writeBackOf(mapping, plan, plan.salesforceRow);
    if (roles && 'operation' in built) context ??= await roles();
    const write = 'operation' in built ? guardWriteBack(mapping, built, context) : built;
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
