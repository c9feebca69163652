import type { GateIssue } from '../types.js';
import {
  findField,
  findObject,
  type CustomMetadataRecord,
  type FieldInfo,
  type ProjectModel,
} from './project-model.js';
import {
  orgToOrgFieldProblems,
  setMappingProblems,
  setSourceOf,
  targetOrgOf,
} from './set-mapping-checks.js';

/** What kind of value a WordPress field holds. */
type WordPressKind = 'text' | 'email' | 'url' | 'status' | 'datetime' | 'meta';

const USER_FIELDS: Record<string, WordPressKind> = {
  email: 'email',
  username: 'text',
  name: 'text',
  first_name: 'text',
  last_name: 'text',
  nickname: 'text',
  slug: 'text',
  description: 'text',
  url: 'url',
  locale: 'text',
};

const POST_FIELDS: Record<string, WordPressKind> = {
  title: 'text',
  content: 'text',
  excerpt: 'text',
  slug: 'text',
  status: 'status',
  date: 'datetime',
  date_gmt: 'datetime',
};

const TEXT_TYPES = new Set([
  'Text',
  'TextArea',
  'LongTextArea',
  'Html',
  'Email',
  'Url',
  'Phone',
  'Picklist',
  'AutoNumber',
  'Id',
]);
const DATE_TYPES = new Set(['Date', 'DateTime']);

/** Salesforce field types a WordPress field kind accepts. */
const ACCEPTS: Record<WordPressKind, (type: string) => boolean> = {
  text: (type) => TEXT_TYPES.has(type),
  email: (type) => type === 'Email' || type === 'Text',
  url: (type) => type === 'Url' || type === 'Text',
  status: (type) => type === 'Picklist' || type === 'Text',
  datetime: (type) => DATE_TYPES.has(type),
  meta: (type) => type !== 'MultiselectPicklist' && type !== 'MetadataRelationship',
};

const TRANSFORM_ACCEPTS: Record<string, (type: string) => boolean> = {
  None: () => true,
  Trim: (type) => TEXT_TYPES.has(type),
  Lowercase: (type) => TEXT_TYPES.has(type),
  HtmlToText: (type) => TEXT_TYPES.has(type),
  DateOnly: (type) => DATE_TYPES.has(type),
};

/** The kind of a WordPress field of a WordPress type, or undefined when the field is unknown. */
export function wordPressFieldKind(
  wordPressType: string,
  field: string,
): WordPressKind | undefined {
  if (wordPressType === 'form_submission') return formSubmissionFieldKind(field);
  if (/^meta\.[A-Za-z0-9_-]+$/.test(field)) return 'meta';
  return (wordPressType === 'user' ? USER_FIELDS : POST_FIELDS)[field];
}

/** Fields of a form submission (docs/FORMS.md): `fields.<name>`, `utm.<key>`, `page_url`, … */
function formSubmissionFieldKind(field: string): WordPressKind | undefined {
  if (/^fields\.[A-Za-z0-9_-]+$/.test(field) || field === 'consent') return 'meta';
  if (/^utm\.(source|medium|campaign|term|content)$/.test(field) || field === 'form_name') {
    return 'text';
  }
  if (field === 'page_url') return 'url';
  return field === 'submitted_at' ? 'datetime' : undefined;
}

const valueOf = (record: CustomMetadataRecord, field: string): string | null =>
  record.values.find((value) => value.field.toLowerCase() === field.toLowerCase())?.value ?? null;

const outbound = (direction: string | null): boolean => direction !== 'WordPressToSalesforce';
const inbound = (direction: string | null): boolean => direction !== 'SalesforceToWordPress';

/**
 * Mapping records make sense against the schema: objects and fields exist (in the project or as known
 * standard fields), types fit the WordPress field and the transform, inbound fields are writable, the mapped
 * object has a trigger that calls WPSyncTriggerHandler, and the external id field is an External ID text field.
 */
