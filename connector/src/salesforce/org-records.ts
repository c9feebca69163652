import type { Connection } from 'jsforce';
import { fieldsFlowing, type ObjectMapping } from '../mapping/types.js';
import { queryTogether } from './composite-queries.js';
import { salesforceCall } from './errors.js';
import type { SalesforceRecord } from './record-gateway.js';
import { soqlName, soqlString } from './soql-literal.js';

/**
 * The package's External ID field (unique, on Account, Contact and Lead) that holds, in the
 * target org, the Id of the record in the org it came from.
 */
export const SOURCE_ID_FIELD = 'WP_Source_Record_Id__c';

/** Ids (and source ids) one read of target records covers: one Composite call. */
export const TARGET_READ_IDS = 1_000;
/**
 * Query text per statement, URL-encoded: Composite subrequests carry SOQL in their URL, and
 * Salesforce takes 16,384 bytes of URI (docs/ARCHITECTURE.md, step 4).
 */
const STATEMENT_ENCODED_CHARS = 12_000;

/** What the org → org pipeline reads of a target record before writing (two-way legs, deletes). */
export function targetFields(fields: readonly string[]): string[] {
  return [...new Set(['Id', SOURCE_ID_FIELD, 'LastModifiedDate', 'LastModifiedById', ...fields])];
}

/**
 * SOQL statements that find the records of `ids` and the records whose source id is one of
 * `sourceIds` (`WHERE Id IN (…) OR WP_Source_Record_Id__c IN (…)`), each short enough for a URL.
 */
export function targetRecordQueries(
  object: string,
  ids: readonly string[],
  sourceIds: readonly string[],
  fields: readonly string[],
): string[] {
  const prefix = `SELECT ${targetFields(fields).map(soqlName).join(', ')} FROM ${soqlName(object)} WHERE `;
  const items = [
    ...[...new Set(ids)].map((id) => ({ field: 'Id', literal: soqlString(id) })),
    ...[...new Set(sourceIds)].map((id) => ({ field: SOURCE_ID_FIELD, literal: soqlString(id) })),
  ];
  const statement = (batch: typeof items): string => {
    const groups = ['Id', SOURCE_ID_FIELD]
      .map((field) => batch.filter((item) => item.field === field).map((item) => item.literal))
      .map((literals, index) =>
        literals.length === 0
          ? undefined
          : `${index === 0 ? 'Id' : SOURCE_ID_FIELD} IN (${literals.join(', ')})`,
      )
      .filter((term) => term !== undefined);
    return prefix + groups.join(' OR ');
  };
  const fixed = encodeURIComponent(`${prefix}Id IN () OR ${SOURCE_ID_FIELD} IN ()`).length;
  const statements: string[] = [];
  let batch: typeof items = [];
  let length = fixed;
  for (const item of items) {
    const cost = encodeURIComponent(`${item.literal}, `).length;
    if (batch.length > 0 && length + cost > STATEMENT_ENCODED_CHARS) {
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

/**
 * The target org's records of `ids` and of `sourceIds`, with `fields`: the statements of up to
 * five at a time go in one Composite request, so 1,000 ids cost one API call.
 */
export async function readTargetRecords(
  connection: Connection,
  object: string,
  keys: { ids: readonly string[]; sourceIds: readonly string[] },
  fields: readonly string[],
): Promise<SalesforceRecord[]> {
  const statements = targetRecordQueries(object, keys.ids, keys.sourceIds, fields);
  if (statements.length === 0) return [];
  return (await queryTogether(connection, statements)).flat();
}

/** The source fields a backfill reads: what the org's trigger would put in an event, and times. */
function sourceFields(mapping: ObjectMapping): string[] {
  return [
    ...new Set([
      'Id',
      SOURCE_ID_FIELD,
      'SystemModstamp',
      ...fieldsFlowing(mapping, 'salesforce-to-wordpress'),
    ]),
  ];
}

/** Up to `limit` source records in Id order, from the first or after `afterId` (a backfill page). */
export async function sourceRecordsPage(
  connection: Connection,
  mapping: ObjectMapping,
  afterId: string | undefined,
  limit: number,
): Promise<SalesforceRecord[]> {
  if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`Not a page size: ${limit}`);
  const where = afterId === undefined ? '' : ` WHERE Id > ${soqlString(afterId)}`;
  const soql = `SELECT ${sourceFields(mapping).map(soqlName).join(', ')} FROM ${soqlName(mapping.salesforceObject)}${where} ORDER BY Id LIMIT ${limit}`;
  const result = await salesforceCall(
    connection.query<SalesforceRecord>(soql, { autoFetch: true, maxFetch: limit }),
  );
  return result.records;
}

/** The lowercased field names of `object` in an org (describe), for load-time checks. */
export async function describeFieldNames(
  connection: Connection,
  object: string,
): Promise<Set<string>> {
  const described = await salesforceCall(connection.describe(object));
  return new Set(described.fields.map((field) => field.name.toLowerCase()));
}
