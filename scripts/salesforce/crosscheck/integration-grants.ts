import { findField, findObject, type ProjectModel } from '../metadata/project-model.js';
import { children, text } from '../metadata/xml.js';
import type { GateIssue } from '../types.js';
import type { Access, AccessNeed } from './connector-access.js';

export const INTEGRATION_PERMISSION_SET = 'WP_Sync_Integration_User';

/** Address components: field-level security is set on the compound field (Object Reference, Compound Fields). */
const ADDRESS_PREFIXES: Record<string, string[]> = {
  account: ['Billing', 'Shipping'],
  contact: ['Mailing', 'Other'],
  lead: [''],
};
const ADDRESS_PARTS = [
  'Street',
  'City',
  'State',
  'PostalCode',
  'Country',
  'Latitude',
  'Longitude',
  'GeocodeAccuracy',
];

/**
 * Fields a permission set cannot carry: the record id and audit fields, owner and name fields, and fields
 * required at the field level ("You cannot deploy to a required field"); access to them follows the object.
 */
const NOT_PERMISSIONABLE = new Set([
  'id',
  'name',
  'ownerid',
  'createdbyid',
  'createddate',
  'lastmodifiedbyid',
  'lastmodifieddate',
  'systemmodstamp',
  'isdeleted',
  'firstname',
  'lastname',
  'salutation',
  'middlename',
  'suffix',
]);
const STANDARD_REQUIRED: Record<string, string[]> = { lead: ['company', 'status'] };

/** The field whose permission covers `field`, or undefined when no permission set can carry one. */
export function permissionField(
  model: ProjectModel,
  object: string,
  field: string,
): string | undefined {
  const key = field.toLowerCase();
  if (
    NOT_PERMISSIONABLE.has(key) ||
    STANDARD_REQUIRED[object.toLowerCase()]?.includes(key) === true
  ) {
    return undefined;
  }
  for (const prefix of ADDRESS_PREFIXES[object.toLowerCase()] ?? []) {
    if (ADDRESS_PARTS.some((part) => `${prefix}${part}`.toLowerCase() === key))
      return `${prefix}Address`;
  }
  if (findField(findObject(model, object), field)?.required === true) return undefined;
  return field;
}

const OBJECT_FLAG: Record<Access, string> = {
  read: 'allowRead',
  create: 'allowCreate',
  edit: 'allowEdit',
  delete: 'allowDelete',
};

/**
 * Every object, field and custom metadata type the connector reads or writes is granted to its integration
 * user by the `WP_Sync_Integration_User` permission set: `customMetadataTypeAccesses` for custom metadata
 * types (API access to them is restricted by default), `objectPermissions` for objects and platform events,
 * `fieldPermissions` for each permissionable field.
 */
export function checkIntegrationGrants(model: ProjectModel, needs: AccessNeed[]): GateIssue[] {
  const document = model.documents.find(
    (doc) =>
      doc.rootName === 'PermissionSet' &&
      doc.file.endsWith(`/${INTEGRATION_PERMISSION_SET}.permissionset-meta.xml`),
  );
  if (document === undefined) {
    return needs.length === 0
      ? []
      : [
          {
            rule: 'integration-grant',
            message: `permission set ${INTEGRATION_PERMISSION_SET} is missing`,
          },
        ];
  }
  const granted = new Set<string>();
  for (const access of children(document.root, 'customMetadataTypeAccesses')) {
    if (text(access, 'enabled') === 'true')
      granted.add(`${text(access, 'name') ?? ''}#read`.toLowerCase());
  }
  for (const permission of children(document.root, 'objectPermissions')) {
    for (const [access, flag] of Object.entries(OBJECT_FLAG)) {
      if (text(permission, flag) === 'true')
        granted.add(`${text(permission, 'object') ?? ''}#${access}`.toLowerCase());
    }
  }
  for (const permission of children(document.root, 'fieldPermissions')) {
    const field = text(permission, 'field') ?? '';
    if (text(permission, 'readable') === 'true') granted.add(`${field}#read`.toLowerCase());
    if (text(permission, 'editable') === 'true') granted.add(`${field}#edit`.toLowerCase());
  }

  const issues = new Map<string, GateIssue>();
  for (const need of needs) {
    let key: string;
    let what: string;
    if (need.field === undefined) {
      key = `${need.object}#${need.access}`;
      what = need.object.endsWith('__mdt')
        ? `customMetadataTypeAccesses ${need.object}`
        : `objectPermissions ${need.object} ${OBJECT_FLAG[need.access]}`;
    } else {
      const field = permissionField(model, need.object, need.field);
      if (field === undefined) continue;
      key = `${need.object}.${field}#${need.access}`;
      what = `fieldPermissions ${need.object}.${field} ${need.access === 'read' ? 'readable' : 'editable'}`;
    }
    if (granted.has(key.toLowerCase()) || issues.has(key)) continue;
    issues.set(key, {
      file: document.file,
      rule: 'integration-grant',
      message: `${INTEGRATION_PERMISSION_SET} lacks ${what}, needed because ${need.because}`,
    });
  }
  return [...issues.values()];
}
