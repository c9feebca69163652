import { salesforceDateTime } from '../engine/timestamps.js';
import { isSalesforceId } from '../salesforce/record-id.js';

/** What the package's trigger says happened to a record (`Operation__c`). */
export const SYNC_OPERATIONS = ['CREATE', 'UPDATE', 'DELETE', 'UNDELETE'] as const;
export type SyncOperation = (typeof SYNC_OPERATIONS)[number];

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

export type ParsedOrgEvent =
  { ok: true; event: OrgEvent } | { ok: false; problem: string; recordId?: string };

function text(raw: Record<string, unknown>, field: string): string | undefined {
  const value = raw[field];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function parsePayload(value: unknown): Record<string, unknown> | string {
  if (value === null || value === undefined || value === '') return {};
  if (typeof value !== 'string') return 'Payload__c is not text';
  try {
    const parsed: unknown = JSON.parse(value);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
      return 'Payload__c is not a JSON object';
    return parsed as Record<string, unknown>;
  } catch (error) {
    return `Payload__c is not valid JSON (${(error as Error).message})`;
  }
}

/** Validates a decoded event; anything malformed comes back with the reason, to dead-letter. */
export function parseOrgEvent(raw: Record<string, unknown>): ParsedOrgEvent {
  const recordId = text(raw, 'Record_Id__c');
  const fail = (problem: string): ParsedOrgEvent => ({
    ok: false,
    problem,
    ...(recordId ? { recordId } : {}),
  });
  const mapping = text(raw, 'Mapping__c');
  if (!mapping) return fail('Mapping__c is empty');
  const object = text(raw, 'Object__c');
  if (!object) return fail('Object__c is empty');
  if (!recordId || !isSalesforceId(recordId))
    return fail(`Record_Id__c '${String(raw.Record_Id__c)}' is not a Salesforce id`);
  const operation = text(raw, 'Operation__c');
  if (!operation || !(SYNC_OPERATIONS as readonly string[]).includes(operation))
    return fail(
      `Operation__c '${String(raw.Operation__c)}' is not one of ${SYNC_OPERATIONS.join(', ')}`,
    );
  const payload = parsePayload(raw.Payload__c);
  if (typeof payload === 'string') return fail(payload);
  const sourceRef = text(raw, 'WP_Id__c');
  if (sourceRef !== undefined && !isSalesforceId(sourceRef))
    return fail(`WP_Id__c '${sourceRef}' is not a Salesforce id (WP_Source_Record_Id__c)`);
  const stamp = raw.Modstamp__c;
  const modstamp = salesforceDateTime(stamp);
  if (modstamp === undefined && stamp !== null && stamp !== undefined && stamp !== '')
    return fail(`Modstamp__c ${JSON.stringify(stamp)} is not a date`);
  const changed = text(raw, 'Changed_Fields__c');
  return {
    ok: true,
    event: {
      mapping,
      object,
      recordId,
      operation: operation as SyncOperation,
      changedFields: changed
        ? changed
            .split(',')
            .map((field) => field.trim())
            .filter(Boolean)
        : [],
      payload,
      sourceRef,
      modstamp,
    },
  };
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
