import type { Connection } from 'jsforce';
import { isTopicsField } from '../mapping/set-settings.js';
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
  // A Topics set is no field: its TopicAssignments are read on their own (topic-gateway.ts).
  for (const field of mapping.fields)
    if (isTopicsField(field)) fields.delete(field.salesforceField);
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

/** Values and ids per statement: one Collections write's worth, so one query serves one write. */
const MATCH_OR_ID_ITEMS = 200;
/**
 * Query text per statement, URL-encoded: jsforce sends SOQL in the URL, and Salesforce takes
 * 16,384 bytes of URI and headers together (well inside SOQL's own 100,000 characters).
 */
const MATCH_OR_ID_ENCODED_CHARS = 12_000;
/** SOQL compares no string longer than this in a WHERE clause; no record can match one. */
const WHERE_STRING_CHARS = 4_000;

/**
 * The SOQL statements that find records whose `field` equals one of `values` and records with
 * one of `ids`, in one query per 200 of them (`WHERE field IN (…) OR Id IN (…)`), split sooner
 * when the URL would grow too long. An empty list when there is nothing to ask.
 */
export function matchOrIdQueries(
  object: string,
  field: string | undefined,
  values: readonly string[],
  ids: readonly string[],
  fields: readonly string[],
): string[] {
  const selected = [...new Set(['Id', ...(field ? [field] : []), ...fields])]
    .map(soqlName)
    .join(', ');
  const prefix = `SELECT ${selected} FROM ${soqlName(object)} WHERE `;
  const items = [
    ...(field
      ? [...new Set(values)]
          .filter((value) => value.length <= WHERE_STRING_CHARS)
          .map((value) => ({ field: soqlName(field), literal: soqlString(value) }))
      : []),
    ...[...new Set(ids)].map((id) => ({ field: 'Id', literal: soqlString(id) })),
  ];
  const statement = (batch: typeof items): string => {
    const byField = new Map<string, string[]>();
    for (const item of batch)
      byField.set(item.field, [...(byField.get(item.field) ?? []), item.literal]);
    const terms = [...byField].map(([name, literals]) => `${name} IN (${literals.join(', ')})`);
    return prefix + terms.join(' OR ');
  };
  const statements: string[] = [];
  let batch: typeof items = [];
  // The prefix and both `<field> IN (…)` groups with their ` OR `, then each literal and its `, `.
  const fixed = encodeURIComponent(`${prefix}Id IN () OR ${field ?? ''} IN ()`).length;
  let length = fixed;
  for (const item of items) {
    const cost = encodeURIComponent(`${item.literal}, `).length;
    if (
      batch.length > 0 &&
      (batch.length === MATCH_OR_ID_ITEMS || length + cost > MATCH_OR_ID_ENCODED_CHARS)
    ) {
      statements.push(statement(batch));
      batch = [];
      length = fixed;
    }
    batch.push(item);
    length += cost;
  }
  if (batch.length > 0) statements.push(statement(batch));
  return statements;
}
