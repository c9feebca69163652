import {
  parseSyncEventFields,
  type Parsed,
  type SyncOperation,
} from '../salesforce/sync-event-fields.js';

export { SYNC_OPERATIONS, type SyncOperation } from '../salesforce/sync-event-fields.js';

/** A `WP_Sync_Event__e` as the connector works with it. */
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

export type ParsedSyncEvent = Parsed<SyncEvent>;

/**
 * Validates a decoded event. Anything malformed is reported with the reason, so it can be
 * dead-lettered with its raw content instead of failing the whole stream.
 */
export function parseSyncEvent(raw: Record<string, unknown>): ParsedSyncEvent {
  const parsed = parseSyncEventFields(raw);
  if (!parsed.ok) return parsed;
  const { externalId, ...fields } = parsed.event;
  let wordpressId: number | undefined;
  if (externalId !== undefined) {
    wordpressId = Number(externalId);
    if (!Number.isSafeInteger(wordpressId) || wordpressId <= 0) {
      return {
        ok: false,
        problem: `WP_Id__c '${externalId}' is not a WordPress id`,
        recordId: fields.recordId,
      };
    }
  }
  return { ok: true, event: { ...fields, wordpressId } };
}
