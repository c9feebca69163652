/**
 * The preview's copy of WPSyncAdminMappingValidator (force-app/main/default/classes): the same
 * checks and messages, run against the emulator's describe instead of Apex's.
 */
import { describe } from './rest.js';
import { ROLES_FIELD, orgToOrgProblems, setFieldProblems } from './set-field-validator.js';

export const MAPPABLE_OBJECTS = ['Account', 'Contact', 'Lead'];
const ALLOWED = {
  direction: ['Bidirectional', 'SalesforceToWordPress', 'WordPressToSalesforce'],
  transform: ['None', 'Trim', 'Lowercase', 'DateOnly', 'HtmlToText', 'TextToHtml', 'Html', 'Url'],
  conflictPolicy: ['SalesforceWins', 'WordPressWins', 'NewestWins'],
  deletePolicy: ['Delete', 'Trash', 'Ignore'],
  postStatus: ['publish', 'draft', 'pending', 'private'],
};
const LABELS = {
  direction: 'Direction',
  transform: 'Transform',
  conflictPolicy: 'Conflict policy',
  deletePolicy: 'Delete policy',
  postStatus: 'Post status',
};
const USER_FIELDS = [
  'email',
  'username',
  'name',
  'first_name',
  'last_name',
  'nickname',
  'slug',
  'description',
  'url',
  'locale',
];
const POST_FIELDS = ['title', 'content', 'excerpt', 'slug', 'status', 'date', 'date_gmt'];
const META_FIELD = /^meta\.[A-Za-z0-9_-]{1,200}$/;
// Form submissions carry fields.<name>, utm.<key> and a few values of their own (docs/FORMS.md).
const FORM_FIELDS = [
  'utm.source',
  'utm.medium',
  'utm.campaign',
  'utm.term',
  'utm.content',
  'page_url',
  'consent',
  'form_name',
  'submitted_at',
];
const FORM_FIELD = /^fields\.[A-Za-z0-9_-]+$/;
const WORDPRESS_TYPE = /^[a-z0-9_-]{1,20}$/;
const API_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;
const DEVELOPER_NAME = /^[A-Za-z](?!.*__)[A-Za-z0-9_]{0,39}(?<!_)$/;

const toWordPress = (direction) =>
  direction === 'Bidirectional' || direction === 'SalesforceToWordPress';
const toSalesforce = (direction) =>
  direction === 'Bidirectional' || direction === 'WordPressToSalesforce';

