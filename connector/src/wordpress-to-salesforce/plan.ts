import { sameValue } from '../mapping/content-hash.js';
import {
  planFirstContact,
  planMerge,
  type FieldConflict,
  type MergePlan,
  type SideValues,
} from '../mapping/merge.js';
import type { MergedSet } from '../mapping/set-merge.js';
import { salesforceSetValue, sameFieldValue } from '../mapping/set-values.js';
import { mapToSalesforce } from '../mapping/to-salesforce.js';
import { fieldsFlowing, pickFields, type ObjectMapping } from '../mapping/types.js';
import type { SalesforceRecord } from '../salesforce/record-gateway.js';
import type { SyncState } from '../mapping/agreed-values.js';
import type { IdLink } from '../store/state-store.js';
import type { WordPressObject } from '../wordpress/types.js';
import { salesforceDateTime, wordPressChangedAt } from '../engine/timestamps.js';
import type { SalesforceOutcome, WordPressChangeItem } from './types.js';

/** What to write for one WordPress object; no I/O decides anything here. */
export interface Plan {
  item: WordPressChangeItem;
  object: WordPressObject;
  link: IdLink | undefined;
  /** The Salesforce record to update by Id (linked or matched, Salesforce may lack the external id). */
  updateId: string | undefined;
  /** Values for Salesforce (only what should change; every inbound field on create). */
  values: Record<string, unknown>;
  /** WordPress's mapped values now. */
  wordpressValues: Record<string, unknown>;
  /** Salesforce fields to copy to WordPress (merge and conflicts). */
  toWordPress: Set<string>;
  salesforceRow: SalesforceRecord | undefined;
  conflicts: FieldConflict[];
  /** Set fields the merge merged element by element: what each side should hold. */
  sets?: Map<string, MergedSet>;
}

/** A merge's decision for a plan: the Salesforce row it read and what goes where. */
export type MergeDecision = Pick<
  Plan,
  'salesforceRow' | 'conflicts' | 'toWordPress' | 'values' | 'sets'
>;

/**
 * A required field WordPress holds blank, on a linked record whose agreed WordPress value was
 * blank already, is not a change anyone made: WordPress sanitised the value Salesforce sent
 * away (a name that was only markup, say). It must neither blank the Salesforce record nor
 * block the record's other fields, so it is left out instead of failing the record.
 */
export function withoutSanitisedBlanks(
  mapped: ReturnType<typeof mapToSalesforce>,
  link: IdLink | undefined,
): ReturnType<typeof mapToSalesforce> {
  const agreed = link?.syncState?.wordpress;
  if (!agreed || mapped.problems.length === 0) return mapped;
  const problems = mapped.problems.filter(
    (problem) =>
      problem.code !== 'REQUIRED_FIELD_MISSING' || !sameValue(agreed[problem.field], null),
  );
  return { values: mapped.values, problems };
}

/**
 * The first plan for an object: all its mapped values, to the linked record (by Id when
 * Salesforce may lack the external id), or the failure when a value cannot be mapped.
 */
export function planRecord(
  mapping: ObjectMapping,
  item: WordPressChangeItem,
  object: WordPressObject,
  link: IdLink | undefined,
): { plan: Plan } | { failure: SalesforceOutcome } {
  const mapped = withoutSanitisedBlanks(mapToSalesforce(mapping, object), link);
  if (mapped.problems.length > 0) {
    return {
      failure: {
        status: 'Failed',
        code: mapped.problems[0]?.code ?? 'INVALID_VALUE',
        kind: 'permanent',
        message: mapped.problems.map((problem) => problem.message).join('; '),
        attempted: { type: mapping.wordpressType, id: item.id, operation: item.operation },
        wordpressId: item.id,
        salesforceId: link?.salesforceId,
        operation: link ? 'update' : 'create',
        conflicts: [],
      },
    };
  }
  return {
    plan: {
      item,
      object,
      link,
      updateId: link && !link.salesforceHasWordPressId ? link.salesforceId : undefined,
      values: mapped.values,
      wordpressValues: mapped.values,
      toWordPress: new Set(),
      salesforceRow: undefined,
      conflicts: [],
    },
  };
}

function salesforceSide(row: SalesforceRecord): SideValues {
  return { values: row, changedAt: salesforceDateTime(row.SystemModstamp) };
}

/**
 * WordPress's side of a merge. The values are read now, so they may be newer than the change
 * feed row that brought the object (a person edited it again before the row was processed, e.g.
 * after a restart): the later of the row's time and the object's own modified stamp.
 */
function wordpressSide(plan: Plan): SideValues {
  const rowTime = plan.item.changedAt;
  const objectTime = wordPressChangedAt(plan.object);
  return {
    values: plan.wordpressValues,
    changedAt: rowTime && objectTime && objectTime > rowTime ? objectTime : (rowTime ?? objectTime),
  };
}

function decided(
  mapping: ObjectMapping,
  plan: Plan,
  row: SalesforceRecord,
  merge: MergePlan,
): MergeDecision {
  const values = pickFields(plan.wordpressValues, [...merge.toSalesforce]);
  // A set field gets the merged set: WordPress's changes applied to what Salesforce holds now.
  for (const field of mapping.fields) {
    const merged = merge.sets?.get(field.salesforceField);
    if (!merged || !merge.toSalesforce.has(field.salesforceField)) continue;
    const converted = salesforceSetValue(field, merged.salesforce);
    if ('value' in converted) values[field.salesforceField] = converted.value;
  }
  return {
    salesforceRow: row,
    conflicts: merge.conflicts,
    toWordPress: merge.toWordPress,
    values,
    ...(merge.sets ? { sets: merge.sets } : {}),
  };
}

/**
 * An object meeting an existing Salesforce record with no agreed values (matched by email, or
 * a crash lost the link after the record was written): merged without a base, so WordPress's
 * values overwrite only fields it changed more recently (`planFirstContact`), and fields
 * Salesforce changed more recently go to WordPress.
 */
export function firstContact(
  mapping: ObjectMapping,
  plan: Plan,
  row: SalesforceRecord,
): MergeDecision {
  return decided(
    mapping,
    plan,
    row,
    planFirstContact(mapping, salesforceSide(row), wordpressSide(plan)),
  );
}

/**
 * A linked object merged against Salesforce's current values and the agreed ones; `unchanged`
 * when neither side has anything to give the other.
 */
export function mergeWithAgreed(
  mapping: ObjectMapping,
  plan: Plan,
  state: SyncState,
  row: SalesforceRecord,
): MergeDecision & { unchanged: boolean } {
  const merge = planMerge(mapping, state, salesforceSide(row), wordpressSide(plan));
  return {
    ...decided(mapping, plan, row, merge),
    unchanged: merge.toSalesforce.size === 0 && merge.toWordPress.size === 0,
  };
}

/** Fields flowing to Salesforce whose WordPress value differs from the agreed one. */
export function changedSinceAgreed(
  mapping: ObjectMapping,
  values: Readonly<Record<string, unknown>>,
  state: SyncState,
): string[] {
  const byName = new Map(mapping.fields.map((field) => [field.salesforceField, field]));
  return fieldsFlowing(mapping, 'wordpress-to-salesforce').filter(
    (field) =>
      field in values && !sameFieldValue(byName.get(field), values[field], state.wordpress[field]),
  );
}

/** Whether the plan sends Salesforce anything: values, a new record, or the external id. */
export function writesToSalesforce(plan: Plan): boolean {
  return (
    Object.keys(plan.values).length > 0 || plan.link === undefined || plan.updateId !== undefined
  );
}
