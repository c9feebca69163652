import { isSalesforceId } from '../salesforce/record-id.js';
import {
  parseSyncEventFields,
  type Parsed,
  type SyncOperation,
} from '../salesforce/sync-event-fields.js';

export { SYNC_OPERATIONS, type SyncOperation } from '../salesforce/sync-event-fields.js';

/**
 * A `WP_Sync_Event__e` of an org → org mapping. The mapping's External_Id_Field__c is
 * WP_Source_Record_Id__c, so the event's WP_Id__c carries the record's source id: the Id of the
 * record in the org it came from, when it came from one.
 */
export interface OrgEvent {
  mapping: string;
  object: string;
  recordId: string;
  operation: SyncOperation;
  changedFields: string[];
  /** The mapped fields' values, as the source org's trigger sent them. */
  payload: Record<string, unknown>;
  /** The record's WP_Source_Record_Id__c: it came from that record of the other org. */
  sourceRef: string | undefined;
  /** When the record changed (SystemModstamp, or the delete's time). */
  modstamp: Date | undefined;
}

export type ParsedOrgEvent = Parsed<OrgEvent>;

/** Validates a decoded event; anything malformed comes back with the reason, to dead-letter. */
export function parseOrgEvent(raw: Record<string, unknown>): ParsedOrgEvent {
  const parsed = parseSyncEventFields(raw);
  if (!parsed.ok) return parsed;
  const { externalId: sourceRef, ...fields } = parsed.event;
  if (sourceRef !== undefined && !isSalesforceId(sourceRef)) {
    return {
      ok: false,
      problem: `WP_Id__c '${sourceRef}' is not a Salesforce id (WP_Source_Record_Id__c)`,
      recordId: fields.recordId,
    };
  }
  return { ok: true, event: { ...fields, sourceRef } };
}

/** The event as a dead letter keeps it, so a retry can run it again. */
export function serialiseOrgEvent(event: OrgEvent): Record<string, unknown> {
  return { ...event, modstamp: event.modstamp?.toISOString() };
}

export function deserialiseOrgEvent(stored: Record<string, unknown>): OrgEvent {
  const event = stored as unknown as OrgEvent & { modstamp?: string };
  return {
    ...event,
    modstamp: typeof event.modstamp === 'string' ? new Date(event.modstamp) : undefined,
  };
}
