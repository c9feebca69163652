import { salesforceDateTime } from '../engine/timestamps.js';
import { isSalesforceId } from './record-id.js';

/** What the package's trigger says happened to a record (`Operation__c`). */
export const SYNC_OPERATIONS = ['CREATE', 'UPDATE', 'DELETE', 'UNDELETE'] as const;
export type SyncOperation = (typeof SYNC_OPERATIONS)[number];

/** The fields of a `WP_Sync_Event__e` every pipeline reads alike. */
export interface SyncEventFields {
  mapping: string;
  object: string;
  recordId: string;
  operation: SyncOperation;
  /** Salesforce API names of the mapped fields that changed (all valued fields on create). */
  changedFields: string[];
  /** Mapped Salesforce field values, raw (transforms are the connector's job). */
  payload: Record<string, unknown>;
  /** The mapping's external id field's value (`WP_Id__c`), as text; each pipeline reads it. */
  externalId: string | undefined;
  /** When the record changed (SystemModstamp, or the delete's time). */
  modstamp: Date | undefined;
}

export type Parsed<T> = { ok: true; event: T } | { ok: false; problem: string; recordId?: string };

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

/**
 * Validates a decoded event's shared fields. Anything malformed comes back with the reason, so
 * it can be dead-lettered with its raw content instead of failing the whole stream.
 */
export function parseSyncEventFields(raw: Record<string, unknown>): Parsed<SyncEventFields> {
  const recordId = text(raw, 'Record_Id__c');
  const fail = (problem: string): Parsed<SyncEventFields> => ({
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
  const stamp = raw.Modstamp__c;
  const modstamp = salesforceDateTime(stamp);
  if (modstamp === undefined && stamp !== null && stamp !== undefined && stamp !== '')
    return fail(`Modstamp__c '${String(raw.Modstamp__c)}' is not a date`);
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
      externalId: text(raw, 'WP_Id__c'),
      modstamp,
    },
  };
}
