import type { Connection } from 'jsforce';
import { salesforceCall } from './errors.js';
import { matchOrIdQueries } from './record-queries.js';

/** sObject Collections take at most 200 records per call (platform-facts). */
export const COLLECTION_LIMIT = 200;

export interface RecordError {
  statusCode: string;
  message: string;
  fields: string[];
}

export interface RecordResult {
  id: string | undefined;
  success: boolean;
  created: boolean;
  errors: RecordError[];
}

export type SalesforceRecord = Record<string, unknown>;

interface RawSaveResult {
  id?: string | null;
  success: boolean;
  created?: boolean;
  errors?: { statusCode?: string; errorCode?: string; message?: string; fields?: string[] }[];
}

function toResult(raw: RawSaveResult): RecordResult {
  return {
    id: raw.id ?? undefined,
    success: raw.success,
    created: raw.created === true,
    errors: (raw.errors ?? []).map((error) => ({
      statusCode: error.statusCode ?? error.errorCode ?? 'UNKNOWN_ERROR',
      message: error.message ?? '',
      fields: error.fields ?? [],
    })),
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < items.length; start += size)
    out.push(items.slice(start, start + size));
  return out;
}

/**
 * The connector's writes and reads of Salesforce records, all through sObject Collections
 * (200 records a call, `allOrNone: false`, one result per record in input order) and SOQL
 * built, with escaped literals, in ./record-queries.ts. Call-level failures throw (Salesforce's answers as the types of
 * ./errors.ts, network errors as they are); record-level failures come back in the results.
 */
export class SalesforceRecordGateway {
  constructor(private readonly connection: Connection) {}

  /** `PATCH /composite/sobjects/{object}/{externalIdField}`: each record must hold the external id. */
  async upsert(
    object: string,
    externalIdField: string,
    records: readonly SalesforceRecord[],
  ): Promise<RecordResult[]> {
    const results: RecordResult[] = [];
    for (const chunk of chunks(records, COLLECTION_LIMIT)) {
      const raw = (await salesforceCall(
        this.connection.sobject(object).upsert(chunk, externalIdField, { allOrNone: false }),
      )) as unknown;
      results.push(...(raw as RawSaveResult[]).map(toResult));
    }
    return results;
  }

  /** `PATCH /composite/sobjects`: each record carries its Id. */
  async update(object: string, records: readonly SalesforceRecord[]): Promise<RecordResult[]> {
    const results: RecordResult[] = [];
    for (const chunk of chunks(records, COLLECTION_LIMIT)) {
      const raw = (await salesforceCall(
        this.connection
          .sobject(object)
          .update(chunk as (SalesforceRecord & { Id: string })[], { allOrNone: false }),
      )) as unknown;
      results.push(...(raw as RawSaveResult[]).map(toResult));
    }
    return results;
  }

  /** `DELETE /composite/sobjects?ids=…`; Salesforce keeps deleted records in its recycle bin. */
  async destroy(object: string, ids: readonly string[]): Promise<RecordResult[]> {
    const results: RecordResult[] = [];
    for (const chunk of chunks(ids, COLLECTION_LIMIT)) {
      const raw = (await salesforceCall(
        this.connection.sobject(object).destroy(chunk, { allOrNone: false }),
      )) as unknown;
      results.push(...(raw as RawSaveResult[]).map(toResult));
    }
    return results;
  }

  /**
   * In one SOQL query per 200: records whose `field` equals one of `values` (compared as
   * Salesforce compares text, case insensitive) and the records of `ids` (those Salesforce still
   * holds), with `fields`. Matching new objects and reading linked records before merging cost
   * one call together instead of one each.
   */
  async findByValueOrId(
    object: string,
    field: string | undefined,
    values: readonly string[],
    ids: readonly string[],
    fields: readonly string[],
  ): Promise<SalesforceRecord[]> {
    const rows: SalesforceRecord[] = [];
    for (const soql of matchOrIdQueries(object, field, values, ids, fields)) {
      const result = await salesforceCall(
        this.connection.query<SalesforceRecord>(soql, { autoFetch: true }),
      );
      rows.push(...result.records);
    }
    return rows;
  }
}
