import type { Connection } from 'jsforce';
import { soqlString } from './soql-literal.js';

export type SyncLogStatus = 'Success' | 'Skipped' | 'Failed';

/** One WP_Sync_Log__c row: the result of one record sync, as the result trigger wrote it. */
export interface SyncLogRow {
  id: string;
  mapping: string;
  direction: string;
  status: string;
  message: string;
  salesforceId: string | null;
  wordpressId: number;
  syncedAt: string;
}

export interface SyncLogFilter {
  /** Mapping developer names (the rows of one WordPress type); at least one. */
  mappings: readonly string[];
  status?: SyncLogStatus;
  /** Rows before this one (the last row of the previous page), for the next page. */
  before?: string;
  limit: number;
}

const RECORD_ID = /^[A-Za-z0-9]{15,18}$/;

interface RawRow {
  Id: string;
  Mapping__c: string | null;
  Direction__c: string | null;
  Status__c: string | null;
  Message__c: string | null;
  Record_Id__c: string | null;
  WP_Id__c: string | null;
  Synced_At__c: string | null;
}

/**
 * The newest results of WordPress objects in WP_Sync_Log__c (rows with a WordPress id), newest
 * first, paged by key rather than OFFSET (which stops at 2,000 rows). The key is the Id: the log
 * rows are inserted one after another by the result trigger, and an org hands out an object's
 * Ids in creation order; Synced_At__c is shown, not used to page (SOQL date-time literals have
 * no fractional seconds, so rows of one second could be skipped).
 */
export async function recentSyncResults(
  connection: Pick<Connection, 'query'>,
  filter: SyncLogFilter,
): Promise<SyncLogRow[]> {
  if (filter.mappings.length === 0) return [];
  const conditions = [
    'WP_Id__c != null',
    `Mapping__c IN (${filter.mappings.map(soqlString).join(', ')})`,
  ];
  if (filter.status) conditions.push(`Status__c = ${soqlString(filter.status)}`);
  if (filter.before !== undefined) {
    if (!RECORD_ID.test(filter.before)) throw new Error('a sync log page key is a record id');
    conditions.push(`Id < ${soqlString(filter.before)}`);
  }
  const soql =
    'SELECT Id, Mapping__c, Direction__c, Status__c, Message__c, Record_Id__c, WP_Id__c, Synced_At__c ' +
    `FROM WP_Sync_Log__c WHERE ${conditions.join(' AND ')} ` +
    `ORDER BY Id DESC LIMIT ${String(Math.max(1, Math.min(filter.limit, 200)))}`;
  const result = await connection.query<RawRow>(soql);
  return result.records.flatMap((row) => {
    const wordpressId = Number(row.WP_Id__c);
    if (!Number.isSafeInteger(wordpressId) || wordpressId <= 0) return [];
    return [
      {
        id: row.Id,
        mapping: row.Mapping__c ?? '',
        direction: row.Direction__c ?? '',
        status: row.Status__c ?? '',
        message: row.Message__c ?? '',
        salesforceId: row.Record_Id__c ?? null,
        wordpressId,
        syncedAt: row.Synced_At__c ?? '',
      },
    ];
  });
}
