import type { ConflictPolicy, ObjectMapping } from '../../src/mapping/types.js';
import { WordPressError } from '../../src/wordpress/errors.js';
import type { WordPressObject, WriteResult } from '../../src/wordpress/types.js';

/** Contact ↔ user for the bad input catalogue's connector fixes (test/reliability/bad-input). */
export const badInputMapping: ObjectMapping = {
  name: 'Contact_User',
  salesforceObject: 'Contact',
  wordpressType: 'user',
  direction: 'Bidirectional',
  active: true,
  externalIdField: 'WP_Id__c',
  matchField: 'Email',
  wordpressMatchField: 'email',
  conflictPolicy: 'SalesforceWins',
  deletePolicy: 'Ignore',
  keyPrefix: '003',
  fields: [
    {
      name: 'LastName',
      salesforceField: 'LastName',
      wordpressField: 'last_name',
      direction: 'Bidirectional',
      transform: 'None',
      required: true,
    },
    {
      name: 'Email',
      salesforceField: 'Email',
      wordpressField: 'email',
      direction: 'Bidirectional',
      transform: 'Lowercase',
      required: false,
    },
    {
      name: 'Website',
      salesforceField: 'WP_Website__c',
      wordpressField: 'url',
      direction: 'Bidirectional',
      transform: 'None',
      required: false,
    },
  ],
};

/**
 * Contact ↔ user on LastName and FirstName, both flowing `direction`: the conditional-write
 * tests (issue #24) and the Salesforce → WordPress plan tests.
 */
export function mappingWith(
  conflictPolicy: ConflictPolicy = 'SalesforceWins',
  direction: ObjectMapping['direction'] = 'Bidirectional',
): ObjectMapping {
  return {
    name: 'Contact_User',
    salesforceObject: 'Contact',
    wordpressType: 'user',
    direction,
    active: true,
    externalIdField: 'WP_Id__c',
    conflictPolicy,
    deletePolicy: 'Ignore',
    fields: [
      {
        name: 'LastName',
        salesforceField: 'LastName',
        wordpressField: 'last_name',
        direction,
        transform: 'None',
        required: true,
      },
      {
        name: 'FirstName',
        salesforceField: 'FirstName',
        wordpressField: 'first_name',
        direction,
        transform: 'None',
        required: false,
      },
    ],
  };
}

/** A WordPress user with the given fields. */
export function userWith(id: number, fields: Record<string, unknown>): WordPressObject {
  return {
    id,
    name: '',
    url: '',
    description: '',
    slug: '',
    meta: {},
    ...fields,
  };
}

/** The Contact and WordPress user of the conditional-write tests. */
export const RECORD = '003000000000001AAA';
export const USER = 7;

/** The companion plugin's answer to a write whose `X-Sfwp-If-Version` is out of date. */
export const staleWrite = (): WriteResult => ({
  ok: false,
  error: new WordPressError('user 7 changed since version 1 was read', {
    code: 'sfwp_stale_write',
    status: 412,
  }),
});
