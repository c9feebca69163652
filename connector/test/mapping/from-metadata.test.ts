import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  mappingsFromMetadata,
  type FieldMappingRecord,
  type ObjectMappingRecord,
} from '../../src/mapping/index.js';

interface VectorFile {
  objectMappings: ObjectMappingRecord[];
  fieldMappings: FieldMappingRecord[];
}

/** The shipped default mappings, as the shared rules vectors record them. */
function vectorMappings(file: string): VectorFile {
  return JSON.parse(readFileSync(`test/vectors/${file}`, 'utf8')) as VectorFile;
}

describe('mappingsFromMetadata', () => {
  it('reads the shipped Contact ↔ user and Account → organization mappings', () => {
    const contact = vectorMappings('contact-user.json');
    const account = vectorMappings('account-organization.json');
    const loaded = mappingsFromMetadata(
      [...contact.objectMappings, ...account.objectMappings],
      [...contact.fieldMappings, ...account.fieldMappings],
    );
    expect(loaded.problems).toEqual([]);
    const [user, organization] = loaded.mappings;
    expect(user).toMatchObject({
      name: 'Contact_User',
      wordpressType: 'user',
      matchField: 'Email',
      wordpressMatchField: 'email',
    });
    expect(user?.fields.map((field) => field.wordpressField)).toContain('email');
    expect(organization).toMatchObject({
      name: 'Account_Organization',
      wordpressType: 'organization',
      deletePolicy: 'Trash',
    });
    expect(organization?.fields.map((field) => field.wordpressField)).toContain(
      'meta.billing_city',
    );
  });

  it('accepts the relationship as SOQL returns it', () => {
    const loaded = mappingsFromMetadata(
      [
        {
          DeveloperName: 'Lead_User',
          Salesforce_Object__c: 'Lead',
          WordPress_Type__c: 'user',
          Direction__c: 'SalesforceToWordPress',
          Active__c: true,
          External_Id_Field__c: 'WP_Id__c',
        },
      ],
      [
        {
          DeveloperName: 'Lead_Email',
          Object_Mapping__r: { DeveloperName: 'Lead_User' },
          Salesforce_Field__c: 'Email',
          WordPress_Field__c: 'email',
          Direction__c: null,
        },
      ],
    );
    expect(loaded.problems).toEqual([]);
    expect(loaded.mappings[0]?.fields[0]).toMatchObject({
      direction: 'SalesforceToWordPress',
      transform: 'None',
      required: false,
    });
    expect(loaded.mappings[0]).toMatchObject({
      conflictPolicy: 'SalesforceWins',
      deletePolicy: 'Ignore',
    });
  });

  it('skips a broken mapping with every reason, keeping the good ones', () => {
    const good = vectorMappings('contact-user.json');
    const loaded = mappingsFromMetadata(
      [
        ...good.objectMappings,
        {
          DeveloperName: 'Broken',
          Salesforce_Object__c: 'Account',
          WordPress_Type__c: 'Not A Slug',
          Direction__c: 'Sideways',
          Active__c: true,
          External_Id_Field__c: null,
          Match_Field__c: 'Name',
        },
      ],
      [
        ...good.fieldMappings,
        {
          DeveloperName: 'Broken_Name',
          Object_Mapping__c: 'Broken',
          Salesforce_Field__c: 'Name',
          WordPress_Field__c: 'title',
          Direction__c: null,
          Transform__c: 'Rot13',
        },
      ],
    );
    expect(loaded.mappings.map((mapping) => mapping.name)).toEqual(['Contact_User']);
    expect(loaded.problems).toHaveLength(1);
    const message = loaded.problems[0]?.message ?? '';
    for (const part of [
      "Direction__c 'Sideways'",
      "WordPress_Type__c 'Not A Slug'",
      'External_Id_Field__c',
      'must be set together',
      "unknown Transform__c 'Rot13'",
    ]) {
      expect(message).toContain(part);
    }
  });

  it('reads the post status of created posts: blank is draft, an unknown one is a problem', () => {
    const row = (name: string, status: string | null): ObjectMappingRecord => ({
      DeveloperName: name,
      Salesforce_Object__c: 'Account',
      WordPress_Type__c: 'organization',
      Direction__c: 'SalesforceToWordPress',
      Active__c: true,
      External_Id_Field__c: 'WP_Id__c',
      WP_Post_Status__c: status,
    });
    const field = (mapping: string): FieldMappingRecord => ({
      DeveloperName: `${mapping}_Name`,
      Object_Mapping__c: mapping,
      Salesforce_Field__c: 'Name',
      WordPress_Field__c: 'title',
      Direction__c: null,
    });
    const loaded = mappingsFromMetadata(
      [row('Published', 'publish'), row('Blank', null), row('Odd', 'future')],
      [field('Published'), field('Blank'), field('Odd')],
    );
    expect(loaded.mappings.map((mapping) => [mapping.name, mapping.postStatus])).toEqual([
      ['Published', 'publish'],
      ['Blank', 'draft'],
    ]);
    expect(loaded.problems).toEqual([
      {
        mapping: 'Odd',
        message: "WP_Post_Status__c 'future' is not one of publish, draft, pending, private",
      },
    ]);
  });
});
