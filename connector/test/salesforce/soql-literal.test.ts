import { describe, expect, it } from 'vitest';
import { soqlName, soqlString } from '../../src/salesforce/soql-literal.js';

describe('soqlString', () => {
  it.each([
    ['plain', "'plain'"],
    ["O'Brien", "'O\\'Brien'"],
    ["x' OR Name != '", "'x\\' OR Name != \\''"],
    ['back\\slash', "'back\\\\slash'"],
    ['line\nbreak\ttab', "'line\\nbreak\\ttab'"],
    ['"quoted"', '\'\\"quoted\\"\''],
    ['émoji 🎉', "'émoji 🎉'"],
  ])('quotes %j so it cannot leave the literal', (value, expected) => {
    expect(soqlString(value)).toBe(expected);
  });
});

describe('soqlName', () => {
  it('passes API names and refuses anything else', () => {
    expect(soqlName('WP_Id__c')).toBe('WP_Id__c');
    expect(() => soqlName('Email) OR (Id')).toThrow(/Not a Salesforce API name/);
  });
});
