import { describe, expect, it } from 'vitest';
import { formSettingsFrom } from '../../src/mapping/form-settings.js';
import { mappingsFromMetadata } from '../../src/mapping/from-metadata.js';

describe('form mapping settings from custom metadata', () => {
  it('defaults blank columns and reads the set ones', () => {
    const issues: string[] = [];
    expect(formSettingsFrom({}, issues)).toEqual({
      existingContact: 'UpdateContact',
      duplicateRule: 'LinkToMatch',
      fieldPolicy: 'FillBlanks',
    });
    expect(
      formSettingsFrom(
        {
          WordPress_Form_Id__c: '12',
          Existing_Contact_Action__c: 'CreateLead',
          Duplicate_Rule_Action__c: 'AllowSave',
          Field_Policy__c: 'Overwrite',
          Campaign_Id__c: '701000000000001',
          Lead_Source__c: 'Web',
        },
        issues,
      ),
    ).toEqual({
      formId: 12,
      existingContact: 'CreateLead',
      duplicateRule: 'AllowSave',
      fieldPolicy: 'Overwrite',
      campaignId: '701000000000001',
      leadSource: 'Web',
    });
    expect(issues).toEqual([]);
  });

  it('reports values it cannot use, and the mapping is left out', () => {
    const issues: string[] = [];
    formSettingsFrom(
      { WordPress_Form_Id__c: 'contact', Field_Policy__c: 'Merge', Campaign_Id__c: 'x' },
      issues,
    );
    expect(issues).toEqual([
      "WordPress_Form_Id__c 'contact' is not a WordPress form id",
      "Campaign_Id__c 'x' is not a Salesforce id",
      "Field_Policy__c 'Merge' is not one of FillBlanks, Overwrite",
    ]);
    const loaded = mappingsFromMetadata(
      [
        {
          DeveloperName: 'Form',
          Salesforce_Object__c: 'Lead',
          WordPress_Type__c: 'form_submission',
          Direction__c: 'WordPressToSalesforce',
          Active__c: true,
          External_Id_Field__c: 'WP_Form_Submission_Id__c',
          Field_Policy__c: 'Merge',
        },
      ],
      [
        {
          DeveloperName: 'Form_Email',
          Object_Mapping__c: 'Form',
          Salesforce_Field__c: 'Email',
          WordPress_Field__c: 'fields.email',
          Direction__c: 'WordPressToSalesforce',
        },
      ],
    );
    expect(loaded.mappings).toEqual([]);
    expect(loaded.problems[0]?.message).toContain('Field_Policy__c');
  });
});
