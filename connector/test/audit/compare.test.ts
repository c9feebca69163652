import { describe, expect, it } from 'vitest';
import { auditDue } from '../../src/audit/audit-schedule.js';
import { differingFields } from '../../src/audit/compare.js';
import { repairSource } from '../../src/audit/repair-policy.js';
import { shownValue } from '../../src/audit/redact.js';
import type { ObjectMapping } from '../../src/mapping/index.js';
import { accountToOrganization, contactToUser } from '../mapping/fixtures.js';
import { userWith } from '../support/apply-mappings.js';

const record = {
  Id: '003000000000001AAA',
  Email: 'Ada@Example.com',
  FirstName: '  Ada ',
  LastName: 'Lovelace & Co',
  Description: null,
};

/** The user as the sync would have written the record: transforms applied, names escaped. */
const inStep = userWith(7, {
  email: 'ada@example.com',
  first_name: 'Ada',
  last_name: 'Lovelace &amp; Co',
  description: '',
});

describe('differingFields', () => {
  it('finds nothing in a pair the sync wrote (transforms, escaped names, blank as null)', () => {
    expect(differingFields(contactToUser, record, inStep, undefined)).toEqual([]);
  });

  it('names each field that differs with both values, WordPress read as the sync reads it', () => {
    const drifted = { ...inStep, last_name: 'Byron &amp; Co', description: 'Poet' };
    expect(differingFields(contactToUser, record, drifted, undefined)).toEqual([
      {
        field: 'LastName',
        wordpressField: 'last_name',
        salesforceValue: 'Lovelace & Co',
        wordpressValue: 'Byron & Co',
      },
      {
        field: 'Description',
        wordpressField: 'description',
        salesforceValue: null,
        wordpressValue: 'Poet',
      },
    ]);
  });

  it('accepts a value WordPress sanitised when both sides still hold what they agreed on', () => {
    const sanitised = { ...inStep, last_name: 'Lovelace Co' };
    const agreed = {
      salesforce: { LastName: 'Lovelace & Co' },
      wordpress: { LastName: 'Lovelace Co' },
    };
    expect(differingFields(contactToUser, record, sanitised, agreed)).toEqual([]);
    // The same agreed values do not hide a later change on either side.
    expect(
      differingFields(contactToUser, { ...record, LastName: 'Other' }, sanitised, agreed).map(
        (difference) => difference.field,
      ),
    ).toEqual(['LastName']);
  });

  it('reads post fields through raw and meta', () => {
    const account = { Id: '001000000000001AAA', Name: 'Acme', Description: '<p>Hi</p>' };
    const post = {
      id: 5,
      title: { raw: 'Acme', rendered: 'Acme' },
      content: { raw: '<p>Hi</p>', rendered: '<p>Hi</p>' },
      meta: {},
    } as never;
    const fields = differingFields(accountToOrganization, account, post, undefined);
    expect(fields.map((difference) => difference.field)).not.toContain('Name');
    expect(fields.map((difference) => difference.field)).not.toContain('Description');
  });
});

describe('repairSource', () => {
  const at = (iso: string) => userWith(7, { modified_gmt: iso.replace('Z', '') });

  it('follows --prefer, else the conflict policy', () => {
    expect(repairSource(contactToUser, 'wordpress', undefined, at('2026-01-01T00:00:00Z'))).toBe(
      'wordpress',
    );
    expect(repairSource(contactToUser, undefined, undefined, at('2026-01-01T00:00:00Z'))).toBe(
      'salesforce',
    );
    const wordpressWins: ObjectMapping = { ...contactToUser, conflictPolicy: 'WordPressWins' };
    expect(repairSource(wordpressWins, undefined, undefined, at('2026-01-01T00:00:00Z'))).toBe(
      'wordpress',
    );
  });

  it('NewestWins takes the side changed last; a tie goes to Salesforce', () => {
    const newest: ObjectMapping = { ...contactToUser, conflictPolicy: 'NewestWins' };
    const wp = at('2026-01-02T00:00:00Z');
    expect(repairSource(newest, undefined, '2026-01-01T00:00:00.000Z', wp)).toBe('wordpress');
    expect(repairSource(newest, undefined, '2026-01-03T00:00:00.000Z', wp)).toBe('salesforce');
    expect(repairSource(newest, undefined, '2026-01-02T00:00:00.000Z', wp)).toBe('salesforce');
  });

  it('a one-way mapping repairs from its source and refuses the other preference', () => {
    expect(
      repairSource(accountToOrganization, undefined, undefined, at('2026-01-01T00:00:00Z')),
    ).toBe('salesforce');
    expect(
      repairSource(accountToOrganization, 'wordpress', undefined, at('2026-01-01T00:00:00Z')),
    ).toEqual({
      refused: expect.stringContaining('SalesforceToWordPress') as unknown,
    });
  });
});

describe('shownValue', () => {
  it('redacts fields named like credentials and shortens long text', () => {
    expect(shownValue('API_Token__c', 'abc')).toBe('[redacted]');
    expect(shownValue('meta.password', 'abc')).toBe('[redacted]');
    expect(shownValue('LastName', 'x'.repeat(300))).toBe(`${'x'.repeat(200)}…`);
    expect(shownValue('LastName', undefined)).toBeNull();
  });
});

describe('auditDue', () => {
  const start = '2026-12-06T00:00:00.000Z';
  const hours = (n: number): number => Date.parse(start) + n * 3_600_000;

  it('is due intervalHours after the latest audit, or after start when none ran', () => {
    expect(auditDue(undefined, start, 24, hours(23.9))).toBe(false);
    expect(auditDue(undefined, start, 24, hours(24))).toBe(true);
    expect(auditDue('2026-12-06T12:00:00.000Z', start, 24, hours(30))).toBe(false);
    expect(auditDue('2026-12-06T12:00:00.000Z', start, 24, hours(36))).toBe(true);
  });
});
