import type { Connection } from 'jsforce';
import { classifyRecordError, type FailureKind } from '../engine/retry-policy.js';
import type { FieldConflict } from '../mapping/merge.js';
import {
  SalesforceRecordGateway,
  type RecordResult,
  type SalesforceRecord,
} from '../salesforce/record-gateway.js';
import { readTargetRecords, SOURCE_ID_FIELD } from '../salesforce/org-records.js';
import type { OrgEvent } from './org-event.js';
import { legFields, planLeg, targetOf, type Leg, type LegPlan } from './plan.js';

/** One event's outcome in the target org. */
export type LegOutcome =
  | {
      status: 'Success';
      targetId: string | undefined;
      created: boolean;
      deleted: boolean;
      message: string;
    }
  | { status: 'Skipped'; message: string; conflicts: FieldConflict[]; quiet: boolean }
  | { status: 'Failed'; kind: FailureKind; code: string; message: string };

/** A record the target org no longer holds: nothing left to update or delete. */
const GONE = new Set(['ENTITY_IS_DELETED', 'INVALID_CROSS_REFERENCE_KEY', 'NOT_FOUND']);

/** Whether the leg reads target records before writing: two-way legs, and deletes. */
export function readsTargets(leg: Leg, events: readonly OrgEvent[]): boolean {
  return leg.twoWay || events.some((event) => event.operation === 'DELETE');
}

/** The target records the events may concern, in one Composite call per 1,000 ids. */
export async function readTargetsFor(
  leg: Leg,
  target: Connection,
  events: readonly OrgEvent[],
): Promise<SalesforceRecord[]> {
  if (!readsTargets(leg, events)) return [];
  const relevant = leg.twoWay ? events : events.filter((event) => event.operation === 'DELETE');
  const ids = leg.twoWay
    ? relevant.flatMap((event) => (event.sourceRef === undefined ? [] : [event.sourceRef]))
    : [];
  const sourceIds = relevant
    .filter((event) => !leg.twoWay || event.sourceRef === undefined)
    .map((event) => event.recordId);
  return readTargetRecords(
    target,
    leg.mapping.salesforceObject,
    { ids, sourceIds },
    legFields(leg.mapping),
  );
}

function recordOutcome(plan: LegPlan, result: RecordResult | undefined, leg: Leg): LegOutcome {
  if (!result)
    return {
      status: 'Failed',
      kind: 'transient',
      code: 'NO_RESULT',
      message: 'Salesforce answered no result for the record',
    };
  if (result.success) {
    const deleted = plan.kind === 'delete';
    const verb = deleted ? 'deleted' : result.created ? 'created' : 'updated';
    return {
      status: 'Success',
      targetId: result.id,
      created: result.created,
      deleted,
      message:
        `${verb} ${leg.mapping.salesforceObject} ${result.id ?? ''} in org ${leg.targetOrg}`.trim(),
    };
  }
  const first = result.errors[0];
  const code = first?.statusCode ?? 'UNKNOWN_ERROR';
  const message = result.errors.map((error) => `${error.statusCode}: ${error.message}`).join('; ');
  if (GONE.has(code) && plan.kind !== 'upsert')
    return {
      status: 'Skipped',
      message: `org ${leg.targetOrg} no longer holds the record (${message})`,
      conflicts: [],
      quiet: false,
    };
  return {
    status: 'Failed',
    kind: classifyRecordError(code),
    code,
    message: `org ${leg.targetOrg}: ${message}`,
  };
}

async function writeKind(
  plans: readonly LegPlan[],
  kind: LegPlan['kind'],
  write: (picked: LegPlan[]) => Promise<RecordResult[]>,
  leg: Leg,
  outcomes: (LegOutcome | undefined)[],
): Promise<void> {
  const indexes = plans.flatMap((plan, index) => (plan.kind === kind ? [index] : []));
  if (indexes.length === 0) return;
  const results = await write(indexes.map((index) => plans[index] as LegPlan));
  indexes.forEach((index, position) => {
    outcomes[index] = recordOutcome(plans[index] as LegPlan, results[position], leg);
  });
}

/**
 * Applies a batch of one leg's events to the target org: one read (two-way legs and deletes),
 * then Collections upserts on WP_Source_Record_Id__c, updates by Id and deletes, 200 a call,
 * `allOrNone: false`. Record errors come back per event; a call-level failure throws.
 */
export async function applyLeg(
  leg: Leg,
  target: Connection,
  events: readonly OrgEvent[],
): Promise<LegOutcome[]> {
  const rows = await readTargetsFor(leg, target, events);
  const plans = events.map((event) => planLeg(leg, event, targetOf(leg, event, rows)));
  const outcomes: (LegOutcome | undefined)[] = plans.map((plan) =>
    plan.kind === 'skip'
      ? { status: 'Skipped', message: plan.message, conflicts: plan.conflicts, quiet: plan.quiet }
      : undefined,
  );
  const gateway = new SalesforceRecordGateway(target);
  const object = leg.mapping.salesforceObject;
  const records = (picked: LegPlan[]) =>
    picked.map((plan) => (plan.kind === 'upsert' || plan.kind === 'update' ? plan.record : {}));
  await writeKind(
    plans,
    'upsert',
    (picked) => gateway.upsert(object, SOURCE_ID_FIELD, records(picked)),
    leg,
    outcomes,
  );
  await writeKind(
    plans,
    'update',
    (picked) => gateway.update(object, records(picked)),
    leg,
    outcomes,
  );
  await writeKind(
    plans,
    'delete',
    (picked) =>
      gateway.destroy(
        object,
        picked.map((plan) => (plan.kind === 'delete' ? plan.targetId : '')),
      ),
    leg,
    outcomes,
  );
  return outcomes.map(
    (outcome) =>
      outcome ?? { status: 'Failed', kind: 'permanent', code: 'NOT_PLANNED', message: 'no plan' },
  );
}
