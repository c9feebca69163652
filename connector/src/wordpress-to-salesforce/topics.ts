import { elementsOf } from '../mapping/set-values.js';
import { isTopicsField } from '../mapping/set-settings.js';
import type { ObjectMapping } from '../mapping/types.js';
import type { RecordResult, SalesforceRecord } from '../salesforce/record-gateway.js';
import type { TopicChange } from '../salesforce/topic-gateway.js';
import type { Plan } from './plan.js';
import type { SalesforceApplyDependencies, SalesforceOutcome } from './types.js';

/** The mapping's Topics set field (its Salesforce field is `Topics`), if it has one. */
export function topicsFieldOf(mapping: ObjectMapping): string | undefined {
  return mapping.fields.find(isTopicsField)?.salesforceField;
}

/** A record's values without its Topics: no such field exists to write. */
export function withoutTopics(
  mapping: ObjectMapping,
  values: Readonly<SalesforceRecord>,
): SalesforceRecord {
  const field = topicsFieldOf(mapping);
  if (field === undefined || !(field in values)) return { ...values };
  return Object.fromEntries(Object.entries(values).filter(([name]) => name !== field));
}

/** Puts each row's Topic names in it (one SOQL per 200 rows), as if Topics were a field. */
export async function readTopicsInto(
  mapping: ObjectMapping,
  rows: readonly SalesforceRecord[],
  deps: Pick<SalesforceApplyDependencies, 'topics'>,
): Promise<void> {
  const field = topicsFieldOf(mapping);
  if (field === undefined || !deps.topics || rows.length === 0) return;
  const ids = rows.flatMap((row) => (typeof row.Id === 'string' ? [row.Id] : []));
  const topics = await deps.topics.topicsOf(ids);
  for (const row of rows) if (typeof row.Id === 'string') row[field] = topics.get(row.Id) ?? [];
}

/** Outcomes for every item of a mapping with a Topics set when the connector has no gateway. */
export function topicsUnavailable(
  mapping: ObjectMapping,
  ids: readonly number[],
): SalesforceOutcome[] {
  return ids.map((id) => ({
    status: 'Failed',
    code: 'sfwp_topics_unavailable',
    kind: 'permanent',
    message: `Mapping ${mapping.name} syncs Topics, but this connector was started without access to them`,
    attempted: undefined,
    wordpressId: id,
    salesforceId: undefined,
    operation: 'update',
    conflicts: [],
  }));
}

/**
 * After the Collections writes: each written plan's Topics set applied as added and removed
 * Topics against what the record held when it was read (nothing for a new record). A record
 * whose topics could not be changed gets a failed result, so it is reported and retried.
 */
export async function writeTopics(
  mapping: ObjectMapping,
  plans: readonly Plan[],
  results: Map<Plan, RecordResult>,
  deps: Pick<SalesforceApplyDependencies, 'topics'>,
): Promise<void> {
  const field = topicsFieldOf(mapping);
  if (field === undefined || !deps.topics) return;
  const changes: TopicChange[] = [];
  const byRecord = new Map<string, Plan>();
  for (const plan of plans) {
    if (!(field in plan.values)) continue;
    const result = results.get(plan);
    const recordId = result?.id ?? plan.updateId ?? plan.link?.salesforceId;
    if ((result && !result.success) || recordId === undefined) continue;
    const wanted = elementsOf(plan.values[field]);
    const held = elementsOf(plan.salesforceRow?.[field]);
    const add = wanted.filter((name) => !held.includes(name));
    const remove = held.filter((name) => !wanted.includes(name));
    if (add.length + remove.length === 0) continue;
    changes.push({ recordId, add, remove });
    byRecord.set(recordId, plan);
  }
  if (changes.length === 0) return;
  const failures = await deps.topics.change(changes);
  for (const [recordId, failure] of failures) {
    const plan = byRecord.get(recordId);
    if (!plan) continue;
    results.set(plan, {
      id: recordId,
      success: false,
      created: results.get(plan)?.created ?? false,
      errors: [{ statusCode: failure.code, message: failure.message, fields: [field] }],
    });
  }
}
