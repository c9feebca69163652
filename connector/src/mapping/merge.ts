import type { SyncState } from './agreed-values.js';
import { sameValue } from './content-hash.js';
import { mergeSets, type MergedSet } from './set-merge.js';
import { sameSet } from './set-values.js';
import { applyTransform } from './transforms.js';
import {
  flowsIn,
  pickFields,
  type ConflictPolicy,
  type FieldMapping,
  type ObjectMapping,
} from './types.js';

export type Side = 'salesforce' | 'wordpress';

/** One side's current values of a record, by Salesforce field name. */
export interface SideValues {
  values: Readonly<Record<string, unknown>>;
  /** When that side last changed the record; NewestWins compares these. */
  changedAt: Date | undefined;
  /** Fields this side may have changed (an event's Changed_Fields__c); all when absent. */
  candidates?: ReadonlySet<string>;
}

export interface FieldConflict {
  field: string;
  salesforceValue: unknown;
  wordpressValue: unknown;
  policy: ConflictPolicy;
  winner: Side;
}

export interface MergePlan {
  /** Salesforce fields whose Salesforce value WordPress should get. */
  toWordPress: Set<string>;
  /** Salesforce fields whose WordPress value Salesforce should get. */
  toSalesforce: Set<string>;
  conflicts: FieldConflict[];
  /** Fields Salesforce changed since the agreed values. */
  changedInSalesforce: Set<string>;
  /** Fields WordPress changed since the agreed values. */
  changedInWordPress: Set<string>;
  /** Set fields either side changed: what each side should hold, merged element by element. */
  sets?: Map<string, MergedSet>;
}

/** The value a Salesforce value becomes in WordPress, seen from Salesforce (transform applied). */
function asWordPressHoldsIt(field: FieldMapping, salesforceValue: unknown): unknown {
  const transformed = applyTransform(field.transform, salesforceValue);
  return transformed.ok ? transformed.value : salesforceValue;
}

function winnerOf(policy: ConflictPolicy, salesforce: SideValues, wordpress: SideValues): Side {
  if (policy === 'SalesforceWins') return 'salesforce';
  if (policy === 'WordPressWins') return 'wordpress';
  const sfTime = salesforce.changedAt?.getTime();
  const wpTime = wordpress.changedAt?.getTime();
  if (wpTime === undefined) return 'salesforce';
  if (sfTime === undefined) return 'wordpress';
  // A tie goes to Salesforce, the system of record.
  return wpTime > sfTime ? 'wordpress' : 'salesforce';
}

/**
 * Three-way merge of one record: each side's current values against the values both last
 * agreed on. Fields only one side changed go to the other side; fields both changed to
 * different values are conflicts, resolved by the mapping's policy; fields both changed to the
 * same value need nothing. Pure: the caller writes and records the outcome.
 */
export function planMerge(
  mapping: ObjectMapping,
  recorded: SyncState,
  salesforce: SideValues,
  wordpress: SideValues,
): MergePlan {
  const agreed = withLandedWrite(recorded, salesforce.values, wordpress.values);
  const plan: MergePlan = {
    toWordPress: new Set(),
    toSalesforce: new Set(),
    conflicts: [],
    changedInSalesforce: new Set(),
    changedInWordPress: new Set(),
    sets: new Map(),
  };
  for (const field of mapping.fields) {
    const name = field.salesforceField;
    const outbound = flowsIn(field.direction, 'salesforce-to-wordpress');
    const inbound = flowsIn(field.direction, 'wordpress-to-salesforce');
    if (field.set) {
      const known = {
        salesforce: outbound && isCandidate(salesforce, name),
        wordpress: inbound && isCandidate(wordpress, name),
      };
      planSetField(plan, mapping, field, agreed, { salesforce, wordpress }, known);
      continue;
    }
    const sfValue = salesforce.values[name];
    const wpValue = wordpress.values[name];
    const sfChanged =
      outbound &&
      (salesforce.candidates === undefined || salesforce.candidates.has(name)) &&
      name in salesforce.values &&
      !sameValue(sfValue, agreed.salesforce[name]);
    const wpChanged =
      inbound &&
      (wordpress.candidates === undefined || wordpress.candidates.has(name)) &&
      name in wordpress.values &&
      !sameValue(wpValue, agreed.wordpress[name]);
    if (sfChanged) plan.changedInSalesforce.add(name);
    if (wpChanged) plan.changedInWordPress.add(name);
    if (sfChanged && wpChanged) {
      if (sameValue(asWordPressHoldsIt(field, sfValue), wpValue) || sameValue(sfValue, wpValue))
        continue;
      const winner = winnerOf(mapping.conflictPolicy, salesforce, wordpress);
      plan.conflicts.push({
        field: name,
        salesforceValue: sfValue,
        wordpressValue: wpValue,
        policy: mapping.conflictPolicy,
        winner,
      });
      (winner === 'salesforce' ? plan.toWordPress : plan.toSalesforce).add(name);
    } else if (sfChanged) {
      plan.toWordPress.add(name);
    } else if (wpChanged) {
      plan.toSalesforce.add(name);
    }
  }
  return plan;
}

