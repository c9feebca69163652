/**
 * Set-valued field mappings (`Set_Source__c`, docs/SEGMENTS.md) and org to org mappings
 * (`Target_Org__c`): what the general type checks in mapping-checks.ts cannot judge.
 * - MultiSelectPicklist: the Salesforce field is a multi-select picklist; the WordPress side is a
 *   user meta list (`meta.<key>`) or the user's `roles`.
 * - Topics: `Salesforce_Field__c` is `Topics` (TopicAssignment rows, no field of the object).
 * - `roles` names the roles it may grant (`Allowed_Roles__c`).
 */
import type { CustomMetadataRecord, FieldInfo } from './project-model.js';

export const SET_SOURCES = ['MultiSelectPicklist', 'Topics'] as const;
export const TOPICS_FIELD = 'Topics';
export const ROLES_FIELD = 'roles';
const META_FIELD = /^meta\.[A-Za-z0-9_-]+$/;
const API_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

const valueOf = (record: CustomMetadataRecord, field: string): string | null =>
  record.values.find((value) => value.field.toLowerCase() === field.toLowerCase())?.value ?? null;

/** The field mapping's `Set_Source__c`, or null for an ordinary (scalar) mapping. */
export function setSourceOf(fieldMapping: CustomMetadataRecord): string | null {
  return valueOf(fieldMapping, 'Set_Source__c');
}

/** The object mapping's `Target_Org__c`: set on org to org mappings only. */
export function targetOrgOf(objectMapping: CustomMetadataRecord): string | null {
  return valueOf(objectMapping, 'Target_Org__c');
}

/**
 * Problems of a set-valued field mapping (`Set_Source__c` set), as `[rule, message]` pairs.
 * `field` is the Salesforce field it names, undefined when the object has none.
 */
export function setMappingProblems(
  fieldMapping: CustomMetadataRecord,
  field: FieldInfo | undefined,
  wordPressType: string,
): [string, string][] {
  const source = setSourceOf(fieldMapping) ?? '';
  const salesforceField = valueOf(fieldMapping, 'Salesforce_Field__c') ?? '';
  const wordPressField = valueOf(fieldMapping, 'WordPress_Field__c') ?? '';
  const problems: [string, string][] = [];
  if (!(SET_SOURCES as readonly string[]).includes(source)) {
    return [['mapping-set', `Set_Source__c "${source}" is not one of ${SET_SOURCES.join(', ')}`]];
  }
  if (source === 'Topics' && salesforceField !== TOPICS_FIELD) {
    problems.push([
      'mapping-set',
      `Set_Source__c Topics takes the record's topics: Salesforce_Field__c must be ${TOPICS_FIELD}`,
    ]);
  }
  if (source === 'MultiSelectPicklist' && field === undefined) {
    problems.push(['mapping-field', `Salesforce field ${salesforceField} does not exist`]);
  } else if (source === 'MultiSelectPicklist' && field?.type !== 'MultiselectPicklist') {
    problems.push([
      'mapping-type',
      `Set_Source__c MultiSelectPicklist needs a multi-select picklist; ${salesforceField} is ${String(field?.type)}`,
    ]);
  }
  const isRoles = wordPressField === ROLES_FIELD;
  if (wordPressType !== 'user' || !(isRoles || META_FIELD.test(wordPressField))) {
    problems.push([
      'mapping-wordpress-field',
      `a set syncs with a WordPress user's meta.<key> list or roles, not ${wordPressType} ${wordPressField}`,
    ]);
  }
  if (isRoles && (valueOf(fieldMapping, 'Allowed_Roles__c') ?? '').trim() === '') {
    problems.push(['mapping-set', 'WordPress field roles needs Allowed_Roles__c']);
  }
  return problems;
}

/**
 * Problems of a field mapping of an org to org mapping: its `WordPress_Field__c` is the API name
 * of the same object's field in the target org, which this project can only check for shape.
 */
export function orgToOrgFieldProblems(fieldMapping: CustomMetadataRecord): [string, string][] {
  const target = valueOf(fieldMapping, 'WordPress_Field__c') ?? '';
  return API_NAME.test(target)
    ? []
    : [
        [
          'mapping-wordpress-field',
          `"${target}" is not a field API name; an org to org mapping names the target org's field`,
        ],
      ];
}
