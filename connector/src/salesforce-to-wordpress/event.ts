import { salesforceDateTime } from '../engine/timestamps.js';
import { isSalesforceId } from '../salesforce/record-id.js';

/** A `WP_Sync_Event__e` as the connector works with it. */
export const SYNC_OPERATIONS = ['CREATE', 'UPDATE', 'DELETE', 'UNDELETE'] as const;
export type SyncOperation = (typeof SYNC_OPERATIONS)[number];

export interface SyncEvent {
  mapping: string;
  object: string;
  recordId: string;
  operation: SyncOperation;
  /** Salesforce API names of the mapped fields that changed (all valued fields on create). */
  changedFields: string[];
  /** Mapped Salesforce field values, raw (transforms are the connector's job). */
  payload: Record<string, unknown>;
  /** The WordPress id Salesforce holds in the mapping's external id field, if any. */
  wordpressId: number | undefined;
  modstamp: Date | undefined;
  /** Write even if the stored fingerprint matches (resync: WordPress may have been edited). */
  forceWrite?: boolean;
  /**
   * A WordPress object found to be this record's by its match field (full sync's match index);
   * unlike `wordpressId`, Salesforce does not hold it yet.
   */
  matchedWordPressId?: number;
  /**
   * From `sfwp sync --full`: an existing WordPress object met for the first time takes
   * Salesforce's values (the operator asked WordPress to match Salesforce) instead of the
   * newest-wins merge live events get.
   */
  backfill?: boolean;
}

export type ParsedSyncEvent =
  { ok: true; event: SyncEvent } | { ok: false; problem: string; recordId?: string };

function text(raw: Record<string, unknown>, field: string): string | undefined {
  const value = raw[field];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function parseModstamp(value: unknown): Date | undefined | 'invalid' {
  if (value === null || value === undefined || value === '') return undefined;
  return salesforceDateTime(value) ?? 'invalid';
}

/**
 * Validates a decoded event. Anything malformed is reported with the reason, so it can be
 * dead-lettered with its raw content instead of failing the whole stream.
 */
export function parseSyncEvent(raw: Record<string, unknown>): ParsedSyncEvent {
  const recordId = text(raw, 'Record_Id__c');
  const fail = (problem: string): ParsedSyncEvent => ({
    ok: false,
    problem,
    ...(recordId ? { recordId } : {}),
  });
  const mapping = text(raw, 'Mapping__c');
  if (!mapping) return fail('Mapping__c is empty');
  const object = text(raw, 'Object__c');
  if (!object) return fail('Object__c is empty');
  if (!recordId || !isSalesforceId(recordId)) {
    return fail(`Record_Id__c '${String(raw.Record_Id__c)}' is not a Salesforce id`);
  }
  const operation = text(raw, 'Operation__c');
  if (!operation || !(SYNC_OPERATIONS as readonly string[]).includes(operation)) {
    return fail(
      `Operation__c '${String(raw.Operation__c)}' is not one of ${SYNC_OPERATIONS.join(', ')}`,
    );
  }
  let payload: Record<string, unknown> = {};
  const payloadText = raw.Payload__c;
  if (payloadText !== null && payloadText !== undefined && payloadText !== '') {
    if (typeof payloadText !== 'string') return fail('Payload__c is not text');
    try {
      const parsed: unknown = JSON.parse(payloadText);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return fail('Payload__c is not a JSON object');
      }
      payload = parsed as Record<string, unknown>;
    } catch (error) {
      return fail(`Payload__c is not valid JSON (${(error as Error).message})`);
    }
  }
  const wordpressIdText = text(raw, 'WP_Id__c');
  let wordpressId: number | undefined;
  if (wordpressIdText !== undefined) {
    wordpressId = Number(wordpressIdText);
    if (!Number.isSafeInteger(wordpressId) || wordpressId <= 0) {
      return fail(`WP_Id__c '${wordpressIdText}' is not a WordPress id`);
    }
  }
  const modstamp = parseModstamp(raw.Modstamp__c);
  if (modstamp === 'invalid') return fail(`Modstamp__c '${String(raw.Modstamp__c)}' is not a date`);
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
      wordpressId,
      modstamp,
    },
  };
}
