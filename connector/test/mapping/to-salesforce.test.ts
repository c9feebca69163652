import { describe, expect, it } from 'vitest';
import { mapToSalesforce } from '../../src/mapping/index.js';
import type { WordPressPost, WordPressUser } from '../../src/wordpress/index.js';
import { accountToOrganization, contactToUser } from './fixtures.js';

const user: WordPressUser = {
  id: 7,
  name: 'Ada Lovelace',
  first_name: 'Ada',
  last_name: '',
  email: 'ADA@example.test',
  url: '',
  description: 'Ignored: one-way field',
  slug: 'ada',
  meta: {},
};

describe('mapToSalesforce', () => {
  it('reads only the fields that flow to Salesforce, blank text as null', () => {
    expect(mapToSalesforce(contactToUser, user)).toEqual({
      values: { Email: 'ada@example.test', FirstName: 'Ada', LastName: null },
      problems: [],
    });
  });

  it('reports a required field WordPress left empty', () => {
    const result = mapToSalesforce(contactToUser, { ...user, email: '' });
    expect(result.problems).toEqual([
      expect.objectContaining({ field: 'Email', code: 'REQUIRED_FIELD_MISSING' }),
    ]);
    expect(result.values).not.toHaveProperty('Email');
  });

  it('reads raw title and meta from a post fetched with context=edit', () => {
    const post: WordPressPost = {
      id: 3,
      type: 'organization',
      status: 'publish',
      slug: 'acme',
      date_gmt: null,
      modified_gmt: '2026-11-22T00:00:00',
      title: { raw: 'Acme & Co', rendered: 'Acme &amp; Co' },
      content: { raw: '', rendered: '' },
      excerpt: { raw: '', rendered: '' },
      author: 1,
      meta: { billing_city: 'Paris' },
    };
    const bidirectional = {
      ...accountToOrganization,
      fields: accountToOrganization.fields.map((field) => ({
        ...field,
        direction: 'Bidirectional' as const,
      })),
    };
    expect(mapToSalesforce(bidirectional, post).values).toEqual({
      Name: 'Acme & Co',
      Description: null,
      BillingCity: 'Paris',
      Founded__c: null,
    });
  });
});
