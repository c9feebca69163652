import type { Connection } from 'jsforce';
import type { Logger } from 'pino';
import { flowsIn, type ObjectMapping } from '../mapping/types.js';
import type { SyncEvent } from './event.js';
import { eventFromRecord } from './record-events.js';
import { queryRecordsChangedSince } from '../salesforce/record-queries.js';

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
    const records = await queryRecordsChangedSince(connection, mapping, since);
    logger.info(
      { mapping: mapping.name, records: records.length, since: since.toISOString() },
      'reconciliation query',
    );
    for (const record of records) yield eventFromRecord(mapping, record);
  }
}
