import { describe, expect, it } from 'vitest';
import type { EmulatorObject } from '../contracts.js';
import { payloadProblem } from './payload-checks.js';

const event: EmulatorObject = {
  name: 'Note__e',
  label: 'Note',
  kind: 'platformEvent',
  keyPrefix: 'e00',
  fields: [
    {
      name: 'Text__c',
      label: 'Text',
      type: 'textarea',
      length: 10,
      required: false,
      externalId: false,
      unique: false,
      filterable: false,
    },
    {
      name: 'Code__c',
      label: 'Code',
      type: 'string',
      required: false,
      externalId: false,
      unique: false,
      filterable: true,
    },
    {
      name: 'Count__c',
      label: 'Count',
      type: 'double',
      required: false,
      externalId: false,
      unique: false,
      filterable: true,
    },
  ],
};

describe('Pub/Sub payload checks', () => {
  it('accepts text up to the field length, and nulls and numbers', () => {
    expect(
      payloadProblem(event, { Text__c: 'x'.repeat(10), Code__c: null, Count__c: 1e9 }),
    ).toBeUndefined();
  });

  it('refuses text one character over the length, naming the field and the limit', () => {
    expect(payloadProblem(event, { Text__c: 'x'.repeat(11) })).toBe(
      `STRING_TOO_LONG: Text: data value too large: ${'x'.repeat(11)} (max length=10)`,
    );
  });

  it('applies 255 to a text field without a length', () => {
    expect(payloadProblem(event, { Code__c: 'c'.repeat(255) })).toBeUndefined();
    expect(payloadProblem(event, { Code__c: 'c'.repeat(256) })).toMatch(/max length=255\)$/);
  });
});
