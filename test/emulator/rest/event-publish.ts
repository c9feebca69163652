/**
 * Publishing a platform event by creating it over REST (`POST /sobjects/{Event__e}` or an
 * sObject Collections create). Publishing is asynchronous, so a successful publish answers 201
 * with `success: true` and one `errors` entry whose statusCode is OPERATION_ENQUEUED and whose
 * message is the event's UUID (Platform Events Developer Guide, "Publish Event Messages with
 * Salesforce APIs", "Status Code Returned for Asynchronous Publishing"). The returned id is not
 * in the delivered event and is not unique. Values are checked like a record's: an unknown field
 * is INVALID_FIELD, text longer than the field is STRING_TOO_LONG.
 */
import type { EmulatorObject, SessionInfo } from '../contracts.js';
import type { Row } from '../store/record-store.js';
import type { RestContext } from './rest-context.js';

export interface EnqueuedPublishResult {
  id: string;
  success: true;
  errors: [{ statusCode: 'OPERATION_ENQUEUED'; message: string; fields: [] }];
}

export function publishEvent(
  context: RestContext,
  object: EmulatorObject,
  values: Row,
  session: SessionInfo,
): EnqueuedPublishResult {
  const event = context.org.events.publish(object.name, values, session);
  return {
    id: context.org.ids.next(object.keyPrefix),
    success: true,
    errors: [{ statusCode: 'OPERATION_ENQUEUED', message: event.eventUuid, fields: [] }],
  };
}
