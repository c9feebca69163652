import type { ConflictPolicy, ObjectMapping } from '../../src/mapping/types.js';
import type { WordPressObject } from '../../src/wordpress/types.js';

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

/** Contact ↔ user on LastName and FirstName, for the conditional-write tests (issue #24). */
export function mappingWith(conflictPolicy: ConflictPolicy): ObjectMapping {
  return {
    name: 'Contact_User',
    salesforceObject: 'Contact',
    wordpressType: 'user',
    direction: 'Bidirectional',
    active: true,
    externalIdField: 'WP_Id__c',
    conflictPolicy,
    deletePolicy: 'Ignore',
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
        name: 'FirstName',
        salesforceField: 'FirstName',
        wordpressField: 'first_name',
        direction: 'Bidirectional',
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
