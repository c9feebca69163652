import path from 'node:path';
import type { GateIssue } from '../types.js';
import { findField, findObject, type FieldInfo, type ProjectModel } from './project-model.js';
import { children, text } from './xml.js';

/** Root element each source-format suffix must have. */
const ROOT_BY_SUFFIX: [string, string][] = [
  ['.cls-meta.xml', 'ApexClass'],
  ['.trigger-meta.xml', 'ApexTrigger'],
  ['.object-meta.xml', 'CustomObject'],
  ['.field-meta.xml', 'CustomField'],
  ['.md-meta.xml', 'CustomMetadata'],
  ['.permissionset-meta.xml', 'PermissionSet'],
  ['.customPermission-meta.xml', 'CustomPermission'],
  ['.resource-meta.xml', 'StaticResource'],
  ['.eca-meta.xml', 'ExternalClientApplication'],
  ['.ecaOauth-meta.xml', 'ExtlClntAppOauthSettings'],
  ['.ecaOauthPlcy-meta.xml', 'ExtlClntAppOauthConfigurablePolicies'],
  ['.ecaGlblOauth-meta.xml', 'ExtlClntAppGlobalOauthSettings'],
];

const FIELD_TYPES_BY_KIND: Record<string, string[]> = {
  platformEvent: ['Text', 'Number', 'Checkbox', 'Date', 'DateTime', 'LongTextArea'],
  customMetadata: [
    'Text',
    'TextArea',
    'LongTextArea',
    'Checkbox',
    'Date',
    'DateTime',
    'Email',
    'Number',
    'Percent',
    'Phone',
    'Picklist',
    'Url',
    'MetadataRelationship',
  ],
};
const KNOWN_FIELD_TYPES = new Set([
  'AutoNumber',
  'Checkbox',
  'Currency',
  'Date',
  'DateTime',
  'Email',
  'Html',
  'Lookup',
  'LongTextArea',
  'MasterDetail',
  'MetadataRelationship',
  'MultiselectPicklist',
  'Number',
  'Percent',
  'Phone',
  'Picklist',
  'Summary',
  'Text',
  'TextArea',
  'Time',
  'Url',
]);

/** Every XML file parses, has the root element its suffix requires, and names itself consistently. */
export function checkXmlDocuments(model: ProjectModel): GateIssue[] {
  const issues: GateIssue[] = model.xmlErrors.map((error) => ({
    file: error.file,
    line: error.line,
    rule: 'xml-parse',
    message: error.message,
  }));
  for (const document of model.documents) {
    const expected = ROOT_BY_SUFFIX.find(([suffix]) => document.file.endsWith(suffix))?.[1];
    if (expected !== undefined && document.rootName !== expected) {
      issues.push({
        file: document.file,
        rule: 'xml-root',
        message: `root element must be <${expected}>, is <${document.rootName}>`,
      });
    }
    if (document.rootName === 'CustomField') {
      issues.push(...checkFieldDefinition(model, document.file, document.root));
    }
  }
  return issues;
}

function checkFieldDefinition(
  model: ProjectModel,
  file: string,
  root: Record<string, unknown>,
): GateIssue[] {
  const issues: GateIssue[] = [];
  const fileName = path.basename(file).replace(/\.field-meta\.xml$/, '');
  const fullName = text(root, 'fullName');
  if (fullName !== fileName) {
    issues.push({
      file,
      rule: 'field-name',
      message: `<fullName> ${String(fullName)} does not match the file name ${fileName}`,
    });
  }
  const type = text(root, 'type') ?? '';
  const objectName = file.split('/').at(-3) ?? '';
  const kind = findObject(model, objectName)?.kind;
  const allowed = kind === undefined ? undefined : FIELD_TYPES_BY_KIND[kind];
  if (!KNOWN_FIELD_TYPES.has(type)) {
    issues.push({ file, rule: 'field-type', message: `unknown field type "${type}"` });
  } else if (allowed !== undefined && !allowed.includes(type)) {
    issues.push({
      file,
      rule: 'field-type',
      message: `${type} is not allowed on ${String(kind)} ${objectName}`,
    });
  }
  const length = Number(text(root, 'length'));
  if (type === 'Text' && !(length >= 1 && length <= 255)) {
    issues.push({
      file,
      rule: 'field-length',
      message: 'Text fields need a <length> from 1 to 255',
    });
  }
  if (type === 'LongTextArea' && !(length >= 256 && length <= 131072)) {
    issues.push({
      file,
      rule: 'field-length',
      message: 'LongTextArea fields need a <length> from 256 to 131072',
    });
  }
  if (
    (type === 'Picklist' || type === 'MultiselectPicklist') &&
    children(root, 'valueSet').length === 0
  ) {
    issues.push({ file, rule: 'field-picklist', message: 'picklist without <valueSet>' });
  }
  if (
    type === 'MetadataRelationship' &&
    findObject(model, text(root, 'referenceTo')) === undefined
  ) {
    issues.push({
      file,
      rule: 'field-reference',
      message: `referenceTo ${String(text(root, 'referenceTo'))} does not exist`,
    });
  }
  return issues;
}

