import { sameValue } from '../mapping/content-hash.js';
import { asWordPressHolds, settled, type MergePlan } from '../mapping/merge.js';
import { mapToSalesforce } from '../mapping/to-salesforce.js';
import { fieldsFlowing, pickFields, type ObjectMapping } from '../mapping/types.js';
import type { SyncState } from '../mapping/agreed-values.js';
import { agreeOnSalesforceSets, type RefusedElements } from '../mapping/set-agreement.js';
import type { WordPressObject } from '../wordpress/types.js';
import { salesforceDateTime } from '../engine/timestamps.js';
import type { SyncEvent } from './event.js';

/** Modstamps further ahead of this machine's clock than this are not trusted as "seen". */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/**
 * `salesforceSeenAt` after applying `event`: events stamped before it are older than what both
 * sides hold. One millisecond is taken off the event's stamp because Salesforce stamps may have
 * whole seconds, so a later change of the same second must still count as new. A stamp far in
 * the future (a skewed or forged clock) is not remembered: it would hide every later change.
 */
export function seenAfter(
  previous: string | undefined,
  event: SyncEvent,
  now = Date.now(),
): { salesforceSeenAt?: string } {
  const before = salesforceDateTime(previous);
  const stamp = event.modstamp?.getTime();
  const candidate =
    stamp !== undefined && stamp <= now + FUTURE_TOLERANCE_MS ? new Date(stamp - 1) : undefined;
  const latest = candidate && (!before || candidate > before) ? candidate : before;
  return latest ? { salesforceSeenAt: latest.toISOString() } : {};
}

/**
 * Why an event is older than what both sides already agreed on (a redelivered or out-of-order
 * event, a CREATE replayed after a crash, or a change a WordPress → Salesforce merge already
 * read), or undefined.
 */
export function staleness(event: SyncEvent, agreed: SyncState | undefined): string | undefined {
  if (event.operation === 'DELETE' || event.forceWrite === true || !event.modstamp || !agreed)
    return undefined;
  const seenAt = salesforceDateTime(agreed.salesforceSeenAt);
  if (!seenAt || event.modstamp > seenAt) return undefined;
  return `Already applied: this change (Modstamp ${event.modstamp.toISOString()}) is not newer than the Salesforce state WordPress holds (${seenAt.toISOString()}); a redelivered, out-of-order or already merged event`;
}

/**
 * Agreed values after a merge that leaves WordPress as it is: what Salesforce holds is
 * remembered, so its changes count as seen.
 */
export function agreedWithoutWriting(
  event: SyncEvent,
  agreed: SyncState,
  merge: MergePlan,
  now = Date.now(),
): SyncState {
  return {
    ...agreed,
    salesforce: { ...agreed.salesforce, ...pickFields(event.payload, merge.changedInSalesforce) },
    ...seenAfter(agreed.salesforceSeenAt, event, now),
  };
}

/**
 * Agreed values after a first contact. Fields WordPress kept (it changed them more recently)
 * are recorded as if both had agreed on Salesforce's value, so the change feed sees WordPress's
 * value as a change and carries it to Salesforce.
 */
export function agreedAtFirstContact(
  mapping: ObjectMapping,
  event: SyncEvent,
  merge: MergePlan,
  written: WordPressObject | undefined,
  now = Date.now(),
  refused?: ReadonlyMap<string, RefusedElements>,
): SyncState {
  const outbound = fieldsFlowing(mapping, 'salesforce-to-wordpress');
  const salesforceValues = pickFields(event.payload, outbound);
  const wordpressNow = written
    ? mapToSalesforce(mapping, written, { allowBlank: true }).values
    : {};
  const keptByWordPress = outbound.filter(
    (field) =>
      !merge.toWordPress.has(field) && !sameValue(wordpressNow[field], salesforceValues[field]),
  );
  const state = {
    salesforce: salesforceValues,
    wordpress: { ...wordpressNow, ...pickFields(salesforceValues, keptByWordPress) },
    ...seenAfter(undefined, event, now),
  };
  return agreeOnSalesforceSets(mapping, state, event.payload, outbound, refused);
}

/** The values both sides hold after a Salesforce → WordPress write. */
export function agreedAfterWrite(
  mapping: ObjectMapping,
  event: SyncEvent,
  previous: SyncState | undefined,
  merge: MergePlan | undefined,
  written: WordPressObject | undefined,
  now = Date.now(),
  refused?: ReadonlyMap<string, RefusedElements>,
): SyncState {
  const outbound = fieldsFlowing(mapping, 'salesforce-to-wordpress');
  const wordpressNow = written
    ? mapToSalesforce(mapping, written, { allowBlank: true }).values
    : {};
  if (!merge || !previous) {
    const state = {
      salesforce: { ...(previous?.salesforce ?? {}), ...pickFields(event.payload, outbound) },
      wordpress: { ...(previous?.wordpress ?? {}), ...wordpressNow },
      ...seenAfter(previous?.salesforceSeenAt, event, now),
    };
    return agreeOnSalesforceSets(mapping, state, event.payload, outbound, refused);
  }
  const state = settled({
    ...previous,
    salesforce: { ...previous.salesforce, ...pickFields(event.payload, merge.changedInSalesforce) },
    wordpress: { ...previous.wordpress, ...pickFields(wordpressNow, merge.toWordPress) },
    ...seenAfter(previous.salesforceSeenAt, event, now),
  });
  return agreeOnSalesforceSets(mapping, state, event.payload, merge.sets?.keys() ?? [], refused);
}

/**
 * Agreed values recorded just before an update is sent: what it will make both sides hold, so a
 * crash between the write and its recorded agreement does not turn the connector's own write
 * into someone's change at the next merge (see `SyncState.pending`).
 */
export function agreedWhileWriting(
  mapping: ObjectMapping,
  event: SyncEvent,
  agreed: SyncState,
  merge: MergePlan | undefined,
): SyncState {
  // Sets are left out: a set write that landed looks, at the next merge, like the same
  // elements changed on both sides, which merges to the same set.
  const setFields = new Set(mapping.fields.filter((f) => f.set).map((f) => f.salesforceField));
  const written = pickFields(
    event.payload,
    [...(merge ? merge.toWordPress : fieldsFlowing(mapping, 'salesforce-to-wordpress'))].filter(
      (field) => !setFields.has(field),
    ),
  );
  return {
    ...agreed,
    pending: {
      target: 'wordpress',
      salesforce: written,
      wordpress: asWordPressHolds(mapping, written),
    },
  };
}
