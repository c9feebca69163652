import { fieldsFlowing, pickFields, type ObjectMapping } from '../mapping/types.js';
import type { SalesforceRecord } from '../salesforce/record-gateway.js';
import { changedSinceAgreed, mergeWithAgreed, type Plan } from './plan.js';
import type {
  SalesforceApplyDependencies,
  SalesforceApplyOptions,
  SalesforceOutcome,
} from './types.js';

/** Plans that need no write, with their outcomes. */
export interface NothingToDo {
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
 * Compares linked plans with their agreed values, without asking Salesforce: unchanged ones go
 * to `skipped`; plans whose changed fields all flow WordPress → Salesforce only (every field of
 * a one-way mapping, or fields a two-way mapping never brings back) keep only those fields and
 * need no read, since no Salesforce value of theirs is ever merged; the plans returned need
 * merging with Salesforce's current values.
 */
export function checkLocally(
  mapping: ObjectMapping,
  plans: readonly Plan[],
  skipped: NothingToDo,
  forceWrite: boolean | undefined,
): Plan[] {
  const comesBack = new Set(fieldsFlowing(mapping, 'salesforce-to-wordpress'));
  // A set's changes apply to what Salesforce holds now, so a set is always read and merged.
  for (const field of mapping.fields) if (field.set) comesBack.add(field.salesforceField);
  const merging: Plan[] = [];
  for (const plan of plans) {
    const state = plan.link?.syncState;
    if (!state || forceWrite) continue;
    const changed = changedSinceAgreed(mapping, plan.values, state);
    if (changed.length === 0) {
      skipped.plans.add(plan);
      skipped.outcomes.push(unchanged(mapping, plan));
    } else if (changed.some((field) => comesBack.has(field))) merging.push(plan);
    else {
      plan.values = pickFields(plan.values, changed);
      // By Id, not upsert: a record deleted in Salesforce must fail, not come back half-filled.
      plan.updateId = plan.link?.salesforceId;
    }
  }
  return merging;
}

/**
 * Linked records with agreed values whose WordPress edit touches a field Salesforce may also
 * have changed, merged against Salesforce's current values (`byId`, read by
 * `readSalesforce`). A record Salesforce no longer holds is unlinked, so the WordPress edit
 * brings it back. Plans with nothing to give either side join `skipped`.
 */
export function mergeWithSalesforce(
  mapping: ObjectMapping,
  merging: readonly Plan[],
  byId: ReadonlyMap<string, SalesforceRecord>,
  deps: Pick<SalesforceApplyDependencies, 'store'>,
  options: SalesforceApplyOptions,
  skipped: NothingToDo,
): void {
  for (const plan of merging) {
    const link = plan.link;
    const state = link?.syncState;
    if (!link || !state) continue;
    const row = byId.get(link.salesforceId);
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
}
