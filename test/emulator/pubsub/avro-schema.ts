/**
 * Avro record schemas for platform events, derived from the event object's fields, and the
 * conversion between bus payloads (JSON values as the REST API shows them) and Avro values.
 *
 * The shape follows Salesforce's event schemas as the Pub/Sub API serves them (platform-facts.md,
 * Pub/Sub API: "GetSchema(schema_id) returns the Avro JSON schema"). The field-level details are
 * not in platform-facts.md; the readings chosen here (docs/EMULATOR-PUBSUB.md, "Schemas"):
 * - record `name` is the event's API name, `namespace` is `com.sforce.eventbus`;
 * - `CreatedDate` comes first as a non-null long with `logicalType: timestamp-millis`, then
 *   `CreatedById` as a non-null string;
 * - every custom field is a nullable union `["null", T]` with `default: null`, except checkboxes,
 *   which are a non-null boolean defaulting to false;
 * - dates are `int` (`logicalType: date`), datetimes `long` (`logicalType: timestamp-millis`),
 *   numbers `double` (`int` for integer fields), everything else `string`.
 * The schema id is the MD5 fingerprint of the schema's canonical form.
 */
import avro from 'avsc';
import type { EmulatorField, EmulatorObject } from '../contracts.js';

export const SCHEMA_NAMESPACE = 'com.sforce.eventbus';

type AvroNamedType = string | Record<string, unknown>;
type AvroType = AvroNamedType | AvroNamedType[];

interface AvroField {
  name: string;
  type: AvroType;
  doc: string;
  default?: unknown;
}

type FieldKind = 'string' | 'boolean' | 'int' | 'double' | 'date' | 'datetime' | 'createdById';

interface FieldCodec {
  name: string;
  kind: FieldKind;
  nullable: boolean;
}

export interface EventSchemaDescription {
  /** MD5 fingerprint of the canonical form of `json` (schemaIdOf). */
  id: string;
  json: string;
  objectName: string;
  fields: readonly FieldCodec[];
}

export interface EventSchema extends EventSchemaDescription {
  type: avro.Type;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The schema with its compiled Avro type. */
export function deriveEventSchema(object: EmulatorObject): EventSchema {
  const description = describeEventSchema(object);
  return { ...description, type: compileSchema(description.json) };
}

export function compileSchema(json: string): avro.Type {
  return avro.Type.forSchema(JSON.parse(json) as avro.schema.RecordType, { wrapUnions: 'never' });
}

/** The schema JSON, its id and the field conversions, without compiling the Avro type. */
export function describeEventSchema(object: EmulatorObject): EventSchemaDescription {
  const codecs: FieldCodec[] = [
    { name: 'CreatedDate', kind: 'datetime', nullable: false },
    { name: 'CreatedById', kind: 'createdById', nullable: false },
  ];
  const fields: AvroField[] = [
    {
      name: 'CreatedDate',
      type: { type: 'long', logicalType: 'timestamp-millis' },
      doc: 'CreatedDate:DateTime',
    },
    { name: 'CreatedById', type: 'string', doc: 'CreatedBy:EntityId' },
  ];
  for (const field of object.fields) {
    // Only custom fields are event data; the standard ones (ReplayId, EventUuid, …) are not.
    if (!field.name.endsWith('__c')) {
      continue;
    }
    const kind = kindOf(field);
    if (kind === 'boolean') {
      fields.push({ name: field.name, type: 'boolean', doc: 'Data:Checkbox', default: false });
      codecs.push({ name: field.name, kind, nullable: false });
    } else {
      fields.push({
        name: field.name,
        type: ['null', avroTypeOf(kind)],
        doc: `Data:${field.type}`,
        default: null,
      });
      codecs.push({ name: field.name, kind, nullable: true });
    }
  }
  const schema = {
    type: 'record',
    name: object.name,
    namespace: SCHEMA_NAMESPACE,
    doc: '',
    fields,
  };
  const json = JSON.stringify(schema);
  return { id: schemaIdOf(json), json, objectName: object.name, fields: codecs };
}

/**
 * The MD5 fingerprint of the schema's normalised (canonical) Avro form in base64url, 22
 * characters: what the REST API Developer Guide gives as the schema id ("Platform Event Schema
 * by Event Name": "the MD5 fingerprint of the normalized Avro schema encoded as base-64 URL").
 */
export function schemaIdOf(json: string): string {
  let id = schemaIds.get(json);
  if (id === undefined) {
    id = compileSchema(json).fingerprint('md5').toString('base64url');
    schemaIds.set(json, id);
  }
  return id;
}

/** Ids by schema JSON: compiling a schema for its fingerprint on every publish is costly. */
const schemaIds = new Map<string, string>();

/** The Avro binary encoding of a bus payload; fields the schema lacks are left out. */
export function encodePayload(schema: EventSchema, payload: Record<string, unknown>): Buffer {
  const record: Record<string, unknown> = {};
  for (const field of schema.fields) {
    record[field.name] = toAvro(field, payload[field.name]);
  }
  return schema.type.toBuffer(record);
}

/** A bus payload from Avro binary; throws when the bytes do not match the schema. */
export function decodePayload(schema: EventSchema, bytes: Buffer): Record<string, unknown> {
  const record = schema.type.fromBuffer(bytes) as Record<string, unknown>;
  const payload: Record<string, unknown> = {};
  for (const field of schema.fields) {
    payload[field.name] = fromAvro(field, record[field.name]);
  }
  return payload;
}

function kindOf(field: EmulatorField): FieldKind {
  switch (field.type) {
    case 'boolean':
      return 'boolean';
    case 'int':
      return 'int';
    case 'double':
    case 'currency':
    case 'percent':
      return 'double';
    case 'date':
      return 'date';
    case 'datetime':
      return 'datetime';
    default:
      return 'string';
  }
}

function avroTypeOf(kind: FieldKind): AvroNamedType {
  switch (kind) {
    case 'date':
      return { type: 'int', logicalType: 'date' };
    case 'datetime':
      return { type: 'long', logicalType: 'timestamp-millis' };
    case 'int':
    case 'double':
    case 'boolean':
      return kind;
    default:
      return 'string';
  }
}

function toAvro(field: FieldCodec, value: unknown): unknown {
  if (value === null || value === undefined) {
    if (field.nullable) {
      return null;
    }
    return field.kind === 'boolean' ? false : value;
  }
  switch (field.kind) {
    case 'boolean':
      return value === true || value === 'true';
    case 'int':
      return Math.trunc(Number(value));
    case 'double':
      return Number(value);
    case 'date':
      return Math.floor(millisOf(value) / DAY_MS);
    case 'datetime':
      return millisOf(value);
    default:
      return typeof value === 'string' ? value : JSON.stringify(value);
  }
}

function fromAvro(field: FieldCodec, value: unknown): unknown {
  if (value === null || value === undefined) {
    return null;
  }
  switch (field.kind) {
    case 'date':
      return new Date(Number(value) * DAY_MS).toISOString().slice(0, 10);
    case 'datetime':
      return new Date(Number(value)).toISOString();
    default:
      return value;
  }
}

function millisOf(value: unknown): number {
  if (value instanceof Date) {
    return value.getTime();
  }
  if (typeof value === 'number') {
    return value;
  }
  const millis = Date.parse(String(value));
  if (Number.isNaN(millis)) {
    throw new TypeError(`not a date: ${String(value)}`);
  }
  return millis;
}
