import {
  DUPLICATE_RULE_ACTIONS,
  EXISTING_CONTACT_ACTIONS,
  FIELD_POLICIES,
  type FormSettings,
} from './types.js';

/** The form columns of a `WP_Object_Mapping__mdt` row (blank on other mappings). */
export interface FormSettingsRecord {
  WordPress_Form_Id__c?: string | null;
  Existing_Contact_Action__c?: string | null;
  Duplicate_Rule_Action__c?: string | null;
  Field_Policy__c?: string | null;
  Campaign_Id__c?: string | null;
  Lead_Source__c?: string | null;
}

const SALESFORCE_ID = /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/;

function choice<T extends string>(
  column: string,
  allowed: readonly T[],
  value: string | null | undefined,
  issues: string[],
): T {
  const fallback = allowed[0] as T;
  if (value === null || value === undefined || value === '') return fallback;
  const found = allowed.find((candidate) => candidate === value);
  if (found === undefined) issues.push(`${column} '${value}' is not one of ${allowed.join(', ')}`);
  return found ?? fallback;
}

/** A form mapping's settings; problems are added to `issues` (the mapping is then left out). */
export function formSettingsFrom(row: FormSettingsRecord, issues: string[]): FormSettings {
  const formText = row.WordPress_Form_Id__c?.trim() ?? '';
  const formId = Number(formText);
  if (formText !== '' && !(Number.isInteger(formId) && formId > 0)) {
    issues.push(`WordPress_Form_Id__c '${formText}' is not a WordPress form id`);
  }
  const campaignId = row.Campaign_Id__c?.trim() ?? '';
  if (campaignId !== '' && !SALESFORCE_ID.test(campaignId)) {
    issues.push(`Campaign_Id__c '${campaignId}' is not a Salesforce id`);
  }
  const leadSource = row.Lead_Source__c?.trim() ?? '';
  return {
    ...(formText !== '' && formId > 0 ? { formId } : {}),
    existingContact: choice(
      'Existing_Contact_Action__c',
      EXISTING_CONTACT_ACTIONS,
      row.Existing_Contact_Action__c,
      issues,
    ),
    duplicateRule: choice(
      'Duplicate_Rule_Action__c',
      DUPLICATE_RULE_ACTIONS,
      row.Duplicate_Rule_Action__c,
      issues,
    ),
    fieldPolicy: choice('Field_Policy__c', FIELD_POLICIES, row.Field_Policy__c, issues),
    ...(campaignId !== '' ? { campaignId } : {}),
    ...(leadSource !== '' ? { leadSource } : {}),
  };
}
