/**
 * The preview's copies of WPSyncAdminSetFieldValidator and WPSyncAdminOrgToOrgValidator
 * (force-app/main/default/classes): the same checks and messages, against the emulator's describe.
 */
export const ROLES_FIELD = 'roles';
const TOPICS_FIELD = 'Topics';
const SET_SOURCES = ['MultiSelectPicklist', 'Topics'];
const KNOWN_PRIVILEGED_ROLES = ['administrator', 'editor'];
const META_FIELD = /^meta\.[A-Za-z0-9_-]{1,200}$/;
const ROLE_SLUG = /^[a-z0-9_-]{1,60}$/;
const ALLOWED_ROLES_LENGTH = 255;
const ORG_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;
const SOURCE_RECORD_ID_FIELD = 'WP_Source_Record_Id__c';

function splitRoles(roles) {
  const result = [];
  for (const role of String(roles ?? '').split(',')) {
    const trimmed = role.trim();
    if (trimmed && !result.includes(trimmed)) result.push(trimmed);
  }
  return result;
}

/** WPSyncAdminSetFieldValidator.normaliseRoles: how Allowed_Roles__c is stored. */
export function normaliseRoles(allowedRoles) {
  const roles = splitRoles(allowedRoles);
  return roles.length ? roles.join(',') : null;
}

const blank = (value) => !value || !String(value).trim();

function sourceProblems(field, described, wordPressType) {
  if (!SET_SOURCES.includes(field.setSource)) {
    return ['Set source must be MultiSelectPicklist, Topics, or none.'];
  }
  if (wordPressType === null) {
    return ['An org to org mapping copies fields as they are: clear the Set source.'];
  }
  const problems = [];
  if (field.setSource === 'Topics' && field.salesforceField !== TOPICS_FIELD) {
    problems.push(
      "Set source Topics takes the record's Topics: choose Topics as the Salesforce field, or another Set source.",
    );
  }
  if (
    field.setSource === 'MultiSelectPicklist' &&
    described &&
    described.type !== 'multipicklist'
  ) {
    problems.push(
      `Set source MultiSelectPicklist needs a multi-select picklist; ${field.salesforceField} is a ${String(described.type).toLowerCase()} field. Choose a multi-select picklist field, or clear the Set source.`,
    );
  }
  const userList =
    wordPressType === 'user' &&
    (field.wordPressField === ROLES_FIELD || META_FIELD.test(String(field.wordPressField)));
  if (!userList) {
    problems.push(
      "A set syncs with a WordPress user's list: map it to meta.<key> (tags) or roles on a user mapping.",
    );
  }
  return problems;
}

function rolesProblems(field) {
  const allowed = splitRoles(field.allowedRoles);
  if (allowed.length === 0) {
    return [
      'WordPress field roles needs Allowed roles: the role slugs this mapping may grant and revoke, ' +
        'e.g. subscriber, member_gold. Any other role in the Salesforce data is refused.',
    ];
  }
  const marked = splitRoles(field.privilegedRoles);
  const problems = [];
  const malformed = [...allowed, ...marked].filter((role) => !ROLE_SLUG.test(role));
  if (malformed.length > 0) {
    problems.push(
      `Role "${malformed.join('", "')}" is not a WordPress role slug: use lowercase letters, digits, _ and -.`,
    );
  }
  if (allowed.join(',').length > ALLOWED_ROLES_LENGTH) {
    problems.push(
      `Allowed roles hold at most ${ALLOWED_ROLES_LENGTH} characters: name fewer roles.`,
    );
  }
  const privileged = new Set([...KNOWN_PRIVILEGED_ROLES, ...marked]);
  const granted = allowed.filter((role) => privileged.has(role));
  if (granted.length > 0 && field.allowPrivilegedRoles !== true) {
    problems.push(
      `Allowed roles ${granted.join(', ')} can manage the site or its users (manage_options, edit_users, promote_users or ` +
        'unfiltered_html): remove them, or tick Allow privileged roles to let Salesforce data grant them.',
    );
  }
  return problems;
}

/**
 * The set settings' problems of one field mapping. `described` is the emulator's describe of its
 * Salesforce field (undefined when none); `wordPressType` null for an org to org mapping.
 */
export function setFieldProblems(field, described, wordPressType) {
  const roles = field.wordPressField === ROLES_FIELD;
  const problems = [];
  if (!blank(field.setSource)) {
    problems.push(...sourceProblems(field, described, wordPressType));
  } else if (roles && wordPressType !== null) {
    problems.push(
      'WordPress field roles holds a set of roles: choose a Set source (multi-select picklist or Topics).',
    );
  }
  if (roles && wordPressType !== null) {
    problems.push(...rolesProblems(field));
  } else if (!blank(field.allowedRoles) || field.allowPrivilegedRoles === true) {
    problems.push(
      'Allowed roles and Allow privileged roles apply to the WordPress field roles only: clear them.',
    );
  }
  return problems;
}

/** WPSyncAdminOrgToOrgValidator: [field, message] pairs of an org to org mapping. */
export function orgToOrgProblems(input, fieldNamed) {
  const problems = [];
  if (!ORG_NAME.test(input.targetOrg)) {
    problems.push([
      'targetOrg',
      "Target org must be the name the connector's configuration gives that org (orgs: name): a " +
        'letter, then letters, digits, _ and -, at most 40 characters.',
    ]);
  }
  if (input.direction === 'WordPressToSalesforce') {
    problems.push([
      'direction',
      `An org to org mapping sends this org's records to ${input.targetOrg}: choose SalesforceToWordPress (one way) or Bidirectional (both ways).`,
    ]);
  }
  if (!fieldNamed(SOURCE_RECORD_ID_FIELD)) {
    problems.push([
      'targetOrg',
      `${input.salesforceObject} has no field ${SOURCE_RECORD_ID_FIELD}, where org to org copies keep the id of the record they came from. Deploy the package's ${SOURCE_RECORD_ID_FIELD} field to ${input.salesforceObject}, or clear Target org.`,
    ]);
  }
  return problems;
}
