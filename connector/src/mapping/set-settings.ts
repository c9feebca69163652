import { SET_SOURCES, TOPICS_FIELD, type SetFieldSettings, type SetSource } from './types.js';
import { isMetaField } from './wordpress-fields.js';

/** The set-valued columns of a `WP_Field_Mapping__mdt` row (blank on scalar fields). */
export interface SetSettingsRecord {
  Salesforce_Field__c: string | null;
  WordPress_Field__c: string | null;
  Set_Source__c?: string | null;
  Allowed_Roles__c?: string | null;
  Allow_Privileged_Roles__c?: boolean | null;
}

/** The WordPress field holding a user's roles (REST `roles`). */
export const ROLES_FIELD = 'roles';

/** A role slug as WordPress writes them (sanitize_key). */
const ROLE_SLUG = /^[a-z0-9_-]+$/;

/** Role slugs of `Allowed_Roles__c` (comma separated), trimmed, without blanks. */
export function allowedRolesOf(text: string | null | undefined): string[] {
  return [
    ...new Set(
      (text ?? '')
        .split(',')
        .map((role) => role.trim())
        .filter(Boolean),
    ),
  ];
}

/**
 * A field row's set settings, or undefined for a scalar field. Problems are added to `issues`
 * (the mapping is then left out with them, the others load): a set whose WordPress field is
 * neither `meta.<key>` nor `roles`, roles without an allowlist (or on something not a user), a
 * Topics set whose Salesforce field is not `Topics`.
 */
export function setSettingsFrom(
  row: SetSettingsRecord,
  wordpressType: string | null,
  issues: string[],
): SetFieldSettings | undefined {
  const sourceText = row.Set_Source__c?.trim() ?? '';
  if (sourceText === '') return undefined;
  const source = SET_SOURCES.find((candidate) => candidate === sourceText);
  if (!source) {
    issues.push(`Set_Source__c '${sourceText}' is not one of ${SET_SOURCES.join(', ')}`);
    return undefined;
  }
  const wordpressField = row.WordPress_Field__c ?? '';
  const roles = wordpressField === ROLES_FIELD;
  if (!roles && !isMetaField(wordpressField)) {
    issues.push(
      `a set (Set_Source__c ${source}) goes to a WordPress user meta list (meta.<key>) or to roles, not '${wordpressField}'`,
    );
  }
  if (roles && wordpressType !== 'user') issues.push('roles is a field of WordPress users only');
  const allowedRoles = allowedRolesOf(row.Allowed_Roles__c);
  if (roles && allowedRoles.length === 0) {
    issues.push(
      'roles needs Allowed_Roles__c: the role slugs the sync may grant and revoke (comma separated)',
    );
  }
  const badSlugs = allowedRoles.filter((role) => !ROLE_SLUG.test(role));
  if (badSlugs.length > 0) {
    issues.push(`Allowed_Roles__c names ${badSlugs.join(', ')}, which are not role slugs`);
  }
  checkTopics(source, row.Salesforce_Field__c, issues);
  return {
    source,
    allowedRoles: roles ? allowedRoles : [],
    allowPrivilegedRoles: roles && row.Allow_Privileged_Roles__c === true,
  };
}

function checkTopics(source: SetSource, salesforceField: string | null, issues: string[]): void {
  if (source === 'Topics' && salesforceField !== TOPICS_FIELD) {
    issues.push(
      `a Topics set has Salesforce_Field__c '${TOPICS_FIELD}' (its tags are TopicAssignments), not '${String(salesforceField)}'`,
    );
  }
  if (source !== 'Topics' && salesforceField === TOPICS_FIELD) {
    issues.push(`Salesforce_Field__c '${TOPICS_FIELD}' needs Set_Source__c Topics`);
  }
}

/** Whether a field mapping's Salesforce side is the record's Topics (TopicAssignments). */
export function isTopicsField(field: { set?: SetFieldSettings }): boolean {
  return field.set?.source === 'Topics';
}
