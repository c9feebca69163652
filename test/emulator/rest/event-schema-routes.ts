/**
 * Platform event schemas over REST (REST API Developer Guide, "Platform Event Schema by Event
 * Name" and "… by Schema ID"): `GET /sobjects/{Event__e}/eventSchema` and
 * `GET /event/eventSchema/{schemaId}`, with `payloadFormat` EXPANDED (the default from API
 * version 43.0) or COMPACT (the Avro record schema with its id in `uuid`). Before 43.0 the
 * answer is the compact form and `payloadFormat` is refused. The compact schema and its id are
 * exactly what the Pub/Sub API serves (GetTopic, GetSchema), so both APIs agree.
 * An invalid `payloadFormat` is 400; the documented status has no documented errorCode, we
 * answer INVALID_PARAMETER_VALUE (our reading).
 */
import { ApiError, invalidType, notFound } from '../api-error.js';
import type { EmulatorObject } from '../contracts.js';
import type { EmulatorRequest } from '../http/http-types.js';
import { jsonResponse } from '../http/http-types.js';
import type { Router } from '../http/router.js';
import { describeEventSchema } from '../pubsub/avro-schema.js';
import type { RestContext } from './rest-context.js';

const V = '/services/data/v(\\d+\\.\\d+)';
const FIRST_PAYLOAD_FORMAT_VERSION = 43;

interface CompactField {
  name: string;
  type: unknown;
  doc?: string;
  default?: unknown;
}

interface CompactSchema {
  name: string;
  namespace: string;
  type: 'record';
  fields: CompactField[];
}

export function compactEventSchema(object: EmulatorObject) {
  const description = describeEventSchema(object);
  const schema = JSON.parse(description.json) as CompactSchema;
  return {
    name: schema.name,
    namespace: schema.namespace,
    type: schema.type,
    fields: schema.fields,
    uuid: description.id,
  };
}

/** The expanded form: the payload inside `data`, with the replay id and the channel. */
export function expandedEventSchema(object: EmulatorObject) {
  const compact = compactEventSchema(object);
  const payloadFields = compact.fields.map((field) =>
    field.name === 'CreatedDate' ? { ...field, type: 'string' } : field,
  );
  return {
    name: compact.name,
    namespace: compact.namespace,
    type: 'expanded-record',
    fields: [
      {
        name: 'data',
        type: {
          type: 'record',
          name: 'Data',
          namespace: '',
          fields: [
            { name: 'schema', type: 'string' },
            {
              name: 'payload',
              type: { type: 'record', name: 'Payload', doc: '', fields: payloadFields },
            },
            {
              name: 'event',
              type: { type: 'record', name: 'Event', fields: [{ name: 'replayId', type: 'long' }] },
            },
          ],
        },
      },
      { name: 'channel', type: 'string' },
    ],
  };
}

function schemaAnswer(request: EmulatorRequest, version: string, object: EmulatorObject) {
  const format = request.query.get('payloadFormat');
  if (Number(version) < FIRST_PAYLOAD_FORMAT_VERSION) {
    if (format !== null) {
      throw new ApiError(
        400,
        'INVALID_PARAMETER_VALUE',
        `payloadFormat is available in API version ${FIRST_PAYLOAD_FORMAT_VERSION}.0 and later`,
      );
    }
    return jsonResponse(200, compactEventSchema(object));
  }
  switch (format ?? 'EXPANDED') {
    case 'EXPANDED':
      return jsonResponse(200, expandedEventSchema(object));
    case 'COMPACT':
      return jsonResponse(200, compactEventSchema(object));
    default:
      throw new ApiError(
        400,
        'INVALID_PARAMETER_VALUE',
        `Invalid payloadFormat '${String(format)}': use EXPANDED or COMPACT`,
      );
  }
}

export function addEventSchemaRoutes(router: Router, context: RestContext): void {
  const { schema } = context.org;
  router.add(
    'GET',
    new RegExp(`^${V}/sobjects/(\\w+)/eventSchema/?$`),
    (request, [version = '', type = '']) => {
      const object = schema.getObject(type);
      if (object?.kind !== 'platformEvent') throw invalidType(type);
      return schemaAnswer(request, version, object);
    },
  );
  router.add(
    'GET',
    new RegExp(`^${V}/event/eventSchema/([\\w-]+)/?$`),
    (request, [version = '', schemaId = '']) => {
      const object = schema
        .listObjects()
        .find(
          (candidate) =>
            candidate.kind === 'platformEvent' && describeEventSchema(candidate).id === schemaId,
        );
      if (!object) throw notFound(`No platform event schema has the id ${schemaId}`);
      return schemaAnswer(request, version, object);
    },
  );
}
