import { describe, expect, it } from 'vitest';
import { mapToWordPress, type ObjectMapping } from '../../src/mapping/index.js';
import { accountToOrganization, contactToUser } from './fixtures.js';

describe('mapToWordPress', () => {
  it('maps and transforms the fields that flow to WordPress', () => {
    const payload = mapToWordPress(contactToUser, {
      Email: 'Ada@Example.TEST',
      FirstName: '  Ada ',
      LastName: 'Lovelace',
      Description: 'Analyst',
      Phone: 'not mapped',
    });
    expect(payload.problems).toEqual([]);
    expect(payload.fields).toEqual({
      email: 'ada@example.test',
      first_name: 'Ada',
      last_name: 'Lovelace',
      description: 'Analyst',
    });
  });

  it('puts meta.<key> fields under meta and reduces datetimes to dates', () => {
    const payload = mapToWordPress(accountToOrganization, {
      Name: 'Acme',
      Description: null,
      BillingCity: ' Paris ',
      Founded__c: '1999-04-01T10:00:00.000+0000',
    });
    expect(payload.fields).toEqual({
      title: 'Acme',
      content: '',
      meta: { billing_city: 'Paris', founded: '1999-04-01' },
    });
  });

  it('sends null for a blank meta field so WordPress deletes it', () => {
    expect(
      mapToWordPress(accountToOrganization, { Name: 'Acme', BillingCity: null }).fields.meta,
    ).toEqual({
      billing_city: null,
      founded: null,
    });
  });

  it('limits an update to the changed fields', () => {
    const payload = mapToWordPress(
      contactToUser,
      { Email: 'a@b.test', FirstName: 'A', LastName: 'B' },
      new Set(['LastName']),
    );
    expect(payload.fields).toEqual({ last_name: 'B' });
  });

  it('reports a blank required field instead of mapping it', () => {
    const payload = mapToWordPress(contactToUser, { Email: '  ', FirstName: 'Ada' });
    expect(payload.problems).toEqual([
      expect.objectContaining({ field: 'Email', code: 'REQUIRED_FIELD_MISSING' }),
    ]);
    expect(payload.fields).not.toHaveProperty('email');
    expect(payload.fields.first_name).toBe('Ada');
  });

  it('reports a value its transform cannot take and an unknown transform', () => {
    const mapping: ObjectMapping = {
      ...accountToOrganization,
      fields: [
        ...accountToOrganization.fields,
        {
          name: 'Odd',
          salesforceField: 'Rating',
          wordpressField: 'meta.rating',
          direction: 'Bidirectional',
          transform: 'Reverse',
          required: false,
        },
      ],
    };
    const payload = mapToWordPress(mapping, {
      Name: 'Acme',
      Founded__c: 'yesterday',
      Rating: 'Hot',
    });
    expect(payload.problems.map((problem) => [problem.field, problem.code])).toEqual([
      ['Founded__c', 'INVALID_VALUE'],
      ['Rating', 'UNKNOWN_TRANSFORM'],
    ]);
    expect(payload.problems[0]?.message).toContain("cannot read 'yesterday'");
  });
});
