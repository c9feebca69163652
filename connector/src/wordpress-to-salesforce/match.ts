import { isTopicsField } from '../mapping/set-settings.js';
import type { ObjectMapping } from '../mapping/types.js';
import type { SalesforceRecord } from '../salesforce/record-gateway.js';
import { firstContact, type Plan } from './plan.js';
import type { SalesforceApplyDependencies, SalesforceOutcome } from './types.js';

/** A match value as compared: trimmed, and absent when blank or not text. */
export function matchText(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The fields a matched record is read with: enough to merge it and to see its external id. */
export function matchReadFields(mapping: ObjectMapping): string[] {
  return [
    ...new Set([
      mapping.externalIdField,
      // A Topics set is no field: its TopicAssignments are read on their own.
      ...mapping.fields
        .filter((field) => !isTopicsField(field))
        .map((field) => field.salesforceField),
      'SystemModstamp',
    ]),
  ];
}

/** The records free to take, by lower-cased match value. */
export function candidatesByValue(
  rows: readonly SalesforceRecord[],
  matchField: string,
  ownedBySomeone: (salesforceId: string) => boolean,
): Map<string, SalesforceRecord[]> {
  const byValue = new Map<string, SalesforceRecord[]>();
  for (const row of rows) {
    const value = matchText(row[matchField])?.toLowerCase();
    // A record another WordPress object already owns is never taken over.
    const owned = typeof row.Id === 'string' && ownedBySomeone(row.Id);
    if (value && !owned && typeof row.Id === 'string')
      byValue.set(value, [...(byValue.get(value) ?? []), row]);
  }
  return byValue;
}

/** An object whose match value finds several free records: linked to none of them. */
export function duplicateMatch(
  mapping: ObjectMapping,
  matchField: string,
  plan: Plan,
  candidates: readonly SalesforceRecord[],
): SalesforceOutcome {
  return {
    status: 'Failed',
    code: 'DUPLICATE_MATCH',
    kind: 'permanent',
    message: `${candidates.length} ${mapping.salesforceObject} records have ${matchField} ${JSON.stringify(matchText(plan.values[matchField]))} (${candidates.map((row) => String(row.Id)).join(', ')}); merge them or set ${mapping.externalIdField} on the right one, then retry`,
    attempted: plan.values,
    wordpressId: plan.item.id,
    salesforceId: undefined,
    operation: 'create',
    conflicts: [],
  };
}

/**
 * Unlinked objects whose match value (e.g. email) finds a Salesforce record nobody else owns,
 * among `rows` (read by `readSalesforce`). A value that finds several such records is
 * ambiguous: the object is not linked to any of them (nor is a further duplicate created); it
 * fails with DUPLICATE_MATCH naming them, and is removed from `plans`.
 */
export function matchExistingRecords(
  mapping: ObjectMapping,
  plans: Plan[],
  unlinked: readonly Plan[],
  rows: readonly SalesforceRecord[],
  deps: Pick<SalesforceApplyDependencies, 'store'>,
  wordpressWins = false,
): SalesforceOutcome[] {
  const matchField = mapping.matchField;
  if (!matchField || unlinked.length === 0) return [];
  const byValue = candidatesByValue(rows, matchField, (id) =>
    Boolean(deps.store.findBySalesforceId(mapping.name, id)),
  );
  const failures: SalesforceOutcome[] = [];
  for (const plan of unlinked) {
    const value = matchText(plan.values[matchField])?.toLowerCase();
    const candidates = value ? byValue.get(value) : undefined;
    if (!candidates || candidates.length === 0) continue;
    if (candidates.length > 1) {
      plans.splice(plans.indexOf(plan), 1);
      failures.push(duplicateMatch(mapping, matchField, plan, candidates));
      continue;
    }
    const row = candidates[0];
    if (!row) continue;
    plan.updateId = String(row.Id);
    byValue.delete(value ?? '');
    if (!wordpressWins) Object.assign(plan, firstContact(mapping, plan, row));
  }
  return failures;
}
