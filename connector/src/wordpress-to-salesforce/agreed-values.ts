import { mapToSalesforce } from '../mapping/to-salesforce.js';
import { pickFields, type ObjectMapping } from '../mapping/types.js';
import type { SyncState } from '../mapping/agreed-values.js';
import type { StateStore } from '../store/state-store.js';
import type { WordPressObject } from '../wordpress/types.js';
import type { Plan } from './plan.js';

/**
 * Before writing linked records, what the writes will make both sides hold: a crash between a
 * write and its recorded agreement must not turn the connector's own write into someone's
 * change at the next merge (see `SyncState.pending`).
 */
export function recordPendingWrites(
  mapping: ObjectMapping,
  plans: readonly Plan[],
  store: StateStore,
): void {
  const pending = plans.filter(
    (plan) => plan.link?.syncState !== undefined && Object.keys(plan.values).length > 0,
  );
  if (pending.length === 0) return;
  // Sets are left out: a set write that landed merges, next time, to the same set.
  const scalars = mapping.fields.filter((f) => !f.set).map((f) => f.salesforceField);
  store.transaction(() => {
    for (const plan of pending) {
      const link = plan.link;
      if (!link?.syncState) continue;
      store.recordSyncState(mapping.name, link.salesforceId, {
        ...link.syncState,
        pending: {
          target: 'salesforce',
          salesforce: pickFields(plan.values, scalars),
          wordpress: pickFields(
            plan.wordpressValues,
            Object.keys(plan.values).filter((field) => scalars.includes(field)),
          ),
        },
      });
    }
  });
}

/**
 * The values both sides hold once the plan is written: `rewritten` is the object as WordPress
 * stored the merged fields, when it got any. When WordPress refused them as stale, those fields
 * keep their previous agreed values on both sides, so the person's newer edit, read next from
 * the change feed, meets Salesforce's change as a conflict.
 */
export function agreedState(
  mapping: ObjectMapping,
  plan: Plan,
  rewritten: WordPressObject | undefined,
  stale: boolean,
): SyncState {
  const previous = plan.link?.syncState;
  const wordpressNow = rewritten
    ? mapToSalesforce(mapping, rewritten, { allowBlank: true }).values
    : plan.wordpressValues;
  const salesforceNow: Record<string, unknown> = {
    ...(previous?.salesforce ?? {}),
    ...(plan.salesforceRow
      ? pickFields(
          plan.salesforceRow,
          mapping.fields.map((f) => f.salesforceField),
        )
      : {}),
    // Without a read, a linked record got only `values`; its other fields keep what was agreed.
    ...(plan.salesforceRow || plan.link?.syncState ? plan.values : plan.wordpressValues),
  };
  const wordpressAgreed = { ...(previous?.wordpress ?? {}), ...wordpressNow };
  if (stale) {
    for (const field of plan.toWordPress) {
      salesforceNow[field] = previous?.salesforce[field] ?? null;
      wordpressAgreed[field] = previous?.wordpress[field] ?? null;
    }
  }
  return {
    salesforce: salesforceNow,
    wordpress: wordpressAgreed,
    ...(typeof plan.salesforceRow?.SystemModstamp === 'string'
      ? { salesforceSeenAt: plan.salesforceRow.SystemModstamp }
      : previous?.salesforceSeenAt
        ? { salesforceSeenAt: previous.salesforceSeenAt }
        : {}),
  };
}

/** Links the record and remembers the values both sides hold now (see `agreedState`). */
export function recordAgreement(
  mapping: ObjectMapping,
  plan: Plan,
  salesforceId: string,
  rewritten: WordPressObject | undefined,
  store: StateStore,
  stale = false,
): void {
  const state = agreedState(mapping, plan, rewritten, stale);
  store.transaction(() => {
    store.link(mapping.name, salesforceId, plan.item.id);
    store.markWrittenBack(mapping.name, salesforceId, plan.item.id);
    store.recordSyncState(mapping.name, salesforceId, state);
  });
}
