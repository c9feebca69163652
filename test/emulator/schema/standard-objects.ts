/**
 * Standard objects the sync touches, with their common fields. Types and lengths follow the
 * Salesforce Object Reference (describe `type` values); key prefixes are the platform's
 * well-known ones (003 Contact, 001 Account, 00Q Lead, 005 User).
 */
import type { EmulatorObject } from '../contracts.js';
import { campaign, campaignMember } from './campaign-objects.js';
import { auditFields, field } from './field-builders.js';
import { topic, topicAssignment } from './topic-objects.js';

const SALUTATIONS = ['Mr.', 'Ms.', 'Mrs.', 'Dr.', 'Prof.'];
const LEAD_STATUSES = [
  'Open - Not Contacted',
  'Working - Contacted',
  'Closed - Converted',
  'Closed - Not Converted',
];

function addressFields(prefix: string): ReturnType<typeof field>[] {
  return [
    field(`${prefix}Street`, 'textarea', { length: 255 }),
    field(`${prefix}City`, 'string', { length: 40 }),
    field(`${prefix}State`, 'string', { length: 80 }),
    field(`${prefix}PostalCode`, 'string', { length: 20 }),
    field(`${prefix}Country`, 'string', { length: 80 }),
  ];
}

function contact(): EmulatorObject {
  return {
    name: 'Contact',
    label: 'Contact',
    kind: 'standard',
    keyPrefix: '003',
    fields: [
      ...auditFields(),
      field('OwnerId', 'reference', { label: 'Owner ID', referenceTo: ['User'] }),
      field('AccountId', 'reference', { label: 'Account ID', referenceTo: ['Account'] }),
      field('Salutation', 'picklist', { picklistValues: SALUTATIONS }),
      field('FirstName', 'string', { length: 40 }),
      field('LastName', 'string', { length: 80, required: true }),
      field('Name', 'string', { label: 'Full Name', length: 121 }),
      field('Email', 'email', { length: 80 }),
      field('Phone', 'phone', { length: 40 }),
      field('MobilePhone', 'phone', { length: 40 }),
      field('Title', 'string', { length: 128 }),
      field('Department', 'string', { length: 80 }),
      field('Description', 'textarea', { length: 32000, filterable: false }),
      field('Birthdate', 'date'),
      field('LeadSource', 'picklist', { picklistValues: ['Web', 'Phone Inquiry', 'Other'] }),
      field('HasOptedOutOfEmail', 'boolean', { label: 'Email Opt Out' }),
      ...addressFields('Mailing'),
    ],
  };
}

function account(): EmulatorObject {
  return {
    name: 'Account',
    label: 'Account',
    kind: 'standard',
    keyPrefix: '001',
    fields: [
      ...auditFields(),
      field('OwnerId', 'reference', { label: 'Owner ID', referenceTo: ['User'] }),
      field('ParentId', 'reference', { label: 'Parent Account ID', referenceTo: ['Account'] }),
      field('Name', 'string', { label: 'Account Name', length: 255, required: true }),
      field('Type', 'picklist', {
        label: 'Account Type',
        picklistValues: ['Customer', 'Partner', 'Prospect', 'Other'],
      }),
      field('Industry', 'picklist', {
        picklistValues: ['Education', 'Media', 'Technology', 'Other'],
      }),
      field('Website', 'url', { length: 255 }),
      field('Phone', 'phone', { label: 'Account Phone', length: 40 }),
      field('Description', 'textarea', {
        label: 'Account Description',
        length: 32000,
        filterable: false,
      }),
      field('NumberOfEmployees', 'int', { label: 'Employees' }),
      field('AnnualRevenue', 'currency'),
      ...addressFields('Billing'),
      ...addressFields('Shipping'),
    ],
  };
}

