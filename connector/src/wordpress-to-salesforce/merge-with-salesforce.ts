import { fieldsFlowing, pickFields, type ObjectMapping } from '../mapping/types.js';
import { changedSinceAgreed, mergeWithAgreed, type Plan } from './plan.js';
import type {
  SalesforceApplyDependencies,
  SalesforceApplyOptions,
  SalesforceOutcome,
} from './types.js';

/** Plans that need no write, with their outcomes. */
interface NothingToDo {
  plans: Set<Plan>;
  outcomes: SalesforceOutcome[];
}

function unchanged(mapping: ObjectMapping, plan: Plan): SalesforceOutcome {
  return {
    status: 'Skipped',
    wordpressId: plan.item.id,
    salesforceId: plan.link?.salesforceId,
    operation: 'update',
    message: `No mapped field of WordPress ${mapping.wordpressType} ${plan.item.id} changed since the last sync`,
    conflicts: [],
    quiet: true,
  };
}

/**
 * Compares linked plans with their agreed values, without asking Salesforce: unchanged ones
 * go to `skipped`, plans on one-way mappings keep only their changed fields, and the plans
 * returned need merging with Salesforce's current values.
 */
function checkLocally(
  mapping: ObjectMapping,
  plans: readonly Plan[],
  skipped: NothingToDo,
  forceWrite: boolean | undefined,
): Plan[] {
  const merging: Plan[] = [];
  for (const plan of plans) {
    const state = plan.link?.syncState;
    if (!state || forceWrite) continue;
    const changed = changedSinceAgreed(mapping, plan.values, state);
    if (changed.length === 0) {
      skipped.plans.add(plan);
      skipped.outcomes.push(unchanged(mapping, plan));
    } else if (fieldsFlowing(mapping, 'salesforce-to-wordpress').length > 0) merging.push(plan);
    else plan.values = pickFields(plan.values, changed);
  }
  return merging;
}

/**
 * Linked records with agreed values: fields WordPress changed since are found locally (an echo
 * of the connector's own write, or an edit of unmapped fields, costs no Salesforce call). On
 * mappings that also carry Salesforce changes to WordPress, what remains is merged against
 * Salesforce's current values (one Collections read per 2,000 records). Returns the plans that
 * need no write.
 */
export async function mergeWithSalesforce(
  mapping: ObjectMapping,
  plans: Plan[],
  deps: SalesforceApplyDependencies,
  options: SalesforceApplyOptions,
): Promise<NothingToDo> {
  const skipped: NothingToDo = { plans: new Set<Plan>(), outcomes: [] };
  const merging = checkLocally(mapping, plans, skipped, options.forceWrite);
  if (merging.length === 0) return skipped;

  const rows = await deps.salesforce.retrieve(
    mapping.salesforceObject,
    merging.map((plan) => plan.link?.salesforceId ?? ''),
    [...new Set([...mapping.fields.map((field) => field.salesforceField), 'SystemModstamp'])],
  );
  for (const plan of merging) {
    const link = plan.link;
    const state = link?.syncState;
    if (!link || !state) continue;
    const row = rows.get(link.salesforceId);
    if (!row) {
      // Deleted in Salesforce while edited in WordPress: the WordPress edit brings it back.
      if (!options.dryRun) deps.store.unlink(mapping.name, link.salesforceId);
      plan.link = undefined;
      plan.updateId = undefined;
      continue;
    }
    const { unchanged: nothingChanged, ...decision } = mergeWithAgreed(mapping, plan, state, row);
    Object.assign(plan, decision);
    if (nothingChanged) {
      skipped.plans.add(plan);
      skipped.outcomes.push({ ...unchanged(mapping, plan), quiet: false });
    }
  }
  return skipped;
}