/** Every Apex class and trigger has its -meta.xml (convert silently drops a class without one) and vice versa. */
export function checkApexMetaFiles(model: ProjectModel): GateIssue[] {
  const issues: GateIssue[] = [];
  const files = new Set(model.files);
  for (const file of model.files) {
    if (file.endsWith('.cls') || file.endsWith('.trigger')) {
      if (!files.has(`${file}-meta.xml`)) {
        issues.push({
          file,
          rule: 'apex-meta',
          message: `missing ${path.basename(file)}-meta.xml`,
        });
      }
    } else if (file.endsWith('.cls-meta.xml') || file.endsWith('.trigger-meta.xml')) {
      if (!files.has(file.replace(/-meta\.xml$/, ''))) {
        issues.push({ file, rule: 'apex-meta', message: 'metadata file without its Apex source' });
      }
    }
  }
  for (const document of model.documents) {
    if (document.rootName !== 'ApexClass' && document.rootName !== 'ApexTrigger') continue;
    const apiVersion = text(document.root, 'apiVersion');
    if (model.sourceApiVersion !== undefined && apiVersion !== model.sourceApiVersion) {
      issues.push({
        file: document.file,
        rule: 'apex-api-version',
        message: `apiVersion ${String(apiVersion)} differs from sourceApiVersion ${model.sourceApiVersion}`,
      });
    }
    if (text(document.root, 'status') !== 'Active') {
      issues.push({ file: document.file, rule: 'apex-status', message: '<status> must be Active' });
    }
  }
  return issues;
}

function valueMatchesType(
  field: FieldInfo,
  value: string,
  xsiType: string | undefined,
): string | undefined {
  switch (field.type) {
    case 'Checkbox':
      return xsiType === 'xsd:boolean' && (value === 'true' || value === 'false')
        ? undefined
        : 'needs xsd:boolean true or false';
    case 'Number':
    case 'Percent':
      return Number.isFinite(Number(value)) ? undefined : 'needs a number';
    case 'Picklist':
      return field.picklistValues?.includes(value) === true
        ? undefined
        : `"${value}" is not one of ${String(field.picklistValues?.join(', '))}`;
    case 'Text':
      return field.length !== undefined && value.length > field.length
        ? `longer than ${field.length} characters`
        : undefined;
    default:
      return undefined;
  }
}

/** Every custom metadata record's type and fields exist, values fit their types, required fields are set. */
export function checkCustomMetadataRecords(model: ProjectModel): GateIssue[] {
  const issues: GateIssue[] = [];
  for (const record of model.records) {
    const type = findObject(model, record.type);
    if (type?.kind !== 'customMetadata') {
      issues.push({
        file: record.file,
        rule: 'cmdt-type',
        message: `custom metadata type ${record.type} does not exist`,
      });
      continue;
    }
    if (
      !/^[A-Za-z](?:[A-Za-z0-9]|_(?!_))*$/.test(record.name) ||
      record.name.length > 40 ||
      record.name.endsWith('_')
    ) {
      issues.push({
        file: record.file,
        rule: 'cmdt-name',
        message: `invalid DeveloperName "${record.name}"`,
      });
    }
    if (record.label === undefined || record.label.length === 0 || record.label.length > 40) {
      issues.push({
        file: record.file,
        rule: 'cmdt-label',
        message: '<label> must have 1 to 40 characters',
      });
    }
    const seen = new Set<string>();
    for (const value of record.values) {
      const field = findField(type, value.field);
      if (field === undefined) {
        issues.push({
          file: record.file,
          rule: 'cmdt-field',
          message: `field ${value.field} does not exist on ${record.type}`,
        });
        continue;
      }
      seen.add(field.name.toLowerCase());
      if (value.value === null) continue;
      const problem = valueMatchesType(field, value.value, value.xsiType);
      if (problem !== undefined) {
        issues.push({
          file: record.file,
          rule: 'cmdt-value',
          message: `${field.name}: ${problem}`,
        });
      }
      if (field.type === 'MetadataRelationship' && field.referenceTo !== undefined) {
        const target = model.records.find(
          (other) => other.type === field.referenceTo && other.name === value.value,
        );
        if (target === undefined) {
          issues.push({
            file: record.file,
            rule: 'cmdt-relationship',
            message: `${field.name}: no ${field.referenceTo} record ${value.value}`,
          });
        }
      }
    }
    for (const field of type.fields.values()) {
      const set = record.values.find(
        (value) => value.field.toLowerCase() === field.name.toLowerCase(),
      );
      if (field.required && (set === undefined || set.value === null)) {
        issues.push({
          file: record.file,
          rule: 'cmdt-required',
          message: `required field ${field.name} has no value`,
        });
      }
    }
  }
  return issues;
}