function lead(): EmulatorObject {
  return {
    name: 'Lead',
    label: 'Lead',
    kind: 'standard',
    keyPrefix: '00Q',
    fields: [
      ...auditFields(),
      field('OwnerId', 'reference', { label: 'Owner ID', referenceTo: ['User'] }),
      field('Salutation', 'picklist', { picklistValues: SALUTATIONS }),
      field('FirstName', 'string', { length: 40 }),
      field('LastName', 'string', { length: 80, required: true }),
      field('Name', 'string', { label: 'Full Name', length: 121 }),
      field('Company', 'string', { length: 255, required: true }),
      field('Email', 'email', { length: 80 }),
      field('Phone', 'phone', { length: 40 }),
      field('Title', 'string', { length: 128 }),
      field('Website', 'url', { length: 255 }),
      field('Description', 'textarea', { length: 32000, filterable: false }),
      field('Status', 'picklist', { label: 'Lead Status', picklistValues: LEAD_STATUSES }),
      field('LeadSource', 'picklist', { picklistValues: ['Web', 'Phone Inquiry', 'Other'] }),
      // Conversion fields (Object Reference "Lead"; CDC "Change Events for Lead Conversion").
      field('IsConverted', 'boolean', { label: 'Converted' }),
      field('ConvertedDate', 'date'),
      field('ConvertedAccountId', 'reference', { referenceTo: ['Account'] }),
      field('ConvertedContactId', 'reference', { referenceTo: ['Contact'] }),
      field('ConvertedOpportunityId', 'reference', { referenceTo: ['Opportunity'] }),
      field('HasOptedOutOfEmail', 'boolean', { label: 'Email Opt Out' }),
      field('NumberOfEmployees', 'int', { label: 'Employees' }),
      field('Industry', 'picklist', {
        picklistValues: ['Education', 'Media', 'Technology', 'Other'],
      }),
      field('AnnualRevenue', 'currency'),
      ...addressFields(''),
    ],
  };
}

function user(): EmulatorObject {
  return {
    name: 'User',
    label: 'User',
    kind: 'standard',
    keyPrefix: '005',
    fields: [
      ...auditFields(),
      field('Username', 'string', { length: 80, required: true, unique: true }),
      field('FirstName', 'string', { length: 40 }),
      field('LastName', 'string', { length: 80, required: true }),
      field('Name', 'string', { label: 'Full Name', length: 121 }),
      field('Email', 'email', { length: 128, required: true }),
      field('Alias', 'string', { length: 8, required: true }),
      field('IsActive', 'boolean', { label: 'Active' }),
      field('TimeZoneSidKey', 'picklist', {
        label: 'Time Zone',
        picklistValues: ['GMT', 'Europe/London', 'America/Los_Angeles'],
      }),
      field('LanguageLocaleKey', 'picklist', { label: 'Language', picklistValues: ['en_US'] }),
    ],
  };
}

/** Standard objects, each built fresh so callers may extend them with package fields. */
export function standardObjects(): EmulatorObject[] {
  return [
    contact(),
    account(),
    lead(),
    user(),
    campaign(),
    campaignMember(),
    topic(),
    topicAssignment(),
  ];
}

/** Standard fields that are compound or derived and never written by clients. */
export const DERIVED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Contact: ['Name'],
  // Only lead conversion sets these (convertLead(); behaviour/lead-conversion.ts).
  Lead: [
    'Name',
    'ConvertedDate',
    'ConvertedAccountId',
    'ConvertedContactId',
    'ConvertedOpportunityId',
  ],
  User: ['Name'],
  // Read-only (Object Reference "Topic", "TopicAssignment": no Create or Update property).
  Topic: ['TalkingAbout', 'ManagedTopicType'],
  TopicAssignment: ['EntityType', 'EntityKeyPrefix'],
};

/**
 * Child relationship names of the standard lookups, keyed `Child.Field` (Object Reference:
 * Account's child relationships `Contacts` and `ChildAccounts`).
 */
export const STANDARD_CHILD_RELATIONSHIPS: Readonly<Record<string, string>> = {
  'Contact.AccountId': 'Contacts',
  'Account.ParentId': 'ChildAccounts',
  'CampaignMember.CampaignId': 'CampaignMembers',
  'CampaignMember.ContactId': 'CampaignMembers',
  'CampaignMember.LeadId': 'CampaignMembers',
  'TopicAssignment.TopicId': 'TopicAssignments',
  'TopicAssignment.EntityId': 'TopicAssignments',
};
