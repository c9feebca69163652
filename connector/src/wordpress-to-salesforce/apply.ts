import type { ObjectMapping } from '../mapping/types.js';
import type { StateStore } from '../store/state-store.js';
import { USER_TYPE, type WordPressObject } from '../wordpress/types.js';
import { readObjectsById } from '../engine/read-batcher.js';
import { recordKey } from '../engine/record-locks.js';
import { applyDeletes } from './deletes.js';
import { dryRunOutcome } from './dry-run.js';
import { matchExistingRecords } from './match.js';
import { checkLocally, mergeWithSalesforce, type NothingToDo } from './merge-with-salesforce.js';
import { planRecord, type Plan } from './plan.js';
import { plansToMatch, readSalesforce } from './read-salesforce.js';
import { topicsFieldOf, topicsUnavailable } from './topics.js';
import type {
  SalesforceApplyDependencies,
  SalesforceApplyOptions,
  SalesforceOutcome,
  WordPressChangeItem,
} from './types.js';
import { writePlans } from './write.js';

export type {
  SalesforceApplyDependencies,
  SalesforceApplyOptions,
  SalesforceOutcome,
  WordPressChangeItem,
} from './types.js';

/**
 * Brings a batch of changed WordPress objects of one mapping to Salesforce: reads their
 * current state in pages (`include=`), maps it, merges it with Salesforce's current values
 * where both sides may have changed (conflicts resolved by the mapping's policy, disjoint
 * edits merged), and writes with sObject Collections — upserts on the external id field, 200
 * records a call, each record's result handled on its own. Deletes follow the delete policy.
 * Call-level failures (Salesforce or WordPress unreachable, session, limits) throw, so the
 * caller can retry the batch without having recorded anything for it. Items marked `manual` are
 * written whole (`forceWrite`).
 */
export async function applyToSalesforce(
  mapping: ObjectMapping,
  items: readonly WordPressChangeItem[],
  deps: SalesforceApplyDependencies,
  options: SalesforceApplyOptions = {},
): Promise<SalesforceOutcome[]> {
  // Objects a person asked to sync (wp-admin's Sync now) are written whole, the rest as usual.
  const manual = options.forceWrite ? [] : items.filter((item) => item.manual === true);
  if (manual.length > 0) {
    const others = items.filter((item) => item.manual !== true);
    return [
      ...(others.length > 0 ? await applyToSalesforce(mapping, others, deps, options) : []),
      ...(await applyToSalesforce(mapping, manual, deps, { ...options, forceWrite: true })),
    ];
  }
  if (!deps.locks || options.dryRun) return writeChangesToSalesforce(mapping, items, deps, options);
  return deps.locks.run(
    items.map((item) => recordKey(mapping.name, item.id)),
    () => writeChangesToSalesforce(mapping, items, deps, options),
  );
}

async function writeChangesToSalesforce(
  mapping: ObjectMapping,
  items: readonly WordPressChangeItem[],
  deps: SalesforceApplyDependencies,
  options: SalesforceApplyOptions,
): Promise<SalesforceOutcome[]> {
  const own = mapping.wordpressType === USER_TYPE ? deps.connectorUserId : undefined;
  const wanted = items.filter((item) => item.id !== own);
  const deletes = wanted.filter(
    (item) => item.operation === 'delete' || item.operation === 'trash',
  );
  const upserts = wanted.filter((item) => !deletes.includes(item));
  const outcomes: SalesforceOutcome[] = items
    .filter((item) => item.id === own)
    .map(connectorsOwnUser);
  outcomes.push(...(await applyDeletes(mapping, deletes, deps, options)));
  if (upserts.length === 0) return outcomes;
  if (topicsFieldOf(mapping) !== undefined && !deps.topics) {
    outcomes.push(
      ...topicsUnavailable(
        mapping,
        upserts.map((item) => item.id),
      ),
    );
    return outcomes;
  }

  const objects =
    options.objects ??
    (await readObjectsById(
      deps.wordpress,
      mapping.wordpressType,
      upserts.map((item) => item.id),
    ));
  const plans = planUpserts(mapping, upserts, objects, deps.store, outcomes);
  const skipped: NothingToDo = { plans: new Set<Plan>(), outcomes: [] };
  const matching = plansToMatch(mapping, plans);
  const merging = checkLocally(mapping, plans, skipped, options.forceWrite);
  const read = await readSalesforce(mapping, matching, merging, deps);
  const wordpressWins = options.backfill || options.forceWrite;
  outcomes.push(...matchExistingRecords(mapping, plans, matching, read.rows, deps, wordpressWins));
  mergeWithSalesforce(mapping, merging, read.byId, deps, options, skipped);
  outcomes.push(...skipped.outcomes);
  const writing = plans.filter((plan) => !skipped.plans.has(plan));
  if (options.dryRun) {
    outcomes.push(...writing.map((plan) => dryRunOutcome(mapping, plan)));
    return outcomes;
  }
  outcomes.push(...(await writePlans(mapping, writing, deps)));
  return outcomes;
}

function connectorsOwnUser(item: WordPressChangeItem): SalesforceOutcome {
  return {
    status: 'Skipped',
    wordpressId: item.id,
    salesforceId: undefined,
    operation: 'update',
    message: "The connector's own WordPress user is not synced",
    conflicts: [],
    quiet: true,
  };
}

/**
 * A plan per object still in WordPress, from its link's agreed values. Objects gone since the
 * change, and objects with values that cannot be mapped, get their outcome in `outcomes`.
 */
function planUpserts(
  mapping: ObjectMapping,
  items: readonly WordPressChangeItem[],
  objects: ReadonlyMap<number, WordPressObject>,
  store: StateStore,
  outcomes: SalesforceOutcome[],
): Plan[] {
  const plans: Plan[] = [];
  for (const item of items) {
    const object = objects.get(item.id);
    if (!object) {
      outcomes.push({
        status: 'Skipped',
        wordpressId: item.id,
        salesforceId: store.findByWordPressId(mapping.name, item.id)?.salesforceId,
        operation: 'update',
        message: `WordPress ${mapping.wordpressType} ${item.id} no longer exists (its delete is a change of its own)`,
        conflicts: [],
      });
      continue;
    }
    const planned = planRecord(
      mapping,
      item,
      object,
      store.findByWordPressId(mapping.name, item.id),
    );
    if ('failure' in planned) outcomes.push(planned.failure);
    else plans.push(planned.plan);
  }
  return plans;
}
