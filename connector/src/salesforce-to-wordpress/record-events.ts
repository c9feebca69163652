import type { ObjectMapping } from '../mapping/types.js';
import type { SyncEvent } from './event.js';

/** The WordPress id a queried record holds in the mapping's external id field, if any. */
export function heldWordPressId(
  mapping: ObjectMapping,
  record: Record<string, unknown>,
): number | undefined {
  const value = Number(record[mapping.externalIdField]);
  return Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

/**
 * A queried record as the UPDATE event the package's trigger would have published for it, so
 * reconciliation, resync and full sync apply records through the same path as live events.
 */
export function eventFromRecord(
  mapping: ObjectMapping,
  record: Record<string, unknown>,
  extras: Pick<SyncEvent, 'forceWrite' | 'matchedWordPressId'> & {
    wordpressId?: number | undefined;
  } = {},
): SyncEvent {
  const payload: Record<string, unknown> = {};
  for (const field of mapping.fields)
    payload[field.salesforceField] = record[field.salesforceField] ?? null;
  return {
    mapping: mapping.name,
    object: mapping.salesforceObject,
    recordId: String(record.Id),
    operation: 'UPDATE',
    changedFields: Object.keys(payload),
    payload,
    modstamp:
      typeof record.SystemModstamp === 'string' ? new Date(record.SystemModstamp) : undefined,
    ...extras,
    wordpressId: 'wordpressId' in extras ? extras.wordpressId : heldWordPressId(mapping, record),
  };
}
