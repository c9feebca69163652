/**
 * Standard objects and fields the package may map or reference, with Metadata API field types. Only what a
 * mapping can reasonably name; a field missing here is reported, so extend the list when a mapping needs more.
 * Read-only fields (system, compound, formula-like) can flow to WordPress only.
 */
export interface StandardField {
  type: string;
  readOnly?: true;
}

const system: Record<string, StandardField> = {
  Id: { type: 'Id', readOnly: true },
  CreatedDate: { type: 'DateTime', readOnly: true },
  CreatedById: { type: 'Lookup', readOnly: true },
  LastModifiedDate: { type: 'DateTime', readOnly: true },
  LastModifiedById: { type: 'Lookup', readOnly: true },
  SystemModstamp: { type: 'DateTime', readOnly: true },
  IsDeleted: { type: 'Checkbox', readOnly: true },
  OwnerId: { type: 'Lookup' },
};

const text = (...names: string[]): Record<string, StandardField> =>
  Object.fromEntries(names.map((name) => [name, { type: 'Text' }]));
const typed = (type: string, ...names: string[]): Record<string, StandardField> =>
  Object.fromEntries(names.map((name) => [name, { type }]));

export const STANDARD_OBJECTS: Record<string, Record<string, StandardField>> = {
  Contact: {
    ...system,
    Name: { type: 'Text', readOnly: true },
    ...text(
      'FirstName',
      'LastName',
      'Title',
      'Department',
      'AssistantName',
      'MailingCity',
      'MailingState',
    ),
    ...text(
      'MailingPostalCode',
      'MailingCountry',
      'OtherCity',
      'OtherState',
      'OtherPostalCode',
      'OtherCountry',
    ),
    ...typed('Picklist', 'Salutation', 'LeadSource'),
    ...typed('Email', 'Email'),
    ...typed('Phone', 'Phone', 'MobilePhone', 'HomePhone', 'OtherPhone', 'Fax', 'AssistantPhone'),
    ...typed('TextArea', 'MailingStreet', 'OtherStreet'),
    ...typed('LongTextArea', 'Description'),
    ...typed('Date', 'Birthdate'),
    ...typed('Checkbox', 'HasOptedOutOfEmail', 'DoNotCall'),
    ...typed('Lookup', 'AccountId', 'ReportsToId'),
    MailingAddress: { type: 'Address', readOnly: true },
    OtherAddress: { type: 'Address', readOnly: true },
  },
  Account: {
    ...system,
    ...text('Name', 'AccountNumber', 'Site', 'TickerSymbol', 'Sic', 'BillingCity', 'BillingState'),
    ...text(
      'BillingPostalCode',
      'BillingCountry',
      'ShippingCity',
      'ShippingState',
      'ShippingPostalCode',
    ),
    ...text('ShippingCountry'),
    ...typed('Picklist', 'Type', 'Industry', 'Ownership', 'Rating', 'AccountSource'),
    ...typed('Currency', 'AnnualRevenue'),
    ...typed('Number', 'NumberOfEmployees'),
    ...typed('Phone', 'Phone', 'Fax'),
    ...typed('Url', 'Website'),
    ...typed('TextArea', 'BillingStreet', 'ShippingStreet'),
    ...typed('LongTextArea', 'Description'),
    ...typed('Lookup', 'ParentId'),
    // Compound address fields: field-level security is granted on these, not on their components.
    BillingAddress: { type: 'Address', readOnly: true },
    ShippingAddress: { type: 'Address', readOnly: true },
  },
  Lead: {
    ...system,
    Name: { type: 'Text', readOnly: true },
    IsConverted: { type: 'Checkbox', readOnly: true },
    ...text('FirstName', 'LastName', 'Title', 'Company', 'City', 'State', 'PostalCode', 'Country'),
    ...typed('Picklist', 'Salutation', 'Status', 'LeadSource', 'Industry', 'Rating'),
    ...typed('Email', 'Email'),
    ...typed('Phone', 'Phone', 'MobilePhone', 'Fax'),
    ...typed('Url', 'Website'),
    ...typed('TextArea', 'Street'),
    ...typed('LongTextArea', 'Description'),
    ...typed('Currency', 'AnnualRevenue'),
    ...typed('Number', 'NumberOfEmployees'),
    ...typed('Checkbox', 'HasOptedOutOfEmail', 'DoNotCall'),
  },
  Campaign: {
    ...system,
    Name: { type: 'Text' },
    ...typed('Picklist', 'Status', 'Type'),
    ...typed('Checkbox', 'IsActive'),
  },
  CampaignMember: {
    ...system,
    ...typed('Lookup', 'CampaignId', 'LeadId', 'ContactId'),
    ...typed('Picklist', 'Status'),
  },
  User: {
    ...system,
    Name: { type: 'Text', readOnly: true },
    ...text(
      'Username',
      'FirstName',
      'LastName',
      'Alias',
      'Title',
      'Department',
      'CommunityNickname',
    ),
    ...typed('Email', 'Email'),
    ...typed('Checkbox', 'IsActive'),
    ...typed('Lookup', 'ProfileId', 'ContactId'),
  },
};
