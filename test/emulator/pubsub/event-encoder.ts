/**
 * ConsumerEvents for bus events: the payload Avro-encoded with the topic's current schema,
 * encoded once per event and schema whatever the number of subscribers.
 */
import type { BusEvent } from '../contracts.js';
import { encodePayload, type EventSchema } from './avro-schema.js';
import type { ConsumerEvent } from './messages.js';

const cache = new WeakMap<BusEvent, ConsumerEvent>();

export function toConsumerEvent(event: BusEvent, schema: EventSchema): ConsumerEvent {
  const cached = cache.get(event);
  if (cached?.event.schemaId === schema.id) {
    return cached;
  }
  const consumerEvent: ConsumerEvent = {
    // The event's UUID is its id on delivery; the publisher's id is only a correlation key.
    event: {
      id: event.eventUuid,
      schemaId: schema.id,
      payload: encodePayload(schema, event.payload),
      headers: [],
    },
    replayId: event.replayId,
  };
  cache.set(event, consumerEvent);
  return consumerEvent;
}
