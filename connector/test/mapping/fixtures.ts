import type { ObjectMapping } from '../../src/mapping/index.js';

/** Contact ↔ WordPress user, shaped like the package's default mapping. */
export const contactToUser: ObjectMapping = {
  name: 'Contact_User',
  salesforceObject: 'Contact',
  wordpressType: 'user',
  direction: 'Bidirectional',
  active: true,
  externalIdField: 'WP_Id__c',
  matchField: 'Email',
  wordpressMatchField: 'email',
  conflictPolicy: 'SalesforceWins',
  deletePolicy: 'Delete',
  fields: [
    {
      name: 'Contact_Email',
      salesforceField: 'Email',
      wordpressField: 'email',
      direction: 'Bidirectional',
      transform: 'Lowercase',
      required: true,
    },
    {
      name: 'Contact_First',
      salesforceField: 'FirstName',
      wordpressField: 'first_name',
      direction: 'Bidirectional',
      transform: 'Trim',
      required: false,
    },
    {
      name: 'Contact_Last',
      salesforceField: 'LastName',
      wordpressField: 'last_name',
      direction: 'Bidirectional',
      transform: 'None',
      required: false,
    },
    {
      name: 'Contact_Bio',
      salesforceField: 'Description',
      wordpressField: 'description',
      direction: 'SalesforceToWordPress',
      transform: 'None',
      required: false,
    },
  ],
};

/** Account → `organization` posts with meta, one way. */
export const accountToOrganization: ObjectMapping = {
  name: 'Account_Organization',
  salesforceObject: 'Account',
  wordpressType: 'organization',
  direction: 'SalesforceToWordPress',
  active: true,
  externalIdField: 'WP_Id__c',
  conflictPolicy: 'SalesforceWins',
  deletePolicy: 'Trash',
  fields: [
    {
      name: 'Account_Name',
      salesforceField: 'Name',
      wordpressField: 'title',
      direction: 'SalesforceToWordPress',
      transform: 'None',
      required: true,
    },
    {
      name: 'Account_Description',
      salesforceField: 'Description',
      wordpressField: 'content',
      direction: 'SalesforceToWordPress',
      transform: 'None',
      required: false,
    },
    {
      name: 'Account_City',
      salesforceField: 'BillingCity',
      wordpressField: 'meta.billing_city',
      direction: 'SalesforceToWordPress',
      transform: 'Trim',
      required: false,
    },
    {
      name: 'Account_Founded',
      salesforceField: 'Founded__c',
      wordpressField: 'meta.founded',
      direction: 'SalesforceToWordPress',
      transform: 'DateOnly',
      required: false,
    },
  ],
};

/** The Contact ↔ user mapping with the record's Topics as a tag list (segments, Topics mode). */
export const contactToUserWithTopics: ObjectMapping = {
  ...contactToUser,
  fields: [
    ...contactToUser.fields,
    {
      name: 'Contact_Topics',
      salesforceField: 'Topics',
      wordpressField: 'meta.sfwp_topics',
      direction: 'Bidirectional',
      transform: 'None',
      required: false,
      set: { source: 'Topics', allowedRoles: [], allowPrivilegedRoles: false },
    },
  ],
};
