import { findField, findObject, type ProjectModel } from '../metadata/project-model.js';
import { children, text, type XmlNode } from '../metadata/xml.js';
import type { GateIssue } from '../types.js';

type Behaviour = 'Edit' | 'Required' | 'Readonly';

/** Fields every record has and nobody edits (system audit fields and the record id). */
const SYSTEM_FIELDS = new Set([
  'id',
  'createdbyid',
  'createddate',
  'lastmodifiedbyid',
  'lastmodifieddate',
  'systemmodstamp',
  'isdeleted',
]);

/**
 * Standard fields of custom metadata types. MasterLabel and DeveloperName are required; Salesforce generates
 * custom metadata layouts with NamespacePrefix `Required` as well (docs/SALESFORCE-PACKAGE.md, defect 2).
 */
const CMDT_REQUIRED = new Set(['masterlabel', 'developername', 'namespaceprefix']);
const CMDT_READ_ONLY = new Set(['qualifiedapiname']);

/** Standard fields required at the field level (Salesforce Object Reference: not nillable, no default). */
const STANDARD_REQUIRED: Record<string, Set<string>> = {
  account: new Set(['name']),
  contact: new Set(['lastname']),
  lead: new Set(['lastname', 'company', 'status']),
};

/** What the field demands of a layout item: `Required`, `Readonly`, or nothing (any behaviour). */
function demandedBehaviour(
  model: ProjectModel,
  objectName: string,
  fieldName: string,
): Behaviour | 'unknown' | undefined {
  const key = fieldName.toLowerCase();
  if (SYSTEM_FIELDS.has(key)) return 'Readonly';
  if (objectName.endsWith('__mdt')) {
    if (CMDT_REQUIRED.has(key)) return 'Required';
    if (CMDT_READ_ONLY.has(key)) return 'Readonly';
  }
  if (STANDARD_REQUIRED[objectName.toLowerCase()]?.has(key) === true) return 'Required';
  const field = findField(findObject(model, objectName), fieldName);
  if (field === undefined) return key.endsWith('__c') ? 'unknown' : undefined;
  if (field.required) return 'Required';
  if (field.readOnly) return 'Readonly';
  return undefined;
}

function layoutItems(root: XmlNode): XmlNode[] {
  return children(root, 'layoutSections')
    .flatMap((section) => children(section, 'layoutColumns'))
    .flatMap((column) => children(column, 'layoutItems'));
}

/**
 * Every layout item's behaviour fits its field: a field required at the field level is `Required` (a deploy
 * refuses `Edit`: "Field: X must be Required"), a field nobody can edit (system fields, formulas, a custom
 * metadata type's NamespacePrefix) is `Readonly`. Making an optional field `Required` on a layout is allowed.
 */
export function checkLayoutBehaviours(model: ProjectModel): GateIssue[] {
  const issues: GateIssue[] = [];
  for (const document of model.documents.filter((doc) => doc.rootName === 'Layout')) {
    const base = document.file.split('/').pop() ?? '';
    const objectName = base.slice(0, base.indexOf('-'));
    for (const item of layoutItems(document.root)) {
      const fieldName = text(item, 'field');
      if (fieldName === undefined) continue;
      const behaviour = text(item, 'behavior') ?? 'Edit';
      const demanded = demandedBehaviour(model, objectName, fieldName);
      const where = `${objectName}.${fieldName}`;
      if (demanded === 'unknown') {
        issues.push({
          file: document.file,
          rule: 'layout-field',
          message: `${where} is not a field of ${objectName}`,
        });
      } else if (demanded !== undefined && behaviour !== demanded) {
        const why = demanded === 'Required' ? 'the field is required' : 'nobody can edit the field';
        issues.push({
          file: document.file,
          rule: 'layout-behaviour',
          message: `${where} has behaviour ${behaviour}; ${why}, so the layout item must be ${demanded}`,
        });
      }
    }
  }
  return issues;
}
