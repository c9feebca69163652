import type { ObjectMapping } from '../mapping/types.js';
import type { SalesforceRecord } from '../salesforce/record-gateway.js';
import { matchReadFields, matchText } from './match.js';
import type { Plan } from './plan.js';
import { readTopicsInto } from './topics.js';
import type { SalesforceApplyDependencies } from './types.js';

/** What Salesforce holds for a chunk: candidates for new objects, and linked records by Id. */
export interface SalesforceRead {
  /** Rows whose match field equals a new object's match value (and, harmlessly, the linked rows). */
  rows: SalesforceRecord[];
  byId: Map<string, SalesforceRecord>;
}

/** Unlinked plans with a match value: they are matched before anything is created. */
export function plansToMatch(mapping: ObjectMapping, plans: readonly Plan[]): Plan[] {
  const matchField = mapping.matchField;
  if (!matchField) return [];
  return plans.filter((plan) => !plan.link && matchText(plan.values[matchField]));
}

/**
 * One read for the whole chunk: the match query for new objects and the read of linked records
 * before merging share one SOQL query per 200 (`findByValueOrId`), instead of a query and a
 * Collections retrieve. Nothing is asked when neither is needed.
 */
export async function readSalesforce(
  mapping: ObjectMapping,
  matching: readonly Plan[],
  merging: readonly Plan[],
  deps: SalesforceApplyDependencies,
): Promise<SalesforceRead> {
  const matchField = mapping.matchField;
  const values = matchField
    ? matching.map((plan) => matchText(plan.values[matchField]) ?? '').filter(Boolean)
    : [];
  const ids = merging.flatMap((plan) => (plan.link ? [plan.link.salesforceId] : []));
  if (values.length === 0 && ids.length === 0) return { rows: [], byId: new Map() };
  const rows = await deps.salesforce.findByValueOrId(
    mapping.salesforceObject,
    values.length > 0 ? matchField : undefined,
    values,
    ids,
    matchReadFields(mapping),
  );
  await readTopicsInto(mapping, rows, deps);
  const byId = new Map<string, SalesforceRecord>();
  for (const row of rows) if (typeof row.Id === 'string') byId.set(row.Id, row);
  return { rows, byId };
}
