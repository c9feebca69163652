import type { Connection } from 'jsforce';
import type { Logger } from 'pino';
import { flowsIn, type ObjectMapping } from '../mapping/types.js';
import type { SyncEvent } from '../sync/sync-event.js';

/** Salesforce datetime literal (unquoted in SOQL), from our own clock: never user input. */
function soqlDatetime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Records of each Salesforce → WordPress mapping changed since `since`, as UPDATE events. Used
 * when the stored replay id is past the event bus's retention: SystemModstamp tells what may
 * have been missed, and applying a current record again is harmless (echo suppression skips it).
 */
export async function* changedSince(
  connection: Connection,
  mappings: readonly ObjectMapping[],
  since: Date,
  logger: Logger,
): AsyncGenerator<SyncEvent> {
  for (const mapping of mappings) {
    if (!mapping.active || !flowsIn(mapping.direction, 'salesforce-to-wordpress')) continue;
    const fields = new Set(['Id', 'SystemModstamp', mapping.externalIdField]);
    for (const field of mapping.fields) {
      if (flowsIn(field.direction, 'salesforce-to-wordpress')) fields.add(field.salesforceField);
    }
    const soql = `SELECT ${[...fields].join(', ')} FROM ${mapping.salesforceObject} WHERE SystemModstamp > ${soqlDatetime(since)} ORDER BY SystemModstamp`;
    const result = await connection.query<Record<string, unknown>>(soql, {
      autoFetch: true,
      maxFetch: 1_000_000,
    });
    logger.info(
      { mapping: mapping.name, records: result.records.length, since: since.toISOString() },
      'reconciliation query',
    );
    for (const record of result.records) {
      const payload: Record<string, unknown> = {};
      for (const field of mapping.fields)
        payload[field.salesforceField] = record[field.salesforceField] ?? null;
      const wordpressId = Number(record[mapping.externalIdField]);
      yield {
        mapping: mapping.name,
        object: mapping.salesforceObject,
        recordId: String(record.Id),
        operation: 'UPDATE',
        changedFields: Object.keys(payload),
        payload,
        wordpressId: Number.isSafeInteger(wordpressId) && wordpressId > 0 ? wordpressId : undefined,
        modstamp:
          typeof record.SystemModstamp === 'string' ? new Date(record.SystemModstamp) : undefined,
      };
    }
  }
}
