import type { Connection } from 'jsforce';
import type { Logger } from 'pino';
import { flowsIn, type ObjectMapping } from '../mapping/types.js';
import type { SyncEvent } from './event.js';
import { eventFromRecord, fieldsToSelect } from './record-events.js';

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
    const soql = `SELECT ${fieldsToSelect(mapping, ['SystemModstamp'])} FROM ${mapping.salesforceObject} WHERE SystemModstamp > ${soqlDatetime(since)} ORDER BY SystemModstamp`;
    const result = await connection.query<Record<string, unknown>>(soql, {
      autoFetch: true,
      maxFetch: 1_000_000,
    });
    logger.info(
      { mapping: mapping.name, records: result.records.length, since: since.toISOString() },
      'reconciliation query',
    );
    for (const record of result.records) yield eventFromRecord(mapping, record);
  }
}
