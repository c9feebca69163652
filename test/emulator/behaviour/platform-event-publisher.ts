/**
 * Publishing a platform event the way `POST /sobjects/{Event__e}` and `EventBus.publish` do:
 * the values are checked against the event's fields, then appended to `/event/{Event__e}`.
 * The bus adds CreatedDate and CreatedById. Each publish is one event on the bus; the REST
 * answer's id is not in the delivered message (platform-facts "EventBus.publish").
 */
import { ApiError, invalidType } from '../api-error.js';
import type { BusEvent, EventBus, SessionInfo } from '../contracts.js';
import { SYSTEM_FIELDS } from '../schema/field-builders.js';
import type { OrgSchema } from '../schema/org-schema.js';
import { coerceFieldValue } from '../store/field-values.js';
import { assertRequiredFields } from '../store/required-fields.js';
import type { Row } from '../store/record-store.js';

export class PlatformEventPublisher {
  constructor(
    private readonly schema: OrgSchema,
    private readonly bus: EventBus,
  ) {}

  publish(eventName: string, values: Row, session: SessionInfo): BusEvent {
    const object = this.schema.getObject(eventName);
    if (object?.kind !== 'platformEvent') throw invalidType(eventName);
    const payload: Row = {};
    for (const fieldDef of object.fields) {
      if (!SYSTEM_FIELDS.has(fieldDef.name)) payload[fieldDef.name] = null;
    }
    for (const [key, value] of Object.entries(values)) {
      if (key === 'attributes') continue;
      const fieldDef = this.schema.getField(object.name, key);
      if (!fieldDef || SYSTEM_FIELDS.has(fieldDef.name)) {
        throw new ApiError(
          400,
          'INVALID_FIELD',
          `No such column '${key}' on sobject of type ${object.name}`,
          [key],
        );
      }
      const stored = coerceFieldValue(fieldDef, value);
      // The bus holds datetimes as ISO 8601 with `Z` (pubsub/index.ts).
      payload[fieldDef.name] =
        fieldDef.type === 'datetime' && typeof stored === 'string'
          ? stored.replace('+0000', 'Z')
          : stored;
    }
    assertRequiredFields(object, payload);
    return this.bus.publish(`/event/${object.name}`, payload, session);
  }
}