function isCandidate(side: SideValues, name: string): boolean {
  return (side.candidates === undefined || side.candidates.has(name)) && name in side.values;
}

/**
 * A set field's part of the merge ({@link mergeSets}): each side gets the other's added and
 * removed elements applied to what it holds now; conflicting elements are reported one by one.
 */
function planSetField(
  plan: MergePlan,
  mapping: ObjectMapping,
  field: FieldMapping,
  agreed: SyncState,
  sides: { salesforce: SideValues; wordpress: SideValues },
  known: { salesforce: boolean; wordpress: boolean },
): void {
  const name = field.salesforceField;
  const sfValue = known.salesforce ? sides.salesforce.values[name] : undefined;
  const wpValue = known.wordpress ? sides.wordpress.values[name] : undefined;
  const result = mergeSets({
    agreedSalesforce: agreed.salesforce[name],
    agreedWordPress: agreed.wordpress[name],
    salesforce: sfValue,
    wordpress: wpValue,
    winner: () => winnerOf(mapping.conflictPolicy, sides.salesforce, sides.wordpress),
  });
  if (result.changedInSalesforce) plan.changedInSalesforce.add(name);
  if (result.changedInWordPress) plan.changedInWordPress.add(name);
  if (!result.changedInSalesforce && !result.changedInWordPress) return;
  (plan.sets ??= new Map()).set(name, result.merged);
  const wordpressNow = known.wordpress ? wpValue : agreed.wordpress[name];
  const salesforceNow = known.salesforce ? sfValue : agreed.salesforce[name];
  if (
    flowsIn(field.direction, 'salesforce-to-wordpress') &&
    !sameSet(result.merged.wordpress, wordpressNow)
  )
    plan.toWordPress.add(name);
  if (
    flowsIn(field.direction, 'wordpress-to-salesforce') &&
    !sameSet(result.merged.salesforce, salesforceNow)
  )
    plan.toSalesforce.add(name);
  const has = (holds: boolean, element: string): string => `${holds ? 'has' : 'has no'} ${element}`;
  for (const conflict of result.conflicts) {
    plan.conflicts.push({
      field: name,
      salesforceValue: has(conflict.salesforceHasIt, conflict.element),
      wordpressValue: has(conflict.wordpressHasIt, conflict.element),
      policy: mapping.conflictPolicy,
      winner: result.winner ?? 'salesforce',
    });
  }
}

/**
 * The agreed values, counting a pending write whose target side holds its values as landed
 * (see `SyncState.pending`).
 */
function withLandedWrite(
  agreed: SyncState,
  salesforce: Readonly<Record<string, unknown>>,
  wordpress: Readonly<Record<string, unknown>>,
): SyncState {
  const pending = agreed.pending;
  if (!pending) return agreed;
  const [target, written] =
    pending.target === 'salesforce'
      ? [salesforce, pending.salesforce]
      : [wordpress, pending.wordpress];
  const landed = Object.keys(written).filter(
    (field) => field in target && sameValue(target[field], written[field]),
  );
  if (landed.length === 0) return agreed;
  return {
    ...agreed,
    salesforce: { ...agreed.salesforce, ...pickFields(pending.salesforce, landed) },
    wordpress: { ...agreed.wordpress, ...pickFields(pending.wordpress, landed) },
  };
}

/** Salesforce values as WordPress will hold them (each field's transform applied). */
export function asWordPressHolds(
  mapping: ObjectMapping,
  values: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const held: Record<string, unknown> = {};
  for (const field of mapping.fields) {
    if (field.salesforceField in values)
      held[field.salesforceField] = asWordPressHoldsIt(field, values[field.salesforceField]);
  }
  return held;
}

/** The state without its pending write: the write's own agreement is being recorded. */
export function settled(state: SyncState): SyncState {
  const { salesforce, wordpress, salesforceSeenAt } = state;
  return { salesforce, wordpress, ...(salesforceSeenAt ? { salesforceSeenAt } : {}) };
}

/** Conflicts as one readable line with both values, for logs and the Salesforce sync log. */
export function describeConflicts(conflicts: readonly FieldConflict[]): string {
  return conflicts
    .map(
      (conflict) =>
        `${conflict.field}: Salesforce ${JSON.stringify(conflict.salesforceValue ?? null)} vs WordPress ` +
        `${JSON.stringify(conflict.wordpressValue ?? null)} → ${conflict.winner === 'salesforce' ? 'Salesforce' : 'WordPress'} wins (${conflict.policy})`,
    )
    .join('; ');
}

/**
 * The first merge of a pair that has no agreed values yet: the two sides met by the match
 * field, or a crash lost the record of what both held. With no base, nothing says which side
 * changed a field, so wherever the values differ the side changed most recently wins
 * (NewestWins, whatever the mapping's policy; ties and unknown times go to Salesforce), and
 * each such field is reported as a conflict.
 */
export function planFirstContact(
  mapping: ObjectMapping,
  salesforce: SideValues,
  wordpress: SideValues,
): MergePlan {
  return planMerge(
    { ...mapping, conflictPolicy: 'NewestWins' },
    { salesforce: {}, wordpress: {} },
    salesforce,
    wordpress,
  );
}
