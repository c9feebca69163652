/**
 * The sync rules of the package's WPSyncEventBuilder, written once more so the emulator
 * publishes exactly what the trigger publishes (the shared vectors in test/vectors pin both):
 * - CREATE and UNDELETE always publish; Changed_Fields__c lists the outbound fields with a value.
 * - UPDATE publishes only when an outbound field changed (text compared case-sensitively).
 * - DELETE publishes unless Delete_Policy__c is Ignore; the payload holds the deleted values.
 * - Nothing is published for changes by a user with the WP_Sync_Integration permission.
 */
import type { Row } from '../store/record-store.js';
import { isOutbound, type SyncMapping } from './sync-mappings.js';
import { scalarText } from '../scalar-text.js';

export type SyncOperation = 'CREATE' | 'UPDATE' | 'DELETE' | 'UNDELETE';

export interface SyncChange {
  operation: SyncOperation;
  before?: Row;
  after?: Row;
  /** The time of the change (`Modstamp__c` for DELETE or when SystemModstamp is empty). */
  now: Date;
}

/** Field values of a WP_Sync_Event__e. */
export interface SyncEventValues {
  Mapping__c: string;
  Object__c: string;
  Record_Id__c: string;
  Operation__c: SyncOperation;
  Changed_Fields__c: string | null;
  Payload__c: string;
  WP_Id__c: string | null;
  Modstamp__c: string;
}

const STORED_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+0000$/;

/** A value as Apex JSON.serialize writes it: datetimes in ISO form with `Z`. */
function apexJsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'string' && STORED_DATETIME.test(value)) return value.replace('+0000', 'Z');
  return value;
}

function asDateTime(value: unknown, fallback: Date): string {
  if (typeof value === 'string' && value !== '')
    return new Date(value.replace('+0000', 'Z')).toISOString();
  return fallback.toISOString();
}

/** The event one mapping publishes for one record change, or null. */
export function buildSyncEvent(mapping: SyncMapping, change: SyncChange): SyncEventValues | null {
  const isDelete = change.operation === 'DELETE';
  const isUpdate = change.operation === 'UPDATE';
  const current = isDelete ? change.before : change.after;
  if (!current || (isUpdate && !change.before)) {
    throw new Error(`${change.operation} needs ${isUpdate ? 'both records' : 'its record'}`);
  }
  if (!isOutbound(mapping) || (isDelete && mapping.deletePolicy === 'Ignore')) return null;
  const payload: Record<string, unknown> = {};
  const changedFields: string[] = [];
  for (const field of mapping.outboundFields) {
    const value = current[field] ?? null;
    payload[field] = apexJsonValue(value);
    const changed = isUpdate
      ? (change.before?.[field] ?? null) !== value
      : !isDelete && value !== null;
    if (changed) changedFields.push(field);
  }
  if (isUpdate && changedFields.length === 0) return null;
  const wordPressId =
    mapping.externalIdField !== undefined ? (current[mapping.externalIdField] ?? null) : null;
  return {
    Mapping__c: mapping.developerName,
    Object__c: mapping.objectName ?? '',
    Record_Id__c: String(current.Id),
    Operation__c: change.operation,
    Changed_Fields__c: changedFields.length === 0 ? null : changedFields.join(','),
    Payload__c: JSON.stringify(payload),
    WP_Id__c: wordPressId === null ? null : scalarText(wordPressId),
    Modstamp__c: isDelete
      ? change.now.toISOString()
      : asDateTime(current.SystemModstamp, change.now),
  };
}

/** Every event the trigger publishes for a change of `objectName`, in mapping order. */
export function syncEventsFor(
  mappings: SyncMapping[],
  objectName: string,
  change: SyncChange,
  runningUserHasIntegrationPermission: boolean,
): SyncEventValues[] {
  if (runningUserHasIntegrationPermission) return [];
  // One event per mapping, in DeveloperName order (Apex List<String>.sort(): UTF-16 code units).
  return mappings
    .filter((mapping) => mapping.objectName === objectName && isOutbound(mapping))
    .sort((a, b) =>
      a.developerName < b.developerName ? -1 : a.developerName > b.developerName ? 1 : 0,
    )
    .map((mapping) => buildSyncEvent(mapping, change))
    .filter((event): event is SyncEventValues => event !== null);
}
