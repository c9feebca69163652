import { flowsIn, type ObjectMapping } from '../mapping/types.js';
import type { IdLink } from '../store/state-store.js';
import { failed, type ApplyOutcome } from './apply-outcome.js';
import type { SyncEvent } from './event.js';

/**
 * The mapping that applies `event` to WordPress, or the outcome when none can: no such mapping,
 * one that does not sync this way, one for another object, or a record id of another object.
 */
export function checkMapping(
  event: SyncEvent,
  mapping: ObjectMapping | undefined,
): { mapping: ObjectMapping } | { outcome: ApplyOutcome } {
  if (!mapping) {
    const message = `No active mapping named ${event.mapping} is loaded`;
    return { outcome: refused('UNKNOWN_MAPPING', message, event) };
  }
  if (!mapping.active || !flowsIn(mapping.direction, 'salesforce-to-wordpress')) {
    return {
      outcome: {
        status: 'Skipped',
        wordpressId: event.wordpressId,
        message: `Mapping ${mapping.name} does not sync Salesforce to WordPress`,
      },
    };
  }
  if (mapping.salesforceObject !== event.object) {
    const message = `Mapping ${mapping.name} is for ${mapping.salesforceObject}, the event is for ${event.object}`;
    return { outcome: refused('MAPPING_OBJECT_MISMATCH', message, event) };
  }
  if (mapping.keyPrefix && !event.recordId.startsWith(mapping.keyPrefix)) {
    const message = `Record_Id__c ${event.recordId} is not a ${mapping.salesforceObject} id (those start with ${mapping.keyPrefix}); mapping ${mapping.name} cannot apply it`;
    return { outcome: refused('RECORD_ID_WRONG_OBJECT', message, event) };
  }
  return { mapping };
}

function refused(code: string, message: string, event: SyncEvent): ApplyOutcome {
  return failed(code, message, 'permanent', event.wordpressId, event.payload);
}

/**
 * The id Salesforce holds must not point at an object another record owns: writing (or
 * deleting) it would change that record's WordPress object. `owner` is the record linked to
 * `event.wordpressId`.
 */
export function checkOwner(
  mapping: ObjectMapping,
  event: SyncEvent,
  owner: IdLink | undefined,
): ApplyOutcome | undefined {
  if (!owner || owner.salesforceId === event.recordId) return undefined;
  return failed(
    'DUPLICATE_EXTERNAL_ID',
    `${mapping.salesforceObject} ${event.recordId} holds WordPress ${mapping.wordpressType} id ${String(event.wordpressId)} in ${mapping.externalIdField}, but that ${mapping.wordpressType} is linked to ${mapping.salesforceObject} ${owner.salesforceId}; clear or correct ${mapping.externalIdField} and resync`,
    'permanent',
    undefined,
    event.payload,
  );
}
