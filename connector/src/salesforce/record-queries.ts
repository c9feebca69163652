import type { Connection } from 'jsforce';
import { fieldsFlowing, type ObjectMapping } from '../mapping/types.js';
import { salesforceCall } from './errors.js';
import type { SalesforceRecord } from './record-gateway.js';
import { soqlName, soqlString } from './soql-literal.js';

/**
 * The fields read to apply records of `mapping` to WordPress: the id, the external id field,
 * every field flowing Salesforce → WordPress and the match field, plus `extra`.
 */
export function fieldsToRead(mapping: ObjectMapping, extra: readonly string[] = []): string[] {
  const fields = new Set([
    'Id',
    mapping.externalIdField,
    ...extra,
    ...fieldsFlowing(mapping, 'salesforce-to-wordpress'),
  ]);
  if (mapping.matchField) fields.add(mapping.matchField);
  return [...fields];
}

/** `SELECT <fields> FROM <object>`; names come from validated mappings and are checked again. */
function selectFrom(mapping: ObjectMapping, extra: readonly string[] = []): string {
  const fields = fieldsToRead(mapping, extra).map(soqlName).join(', ');
  return `SELECT ${fields} FROM ${soqlName(mapping.salesforceObject)}`;
}

/** A datetime literal (unquoted in SOQL), to the second, from our own clock: never user input. */
function soqlDatetime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

async function query(
  connection: Connection,
  soql: string,
  options?: { autoFetch: boolean; maxFetch: number },
): Promise<SalesforceRecord[]> {
  const result = await salesforceCall(connection.query<SalesforceRecord>(soql, options));
  return result.records;
}

/** How many records the mapping's object holds. */
export async function countRecords(
  connection: Connection,
  mapping: ObjectMapping,
): Promise<number> {
  const result = await salesforceCall(
    connection.query(`SELECT COUNT() FROM ${soqlName(mapping.salesforceObject)}`),
  );
  return result.totalSize;
}

/** Up to `limit` records in Id order, from the first or after `afterId`: one page of a backfill. */
export async function queryRecordsPage(
  connection: Connection,
  mapping: ObjectMapping,
  afterId: string | undefined,
  limit: number,
): Promise<SalesforceRecord[]> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`Not a page size: ${limit}`);
  const where = afterId === undefined ? '' : ` WHERE Id > ${soqlString(afterId)}`;
  return query(connection, `${selectFrom(mapping)}${where} ORDER BY Id LIMIT ${limit}`);
}

/** Every record whose SystemModstamp is later than `since`, oldest change first. */
export async function queryRecordsChangedSince(
  connection: Connection,
  mapping: ObjectMapping,
  since: Date,
): Promise<SalesforceRecord[]> {
  return query(
    connection,
    `${selectFrom(mapping, ['SystemModstamp'])} WHERE SystemModstamp > ${soqlDatetime(since)} ORDER BY SystemModstamp`,
    { autoFetch: true, maxFetch: 1_000_000 },
  );
}

/** One record with its SystemModstamp, or undefined when Salesforce has no such record. */
export async function queryRecordById(
  connection: Connection,
  mapping: ObjectMapping,
  id: string,
): Promise<SalesforceRecord | undefined> {
  const records = await query(
    connection,
    `${selectFrom(mapping, ['SystemModstamp'])} WHERE Id = ${soqlString(id)}`,
  );
  return records[0];
}

/** The records of `ids` that Salesforce holds. */
export async function queryRecordsByIds(
  connection: Connection,
  mapping: ObjectMapping,
  ids: readonly string[],
): Promise<SalesforceRecord[]> {
  if (ids.length === 0) return [];
  return query(
    connection,
    `${selectFrom(mapping)} WHERE Id IN (${ids.map(soqlString).join(', ')})`,
  );
}