/** Permission sets name custom permissions, objects and fields that exist. */
export function checkPermissionSets(model: ProjectModel): GateIssue[] {
  const issues: GateIssue[] = [];
  for (const document of model.documents.filter((doc) => doc.rootName === 'PermissionSet')) {
    for (const permission of children(document.root, 'customPermissions')) {
      const name = text(permission, 'name') ?? '';
      if (!model.customPermissions.has(name)) {
        issues.push({
          file: document.file,
          rule: 'permset-custom-permission',
          message: `custom permission ${name} does not exist`,
        });
      }
    }
    for (const permission of children(document.root, 'objectPermissions')) {
      const objectName = text(permission, 'object') ?? '';
      const object = findObject(model, objectName);
      if (object === undefined) {
        issues.push({
          file: document.file,
          rule: 'permset-object',
          message: `object ${objectName} does not exist`,
        });
      } else if (object.kind === 'platformEvent') {
        const extra = ['allowDelete', 'allowEdit', 'modifyAllRecords', 'viewAllRecords'].filter(
          (flag) => text(permission, flag) === 'true',
        );
        if (extra.length > 0) {
          issues.push({
            file: document.file,
            rule: 'permset-object',
            message: `platform event ${objectName} allows only read and create, not ${extra.join(', ')}`,
          });
        }
      }
    }
    for (const permission of children(document.root, 'fieldPermissions')) {
      const qualified = text(permission, 'field') ?? '';
      const [objectName, fieldName] = qualified.split('.');
      if (findField(findObject(model, objectName), fieldName) === undefined) {
        issues.push({
          file: document.file,
          rule: 'permset-field',
          message: `field ${qualified} does not exist`,
        });
      }
    }
  }
  return issues;
}

/** Every static resource has its content file. */
export function checkStaticResources(model: ProjectModel): GateIssue[] {
  const issues: GateIssue[] = [];
  for (const document of model.documents.filter((doc) => doc.rootName === 'StaticResource')) {
    const stem = document.file.replace(/\.resource-meta\.xml$/, '');
    if (
      !model.files.some(
        (file) =>
          file !== document.file && (file.startsWith(`${stem}.`) || file.startsWith(`${stem}/`)),
      )
    ) {
      issues.push({
        file: document.file,
        rule: 'static-resource',
        message: 'static resource without its content file',
      });
    }
  }
  return issues;
}

/** Custom fields named in Apex SOQL (which apex-ls does not check) exist on the queried object. */
export function checkSoqlCustomFields(model: ProjectModel): GateIssue[] {
  const issues: GateIssue[] = [];
  for (const [file, source] of model.classes) {
    for (const match of source.matchAll(/\[\s*SELECT\s+([\s\S]*?)\]/gi)) {
      const query = match[1] ?? '';
      const from = /\bFROM\s+(\w+)/i.exec(query);
      const object = findObject(model, from?.[1]);
      if (object === undefined) continue;
      for (const field of query.matchAll(/(?<![.:\w])([A-Za-z]\w*__c)\b/g)) {
        const name = field[1] ?? '';
        if (
          name.toLowerCase() !== object.name.toLowerCase() &&
          findField(object, name) === undefined
        ) {
          const offset = match.index + match[0].indexOf(query) + field.index;
          const line = source.slice(0, offset).split('\n').length;
          issues.push({
            file,
            line,
            rule: 'soql-field',
            message: `SOQL names ${object.name}.${name}, which does not exist`,
          });
        }
      }
    }
  }
  return issues;
}
