import type { Connection } from 'jsforce';
import { isTopicsField } from '../mapping/set-settings.js';
import type { ObjectMapping } from '../mapping/types.js';
import { salesforceCall } from './errors.js';
import type { SalesforceRecord } from './record-gateway.js';
import { soqlName, soqlString } from './soql-literal.js';

/**
 * The fields an audit compares: the id, the external id and match fields, SystemModstamp (for
 * NewestWins repairs) and every mapped field, whichever way it flows.
 */
export function auditFields(mapping: ObjectMapping): string[] {
  const fields = new Set(['Id', 'SystemModstamp', mapping.externalIdField]);
  if (mapping.matchField) fields.add(mapping.matchField);
  // A Topics set is no field (its tags are TopicAssignments): the audit leaves it out.
  for (const field of mapping.fields) if (!isTopicsField(field)) fields.add(field.salesforceField);
  return [...fields];
}

function selectAudited(mapping: ObjectMapping): string {
  const fields = auditFields(mapping).map(soqlName).join(', ');
  return `SELECT ${fields} FROM ${soqlName(mapping.salesforceObject)}`;
}

interface QueryPage {
  records: SalesforceRecord[];
  done: boolean;
  nextRecordsUrl?: string;
}

/**
 * Every record of the mapping's object, one query batch at a time (up to 2,000 records, the
 * REST API's default batch), following the query locator with queryMore: one API call a batch,
 * and only one batch in memory.
 */
export async function* auditRecordPages(
  connection: Connection,
  mapping: ObjectMapping,
): AsyncGenerator<SalesforceRecord[]> {
  let page = (await salesforceCall(
    connection.query<SalesforceRecord>(`${selectAudited(mapping)} ORDER BY Id`, {
      autoFetch: false,
    }),
  )) as QueryPage;
  for (;;) {
    if (page.records.length > 0) yield page.records;
    if (page.done || page.nextRecordsUrl === undefined) return;
    page = await salesforceCall(connection.queryMore<SalesforceRecord>(page.nextRecordsUrl));
  }
}

/** Records per `Id IN (…)` statement: well inside the URL limit with 18-character ids. */
const IDS_PER_QUERY = 200;

/** The audited fields of the records of `ids` that Salesforce still holds (a re-read). */
export async function auditRecordsByIds(
  connection: Connection,
  mapping: ObjectMapping,
  ids: readonly string[],
): Promise<SalesforceRecord[]> {
  const unique = [...new Set(ids)];
  const found: SalesforceRecord[] = [];
  for (let start = 0; start < unique.length; start += IDS_PER_QUERY) {
    const batch = unique.slice(start, start + IDS_PER_QUERY);
    const result = await salesforceCall(
      connection.query<SalesforceRecord>(
        `${selectAudited(mapping)} WHERE Id IN (${batch.map(soqlString).join(', ')})`,
      ),
    );
    found.push(...result.records);
  }
  return found;
}

/** The org's API calls used and allowed today, as of the last response; undefined before one. */
export function apiUsage(connection: Connection): { used: number; limit: number } | undefined {
  return connection.limitInfo.apiUsage;
}
