import { salesforceDateTime } from '../engine/timestamps.js';
import type { FieldConflict } from '../mapping/merge.js';
import { fieldsFlowing, type ObjectMapping } from '../mapping/types.js';
import type { SalesforceRecord } from '../salesforce/record-gateway.js';
import { SOURCE_ID_FIELD } from '../salesforce/org-records.js';
import type { OrgEvent } from './org-event.js';

/** One direction of an org → org mapping: the source org's records to the target org. */
export interface Leg {
  mapping: ObjectMapping;
  sourceOrg: string;
  targetOrg: string;
  /** Bidirectional: the target org sends the same object back (its reverse mapping). */
  twoWay: boolean;
  /** The target org's integration user, whose writes are the sync's own. */
  targetIntegrationUserId: string;
}

/** What one event asks of the target org. */
export type LegPlan =
  | { kind: 'upsert'; record: SalesforceRecord }
  | { kind: 'update'; record: SalesforceRecord & { Id: string } }
  | { kind: 'delete'; targetId: string }
  | { kind: 'skip'; message: string; conflicts: FieldConflict[]; quiet: boolean };

/** The fields a leg writes: the mapping's outbound fields, never the ids. */
export function legFields(mapping: ObjectMapping): string[] {
  return fieldsFlowing(mapping, 'salesforce-to-wordpress').filter(
    (field) => field !== 'Id' && field.toLowerCase() !== SOURCE_ID_FIELD.toLowerCase(),
  );
}

function valuesOf(leg: Leg, event: OrgEvent): SalesforceRecord {
  const values: SalesforceRecord = {};
  for (const field of legFields(leg.mapping))
    if (field in event.payload) values[field] = event.payload[field];
  return values;
}

/** Whether the target org's record is the one this event's record maps to. */
export function targetOf(
  leg: Leg,
  event: OrgEvent,
  rows: readonly SalesforceRecord[],
): SalesforceRecord | undefined {
  if (leg.twoWay && event.sourceRef !== undefined)
    return rows.find((row) => row.Id === event.sourceRef);
  return rows.find((row) => row[SOURCE_ID_FIELD] === event.recordId);
}

const blank = (value: unknown): boolean => value === null || value === undefined || value === '';
const same = (a: unknown, b: unknown): boolean => (blank(a) && blank(b)) || a === b;

/** Fields whose values differ, `among` those given (what the source changed) when it names any. */
function differing(
  values: SalesforceRecord,
  target: SalesforceRecord,
  leg: Leg,
  among: readonly string[] = [],
): FieldConflict[] {
  return Object.entries(values)
    .filter(([field, value]) => !same(value, target[field]))
    .filter(([field]) => among.length === 0 || among.includes(field))
    .map(([field, value]) => ({
      field,
      salesforceValue: value,
      wordpressValue: target[field] ?? null,
      policy: leg.mapping.conflictPolicy,
      winner: 'wordpress' as const,
    }));
}

/**
 * NewestWins between two orgs: the source's change wins when it is later than the target's
 * last change, and on a tie the org whose name sorts first wins, so both legs of a pair decide
 * the same way.
 */
export function sourceIsNewer(leg: Leg, sourceAt: Date, targetAt: Date): boolean {
  if (sourceAt.getTime() !== targetAt.getTime()) return sourceAt > targetAt;
  return leg.sourceOrg < leg.targetOrg;
}

function planDelete(leg: Leg, event: OrgEvent, target: SalesforceRecord | undefined): LegPlan {
  if (leg.mapping.deletePolicy === 'Ignore')
    return { kind: 'skip', message: 'Delete_Policy__c is Ignore', conflicts: [], quiet: false };
  if (!target)
    return {
      kind: 'skip',
      message: `org ${leg.targetOrg} holds no record of it`,
      conflicts: [],
      quiet: false,
    };
  return { kind: 'delete', targetId: String(target.Id) };
}

/**
 * What the target org gets for one event. A one-way leg reads nothing: it upserts by the
 * source id. A two-way leg has read `target`: a record that came from the target org updates
 * that record by Id; otherwise it upserts by the source id; a target changed since by someone
 * other than the sync, and later than the source's change, keeps its values (a conflict).
 */
export function planLeg(leg: Leg, event: OrgEvent, target: SalesforceRecord | undefined): LegPlan {
  if (event.operation === 'DELETE') return planDelete(leg, event, target);
  const values = valuesOf(leg, event);
  if (!leg.twoWay)
    return { kind: 'upsert', record: { ...values, [SOURCE_ID_FIELD]: event.recordId } };
  if (event.sourceRef !== undefined && !target)
    return {
      kind: 'skip',
      message: `its record ${event.sourceRef} in org ${leg.targetOrg} no longer exists`,
      conflicts: [],
      quiet: false,
    };
  if (target) {
    if (differing(values, target, leg).length === 0)
      return {
        kind: 'skip',
        message: `org ${leg.targetOrg} already has these values`,
        conflicts: [],
        quiet: true,
      };
    const targetAt = salesforceDateTime(target.LastModifiedDate);
    const bySomeoneElse = target.LastModifiedById !== leg.targetIntegrationUserId;
    if (bySomeoneElse && targetAt && !sourceIsNewer(leg, event.modstamp ?? new Date(), targetAt))
      // Only the fields this change touched conflict; the others the target org's newer
      // values replace, through its own leg.
      return {
        kind: 'skip',
        message: `org ${leg.targetOrg} keeps its values: changed there at ${targetAt.toISOString()}, after this change (${event.modstamp?.toISOString() ?? 'unknown time'})`,
        conflicts: differing(values, target, leg, event.changedFields),
        quiet: false,
      };
    if (event.sourceRef !== undefined)
      return { kind: 'update', record: { ...values, Id: String(target.Id) } };
  }
  return { kind: 'upsert', record: { ...values, [SOURCE_ID_FIELD]: event.recordId } };
}