export async function validateMappingInput(input) {
  const issues = [];
  const add = (row, field, message) =>
    issues.push({
      row,
      field,
      message: row === null ? message : `Field mapping ${row + 1}: ${message}`,
    });
  const checkAllowed = (row, property, value) => {
    if (!ALLOWED[property].includes(value)) {
      add(
        row,
        property,
        `${LABELS[property]} must be one of ${[...ALLOWED[property]].sort().join(', ')}.`,
      );
    }
  };
  if (!input) {
    add(null, 'mapping', 'A mapping is required.');
    return issues;
  }
  if (!input.developerName || !DEVELOPER_NAME.test(input.developerName)) {
    add(
      null,
      'developerName',
      'API name must start with a letter, use letters, digits and single underscores, and have at most 40 characters.',
    );
  }
  if (!MAPPABLE_OBJECTS.includes(input.salesforceObject)) {
    add(
      null,
      'salesforceObject',
      `Salesforce object must be one of ${MAPPABLE_OBJECTS.join(', ')}.`,
    );
  }
  const orgToOrg = Boolean(input.targetOrg && input.targetOrg.trim());
  if (!orgToOrg && (!input.wordPressType || !WORDPRESS_TYPE.test(input.wordPressType))) {
    add(
      null,
      'wordPressType',
      'WordPress type must be user, post, page or a post type slug (lowercase letters, digits, - and _).',
    );
  }
  checkAllowed(null, 'direction', input.direction);
  checkAllowed(null, 'conflictPolicy', input.conflictPolicy);
  checkAllowed(null, 'deletePolicy', input.deletePolicy);
  if (input.postStatus && input.postStatus.trim())
    checkAllowed(null, 'postStatus', input.postStatus);
  if (!MAPPABLE_OBJECTS.includes(input.salesforceObject)) return issues;

  const { fields } = await describe(input.salesforceObject);
  const byLowerName = new Map(fields.map((field) => [field.name.toLowerCase(), field]));
  const fieldNamed = (name) => (name ? byLowerName.get(name.toLowerCase()) : undefined);
  const externalId = fieldNamed(input.externalIdField);
  if (!externalId) {
    add(
      null,
      'externalIdField',
      `${input.salesforceObject} has no field "${input.externalIdField}" for the WordPress id.`,
    );
  } else if (!externalId.externalId) {
    add(
      null,
      'externalIdField',
      `${input.externalIdField} is not an External ID field; the WordPress id needs one.`,
    );
  }
  if (orgToOrg) {
    for (const [field, message] of orgToOrgProblems(input, fieldNamed)) add(null, field, message);
  }
  const form = input.wordPressType === 'form_submission';
  const known = form ? FORM_FIELDS : input.wordPressType === 'user' ? USER_FIELDS : POST_FIELDS;
  const custom = form ? FORM_FIELD : META_FIELD;
  const typeLabel = input.wordPressType === 'user' ? 'user' : `${input.wordPressType} (post type)`;
  const outboundTargets = new Set();
  const wordPressProblem = (name) => {
    if (orgToOrg) {
      return name && API_NAME.test(name)
        ? null
        : `"${name}" is not a field API name: name the field of ${input.salesforceObject} in ${input.targetOrg} that receives the value.`;
    }
    if (input.wordPressType === 'user' && name === ROLES_FIELD) return null;
    if (name && (known.includes(name) || custom.test(name))) return null;
    return `WordPress ${typeLabel} has no field "${name}". Use one of ${known.join(', ')}${form ? ', or fields.<name> for a form field.' : ', or meta.<key> for a custom field.'}`;
  };
  (input.fields ?? []).forEach((field, row) => {
    // A Topics set names no field of the record: its elements are TopicAssignment rows.
    const topics = field.setSource === 'Topics';
    const salesforceField = topics ? undefined : fieldNamed(field.salesforceField);
    if (!topics && !salesforceField) {
      add(
        row,
        'salesforceField',
        `${input.salesforceObject} has no field "${field.salesforceField}".`,
      );
    } else if (salesforceField && toSalesforce(field.direction) && !salesforceField.updateable) {
      add(
        row,
        'salesforceField',
        `${field.salesforceField} is read-only, so it cannot receive values from WordPress.`,
      );
    }
    for (const problem of setFieldProblems(
      field,
      salesforceField,
      orgToOrg ? null : input.wordPressType,
    )) {
      add(row, 'setSource', problem);
    }
    checkAllowed(row, 'direction', field.direction);
    checkAllowed(row, 'transform', field.transform || 'None');
    const problem = wordPressProblem(field.wordPressField);
    if (problem) add(row, 'wordPressField', problem);
    if (toWordPress(field.direction)) {
      const target = String(field.wordPressField);
      if (outboundTargets.has(target)) {
        add(row, 'wordPressField', `WordPress field "${target}" is mapped twice.`);
      }
      outboundTargets.add(target);
    }
  });
  return issues;
}

/** WPSyncAdminMappingService.fieldDeveloperName. */
export function fieldDeveloperName(mappingName, field) {
  if (field.developerName) return field.developerName;
  const base = `${mappingName}_${field.salesforceField.replace(/__c$/i, '')}`
    .replace(/[^A-Za-z0-9_]/g, '_')
    .replace(/_+/g, '_');
  return base.slice(0, 40).replace(/_$/, '');
}

/** WPSyncAdminMappingService.uniqueName: a second row naming the same field gets its row number. */
export function uniqueName(name, row, taken) {
  let unique = name;
  if (taken.has(unique.toLowerCase())) {
    const suffix = `_${row + 1}`;
    unique = name.slice(0, 40 - suffix.length).replace(/_$/, '') + suffix;
  }
  taken.add(unique.toLowerCase());
  return unique;
}
