import { describe, expect, it } from 'vitest';
import { escapeHtmlText, holdsEscapedText, unescapeHtmlText } from '../../src/mapping/html-text.js';
import { mapToSalesforce } from '../../src/mapping/to-salesforce.js';
import { mapToWordPress } from '../../src/mapping/to-wordpress.js';
import { storedDifferently } from '../../src/mapping/stored-values.js';
import type { WordPressObject } from '../../src/wordpress/types.js';
import { contactToUser } from './fixtures.js';

const TEXTS = [
  'Tom & Jerry',
  'a < b > c',
  '"Quoted" O\'Brien',
  'Fish &amp; Chips',
  '&lt;script&gt;',
  '<script>alert(1)</script>',
  '&#38; &#x26; &nbsp; &unknown; & ;',
  '',
];

function user(fields: Record<string, unknown>): WordPressObject {
  return { id: 1, name: '', url: '', description: '', slug: '', meta: {}, ...fields };
}

describe('HTML-escaped WordPress text', () => {
  it.each(TEXTS)('round-trips %j exactly', (text) => {
    expect(unescapeHtmlText(escapeHtmlText(text))).toBe(text);
  });

  it('escapes only &, < and >, so WordPress has nothing left to escape or strip', () => {
    expect(escapeHtmlText('Tom & "Jerry" <b>')).toBe('Tom &amp; "Jerry" &lt;b&gt;');
  });

  it('decodes what WordPress stores for names and titles', () => {
    expect(unescapeHtmlText('Tom &amp; Jerry &lt;3 &quot;x&quot; &#039;y&#039; &#8217;')).toBe(
      'Tom & Jerry <3 "x" \'y\' \u2019',
    );
    expect(unescapeHtmlText('&amp;amp;')).toBe('&amp;');
    expect(unescapeHtmlText('&bogus; &#0; &#x110000;')).toBe('&bogus; &#0; &#x110000;');
  });

  it('applies to user names, post titles and text meta, not to emails, URLs or HTML content', () => {
    for (const field of ['first_name', 'last_name', 'nickname', 'name'])
      expect(holdsEscapedText('user', field)).toBe(true);
    expect(holdsEscapedText('organization', 'title')).toBe(true);
    for (const field of ['email', 'url', 'description'])
      expect(holdsEscapedText('user', field)).toBe(false);
    // Plain-text meta too (the companion plugin runs it through kses), but not URL meta.
    expect(holdsEscapedText('organization', 'meta.billing_city', 'Trim')).toBe(true);
    expect(holdsEscapedText('organization', 'meta.website', 'Url')).toBe(false);
    expect(holdsEscapedText('post', 'content')).toBe(false);
  });

  it('is sent escaped and read decoded by the field mappings', () => {
    const sent = mapToWordPress(contactToUser, {
      FirstName: 'Tom & Jerry',
      LastName: '<b>x</b>',
      Email: 'a&b@example.test',
      Description: 'A & B',
    });
    expect(sent.fields).toMatchObject({
      first_name: 'Tom &amp; Jerry',
      last_name: '&lt;b&gt;x&lt;/b&gt;',
      email: 'a&b@example.test',
      description: 'A & B',
    });
    const read = mapToSalesforce(
      contactToUser,
      user({ first_name: 'Tom &amp; Jerry', last_name: '&lt;b&gt;x&lt;/b&gt;', email: 'a@b.test' }),
    );
    expect(read.values).toMatchObject({ FirstName: 'Tom & Jerry', LastName: '<b>x</b>' });
  });
});

describe('storedDifferently', () => {
  it('does not count whitespace WordPress trims or collapses', () => {
    const sent = { first_name: ' Ada\r\nMay ', last_name: 'Lovelace', email: 'x@example.test' };
    const stored = user({ first_name: 'Ada May', last_name: 'Lovelace', email: 'x@example.test' });
    expect(storedDifferently(contactToUser, sent, stored)).toEqual([]);
  });

  it('does not count WordPress escaping as a difference, but counts an emptied value', () => {
    const sent = { first_name: 'Tom &amp; Jerry', last_name: '%3C%3E', email: 'x@example.test' };
    const stored = user({ first_name: 'Tom &amp; Jerry', last_name: '', email: 'x@example.test' });
    expect(storedDifferently(contactToUser, sent, stored)).toEqual([
      { wordpressField: 'last_name', salesforceField: 'LastName', sent: '%3C%3E', stored: '' },
    ]);
  });
});

describe('fields whose transform makes HTML', () => {
  it('are not escaped again (TextToHtml already did)', () => {
    const mapping = {
      ...contactToUser,
      wordpressType: 'organization',
      fields: [
        {
          name: 'Name',
          salesforceField: 'Name',
          wordpressField: 'title',
          direction: 'SalesforceToWordPress' as const,
          transform: 'TextToHtml',
          required: true,
        },
      ],
    };
    expect(mapToWordPress(mapping, { Name: 'Tom & <Jerry>' }).fields.title).toBe(
      'Tom &#038; &lt;Jerry&gt;',
    );
    expect(holdsEscapedText('organization', 'title', 'TextToHtml')).toBe(false);
    expect(holdsEscapedText('organization', 'title', 'Trim')).toBe(true);
  });
});
