import avro from 'avsc';
import { describe, expect, it } from 'vitest';
import type { EmulatorObject } from '../contracts.js';
import {
  decodePayload,
  deriveEventSchema,
  encodePayload,
  SCHEMA_NAMESPACE,
  schemaIdOf,
} from './avro-schema.js';
import { PLATFORM_EVENTS } from './testing/fixtures.js';

function eventObject(name: string): EmulatorObject {
  const object = PLATFORM_EVENTS.find((each) => each.name === name);
  if (object === undefined) {
    throw new Error(`no fixture ${name}`);
  }
  return object;
}

const syncEvent = eventObject('WP_Sync_Event__e');

describe('Avro schema derivation', () => {
  it('derives a Salesforce-style record from the event fields', () => {
    const schema = JSON.parse(deriveEventSchema(syncEvent).json) as {
      type: string;
      name: string;
      namespace: string;
      fields: { name: string; type: unknown; default?: unknown }[];
    };
    expect(schema.type).toBe('record');
    expect(schema.name).toBe('WP_Sync_Event__e');
    expect(schema.namespace).toBe(SCHEMA_NAMESPACE);
    expect(schema.fields.map((field) => field.name)).toEqual([
      'CreatedDate',
      'CreatedById',
      'Mapping__c',
      'Object__c',
      'Record_Id__c',
      'Operation__c',
      'Changed_Fields__c',
      'Payload__c',
      'WP_Id__c',
      'Modstamp__c',
    ]);
    expect(schema.fields[0]?.type).toEqual({ type: 'long', logicalType: 'timestamp-millis' });
    expect(schema.fields[1]?.type).toBe('string');
    for (const field of schema.fields.slice(2)) {
      expect(Array.isArray(field.type) && field.type[0]).toBe('null');
      expect(field).toHaveProperty('default', null);
    }
    expect(schema.fields.at(-1)?.type).toEqual([
      'null',
      { type: 'long', logicalType: 'timestamp-millis' },
    ]);
  });

  it('maps checkboxes, numbers and dates', () => {
    const object: EmulatorObject = {
      ...syncEvent,
      name: 'Typed__e',
      fields: [
        { ...field('Flag__c'), type: 'boolean' },
        { ...field('Count__c'), type: 'int' },
        { ...field('Amount__c'), type: 'currency' },
        { ...field('Day__c'), type: 'date' },
      ],
    };
    const schema = deriveEventSchema(object);
    const types = (JSON.parse(schema.json) as { fields: { type: unknown }[] }).fields.map(
      (each) => each.type,
    );
    expect(types.slice(2)).toEqual([
      'boolean',
      ['null', 'int'],
      ['null', 'double'],
      ['null', { type: 'int', logicalType: 'date' }],
    ]);
    const payload = {
      CreatedDate: '2026-11-22T09:00:00.000Z',
      CreatedById: '005000000000001AAA',
      Flag__c: true,
      Count__c: 3,
      Amount__c: 9.5,
      Day__c: '2026-11-22',
    };
    expect(decodePayload(schema, encodePayload(schema, payload))).toEqual(payload);
  });

  it('gives a stable id that changes with the schema', () => {
    const first = deriveEventSchema(syncEvent);
    const again = deriveEventSchema({ ...syncEvent, fields: [...syncEvent.fields] });
    expect(again.id).toBe(first.id);
    expect(first.id).toBe(schemaIdOf(first.json));
    expect(first.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const changed = deriveEventSchema({
      ...syncEvent,
      fields: [...syncEvent.fields, field('Extra__c')],
    });
    expect(changed.id).not.toBe(first.id);
  });

  it('round-trips a bus payload through Avro binary readable by any Avro reader', () => {
    const schema = deriveEventSchema(syncEvent);
    const payload = {
      CreatedDate: '2026-11-22T09:00:00.123Z',
      CreatedById: '005000000000001AAA',
      Mapping__c: 'Contact_User',
      Object__c: 'Contact',
      Record_Id__c: '003000000000001AAA',
      Operation__c: 'UPDATE',
      Changed_Fields__c: 'Email',
      Payload__c: '{"Email":"a@example.com"}',
      WP_Id__c: null,
      Modstamp__c: '2026-11-22T08:59:59.000Z',
    };
    const bytes = encodePayload(schema, { ...payload, Unmapped__c: 'dropped' });
    expect(decodePayload(schema, bytes)).toEqual(payload);
    const independent = avro.Type.forSchema(JSON.parse(schema.json) as avro.schema.RecordType, {
      wrapUnions: true,
    });
    expect(independent.fromBuffer(bytes)).toMatchObject({
      CreatedDate: Date.parse(payload.CreatedDate),
      Mapping__c: { string: 'Contact_User' },
      WP_Id__c: null,
    });
  });

  it('rejects bytes that do not match the schema', () => {
    const schema = deriveEventSchema(syncEvent);
    expect(() => decodePayload(schema, Buffer.from([1, 2, 3]))).toThrow();
  });
});

function field(name: string): EmulatorObject['fields'][number] {
  return {
    name,
    label: name,
    type: 'string',
    required: false,
    externalId: false,
    unique: false,
    filterable: true,
  };
}
