import type { ObjectMapping } from '../mapping/types.js';
import type { RecordResult, SalesforceRecord } from '../salesforce/record-gateway.js';
import { recordAgreement, recordPendingWrites } from './agreed-values.js';
import { writesToSalesforce, type Plan } from './plan.js';
import { RECORD_GONE_CODES, recordFailure } from './record-failure.js';
import { withoutTopics, writeTopics } from './topics.js';
import type { SalesforceApplyDependencies, SalesforceOutcome } from './types.js';
import { writeMergedFieldsToWordPress } from './write-back.js';
import { noRecordId, writeFailure, writeSuccess } from './write-outcome.js';

/**
 * The Collections writes: upserts on the external id for plans with no Id to update, updates
 * by Id (setting the external id) for the others. Pending agreements are recorded first.
 */
async function writeToSalesforce(
  mapping: ObjectMapping,
  plans: readonly Plan[],
  deps: SalesforceApplyDependencies,
): Promise<Map<Plan, RecordResult>> {
  const externalId = (plan: Plan): SalesforceRecord => ({
    [mapping.externalIdField]: String(plan.item.id),
  });
  const results = new Map<Plan, RecordResult>();
  const keep = (batch: readonly Plan[], saved: readonly RecordResult[]): void => {
    batch.forEach((plan, index) => {
      const result = saved[index];
      if (result) results.set(plan, result);
    });
  };
  const upserting = plans.filter((plan) => plan.updateId === undefined && writesToSalesforce(plan));
  const updating = plans.filter((plan) => plan.updateId !== undefined && writesToSalesforce(plan));
  recordPendingWrites(mapping, [...upserting, ...updating], deps.store);
  if (upserting.length > 0) {
    const saved = await deps.salesforce.upsert(
      mapping.salesforceObject,
      mapping.externalIdField,
      upserting.map((plan) => ({ ...withoutTopics(mapping, plan.values), ...externalId(plan) })),
    );
    keep(upserting, saved);
  }
  if (updating.length > 0) {
    const saved = await deps.salesforce.update(
      mapping.salesforceObject,
      updating.map((plan) => ({
        Id: plan.updateId,
        ...withoutTopics(mapping, plan.values),
        ...externalId(plan),
      })),
    );
    keep(updating, saved);
  }
  await writeTopics(mapping, [...upserting, ...updating], results, deps);
  return results;
}

function linkedRecordGone(result: RecordResult): boolean {
  return RECORD_GONE_CODES.has(result.errors[0]?.statusCode ?? '');
}

/**
 * The linked record was deleted in Salesforce while the object was edited in WordPress: the
 * link goes, and the record is tried again as a new object (matched, or created with all its
 * values), as a merge that read the deletion would have done.
 */
function broughtBack(
  mapping: ObjectMapping,
  plan: Plan,
  salesforceId: string,
  result: RecordResult,
  deps: SalesforceApplyDependencies,
): SalesforceOutcome {
  deps.store.unlink(mapping.name, salesforceId);
  const failure = recordFailure(result);
  return {
    status: 'Failed',
    code: failure.code,
    kind: 'transient',
    message: `${mapping.salesforceObject} ${salesforceId} is gone from Salesforce (${failure.message}); unlinked, the WordPress object is written again as a new one`,
    attempted: plan.values,
    wordpressId: plan.item.id,
    salesforceId,
    operation: 'update',
    conflicts: [],
  };
}

/** Collections writes (upserts by external id, updates by Id), then WordPress's merged fields. */
export async function writePlans(
  mapping: ObjectMapping,
  plans: Plan[],
  deps: SalesforceApplyDependencies,
): Promise<SalesforceOutcome[]> {
  const results = await writeToSalesforce(mapping, plans, deps);
  const wordpressWrites = await writeMergedFieldsToWordPress(mapping, plans, results, deps);
  return plans.map((plan) => {
    const result = results.get(plan);
    const salesforceId = result?.id ?? plan.updateId ?? plan.link?.salesforceId;
    const written = wordpressWrites.get(plan);
    if (plan.link && result && !result.success && linkedRecordGone(result)) {
      return broughtBack(mapping, plan, plan.link.salesforceId, result, deps);
    }
    const failure = writeFailure(plan, result, written, salesforceId);
    if (failure) return failure;
    if (salesforceId === undefined) return noRecordId(plan, result);
    recordAgreement(
      mapping,
      plan,
      salesforceId,
      written?.ok ? written.object : undefined,
      deps.store,
      written?.ok === true && written.stale === true,
    );
    return writeSuccess(mapping, plan, result, written, salesforceId);
  });
}
