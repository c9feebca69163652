import { describe, expect, it } from 'vitest';
import type { ObjectMapping } from '../../src/mapping/types.js';
import { keptUsernameNote, writesEmail } from '../../src/salesforce-to-wordpress/kept-username.js';
import type { WordPressUser } from '../../src/wordpress/types.js';

const mapping: ObjectMapping = {
  name: 'Contact_User',
  salesforceObject: 'Contact',
  wordpressType: 'user',
  direction: 'Bidirectional',
  active: true,
  externalIdField: 'WP_Id__c',
  conflictPolicy: 'SalesforceWins',
  deletePolicy: 'Ignore',
  fields: [
    {
      name: 'Email',
      salesforceField: 'Email',
      wordpressField: 'email',
      direction: 'Bidirectional',
      transform: 'Lowercase',
      required: true,
    },
    {
      name: 'LastName',
      salesforceField: 'LastName',
      wordpressField: 'last_name',
      direction: 'Bidirectional',
      transform: 'Trim',
      required: true,
    },
  ],
};

const user = (username: string, email: string): WordPressUser =>
  ({ id: 7, username, email, name: 'Ada' }) as WordPressUser;

describe('keptUsernameNote', () => {
  it('says the login stays the old address after an email change', () => {
    expect(keptUsernameNote(mapping, true, user('ada@old.example', 'ada@new.example'))).toBe(
      '; the WordPress username stays ada@old.example (WordPress cannot rename users; the new email logs in too)',
    );
  });

  it('says nothing when the email was not written, or the login already is the email', () => {
    expect(keptUsernameNote(mapping, false, user('ada@old.example', 'ada@new.example'))).toBe('');
    expect(keptUsernameNote(mapping, true, user('Ada@New.example', 'ada@new.example'))).toBe('');
    expect(keptUsernameNote({ ...mapping, wordpressType: 'post' }, true, undefined)).toBe('');
  });
});

describe('writesEmail', () => {
  it('is true only when the field mapped to email is among those written', () => {
    expect(writesEmail(mapping, ['LastName', 'Email'])).toBe(true);
    expect(writesEmail(mapping, new Set(['LastName']))).toBe(false);
  });
});