export function checkMappings(model: ProjectModel): GateIssue[] {
  const issues: GateIssue[] = [];
  const objectMappings = model.records.filter((record) => record.type === 'WP_Object_Mapping__mdt');
  const fieldMappings = model.records.filter((record) => record.type === 'WP_Field_Mapping__mdt');
  for (const mapping of objectMappings) {
    const report = (rule: string, message: string): void => {
      issues.push({ file: mapping.file, rule, message: `${mapping.name}: ${message}` });
    };
    const objectName = valueOf(mapping, 'Salesforce_Object__c');
    const object = findObject(model, objectName);
    if (object === undefined) {
      report('mapping-object', `Salesforce object ${String(objectName)} does not exist`);
      continue;
    }
    const hasTrigger = model.triggers.some(
      (trigger) =>
        trigger.object.toLowerCase() === object.name.toLowerCase() &&
        trigger.source.includes('WPSyncTriggerHandler'),
    );
    if (!hasTrigger && outbound(valueOf(mapping, 'Direction__c'))) {
      report(
        'mapping-trigger',
        `no trigger on ${object.name} calls WPSyncTriggerHandler, so changes never publish`,
      );
    }
    const externalId = findField(object, valueOf(mapping, 'External_Id_Field__c'));
    if (externalId === undefined) {
      report(
        'mapping-field',
        `External_Id_Field__c ${String(valueOf(mapping, 'External_Id_Field__c'))} does not exist on ${object.name}`,
      );
    } else if (externalId.type !== 'Text' || !externalId.externalId) {
      report(
        'mapping-type',
        `External_Id_Field__c ${externalId.name} must be an External ID Text field`,
      );
    }
    const matchField = valueOf(mapping, 'Match_Field__c');
    const wordPressMatchField = valueOf(mapping, 'WordPress_Match_Field__c');
    if (matchField !== null && findField(object, matchField) === undefined) {
      report('mapping-field', `Match_Field__c ${matchField} does not exist on ${object.name}`);
    }
    if ((matchField === null) !== (wordPressMatchField === null)) {
      report('mapping-match', 'Match_Field__c and WordPress_Match_Field__c must be set together');
    }
    const wordPressType = valueOf(mapping, 'WordPress_Type__c') ?? '';
    const orgToOrg = targetOrgOf(mapping) !== null;
    if (!orgToOrg && !/^[a-z0-9_-]{1,20}$/.test(wordPressType)) {
      report(
        'mapping-wordpress-type',
        `WordPress_Type__c "${wordPressType}" is not user or a post type slug`,
      );
    }
    const children = fieldMappings.filter(
      (field) => valueOf(field, 'Object_Mapping__c') === mapping.name,
    );
    for (const fieldMapping of children) {
      issues.push(
        ...checkFieldMapping(
          fieldMapping,
          mapping,
          object.name,
          findField(object, valueOf(fieldMapping, 'Salesforce_Field__c')),
          orgToOrg ? null : wordPressType,
        ),
      );
    }
  }
  return issues;
}

function checkFieldMapping(
  fieldMapping: CustomMetadataRecord,
  objectMapping: CustomMetadataRecord,
  objectName: string,
  field: FieldInfo | undefined,
  /** Null for an org to org mapping (Target_Org__c set). */
  wordPressType: string | null,
): GateIssue[] {
  const issues: GateIssue[] = [];
  const report = (rule: string, message: string): void => {
    issues.push({ file: fieldMapping.file, rule, message: `${fieldMapping.name}: ${message}` });
  };
  if (setSourceOf(fieldMapping) !== null) {
    for (const [rule, message] of setMappingProblems(fieldMapping, field, wordPressType ?? '')) {
      report(rule, message);
    }
    return issues;
  }
  const salesforceField = valueOf(fieldMapping, 'Salesforce_Field__c');
  if (field === undefined) {
    report(
      'mapping-field',
      `Salesforce field ${objectName}.${String(salesforceField)} does not exist`,
    );
    return issues;
  }
  const wordPressField = valueOf(fieldMapping, 'WordPress_Field__c') ?? '';
  if (wordPressType === null) {
    for (const [rule, message] of orgToOrgFieldProblems(fieldMapping)) report(rule, message);
  }
  const kind =
    wordPressType === null ? undefined : wordPressFieldKind(wordPressType, wordPressField);
  if (kind === undefined && wordPressType !== null) {
    report(
      'mapping-wordpress-field',
      `"${wordPressField}" is not a ${wordPressType === 'user' ? 'user' : 'post'} field or meta.<key>`,
    );
  } else if (kind !== undefined && !ACCEPTS[kind](field.type)) {
    report(
      'mapping-type',
      `${objectName}.${field.name} (${field.type}) is incompatible with WordPress ${wordPressField} (${kind})` +
        (field.type === 'MultiselectPicklist'
          ? '; a set needs Set_Source__c MultiSelectPicklist'
          : ''),
    );
  }
  const transform = valueOf(fieldMapping, 'Transform__c') ?? 'None';
  const accepts = TRANSFORM_ACCEPTS[transform];
  if (accepts !== undefined && !accepts(field.type)) {
    report(
      'mapping-type',
      `transform ${transform} does not apply to ${field.name} (${field.type})`,
    );
  }
  const direction = valueOf(fieldMapping, 'Direction__c');
  const objectDirection = valueOf(objectMapping, 'Direction__c');
  if (
    (outbound(direction) && !outbound(objectDirection) && !inbound(direction)) ||
    (inbound(direction) && !inbound(objectDirection) && !outbound(direction))
  ) {
    report(
      'mapping-direction',
      `field direction ${String(direction)} contradicts the object mapping's ${String(objectDirection)}`,
    );
  }
  if (inbound(direction) && inbound(objectDirection) && field.readOnly) {
    report(
      'mapping-direction',
      `${field.name} is read-only and cannot receive WordPress values; map it SalesforceToWordPress`,
    );
  }
  return issues;
}
