import type { ObjectMapping } from '../../src/mapping/types.js';
import { userWith } from '../support/apply-mappings.js';
import type { IdLink } from '../../src/store/state-store.js';
import type { WordPressObject } from '../../src/wordpress/types.js';
import { planRecord, type Plan } from '../../src/wordpress-to-salesforce/plan.js';
import type { WordPressChangeItem } from '../../src/wordpress-to-salesforce/types.js';

/** Contact ↔ user, matched by email; Title only flows from Salesforce. */
export const mapping: ObjectMapping = {
  name: 'Contact_User',
  salesforceObject: 'Contact',
  wordpressType: 'user',
  direction: 'Bidirectional',
  active: true,
  externalIdField: 'WP_Id__c',
  matchField: 'Email',
  conflictPolicy: 'SalesforceWins',
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
      name: 'Email',
      salesforceField: 'Email',
      wordpressField: 'email',
      direction: 'Bidirectional',
      transform: 'Lowercase',
      required: false,
    },
    {
      name: 'Title',
      salesforceField: 'Title',
      wordpressField: 'description',
      direction: 'SalesforceToWordPress',
      transform: 'None',
      required: false,
    },
  ],
};

/** A WordPress user (7 unless told) with the given fields. */
export function user(fields: Record<string, unknown>, id = 7): WordPressObject {
  return userWith(id, fields);
}

/** User 7's link to Contact 003000000000001AAA. */
export function link(overrides: Partial<IdLink> = {}): IdLink {
  return {
    mapping: mapping.name,
    salesforceId: '003000000000001AAA',
    wordpressId: 7,
    salesforceHash: undefined,
    wordpressHash: undefined,
    updatedAt: '2026-01-01T00:00:00Z',
    salesforceHasWordPressId: true,
    syncState: undefined,
    ...overrides,
  };
}

/** User 7 updated on 1 March 2026 at noon. */
export const item: WordPressChangeItem = {
  id: 7,
  operation: 'update',
  changedAt: new Date('2026-03-01T12:00:00Z'),
};

/** The plan for an object that maps cleanly. */
export function planned(
  object: WordPressObject,
  idLink?: IdLink,
  change: WordPressChangeItem = { ...item, id: object.id },
): Plan {
  const result = planRecord(mapping, change, object, idLink);
  if (!('plan' in result)) throw new Error(`expected a plan, got ${result.failure.message}`);
  return result.plan;
}
