import type { ObjectMapping } from '../mapping/types.js';
import type { IdLink } from '../store/state-store.js';
import type { Plan } from './plan.js';
import type { SalesforceOutcome, WordPressChangeItem } from './types.js';

/** What a dry run reports for a plan: what it would write, and where. */
export function dryRunOutcome(mapping: ObjectMapping, plan: Plan): SalesforceOutcome {
  const target = plan.link?.salesforceId ?? plan.updateId;
  return {
    status: 'Skipped',
    wordpressId: plan.item.id,
    salesforceId: target,
    operation: target ? 'update' : 'create',
    planned: {
      action: plan.link ? 'update' : plan.updateId ? 'link' : 'create',
      values: plan.values,
    },
    message: `Dry run: would ${target ? `update ${mapping.salesforceObject} ${target}` : `create a ${mapping.salesforceObject}`} with ${JSON.stringify(plan.values)}`,
    conflicts: plan.conflicts,
  };
}

/** What a dry run reports for a delete the policy would carry out. */
export function dryRunDeleteOutcome(
  mapping: ObjectMapping,
  item: WordPressChangeItem,
  link: IdLink,
): SalesforceOutcome {
  return {
    status: 'Skipped',
    wordpressId: item.id,
    salesforceId: link.salesforceId,
    operation: 'delete',
    message: `Dry run: would delete ${mapping.salesforceObject} ${link.salesforceId}`,
    conflicts: [],
  };
}
