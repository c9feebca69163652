/**
 * The package's mappings as the trigger handler sees them (WPSyncMapping / WPSyncMappingSelector
 * in force-app): active object mappings with their outbound fields, resolved against the schema.
 */
import type { OrgSchema } from '../schema/org-schema.js';
import type { Row } from '../store/record-store.js';

export interface SyncMapping {
  developerName: string;
  /** Canonical object API name, or undefined when Salesforce_Object__c names no object. */
  objectName: string | undefined;
  active: boolean;
  direction: string | null;
  deletePolicy: string | null;
  /** Canonical name of External_Id_Field__c, if it names a field of the object. */
  externalIdField: string | undefined;
  /** Canonical names of the fields flowing to WordPress, sorted, without duplicates. */
  outboundFields: string[];
}

/** Blank means the field default, Bidirectional (WPSyncMapping.allowsSalesforceToWordPress). */
export function allowsSalesforceToWordPress(direction: unknown): boolean {
  return (
    direction === null ||
    direction === undefined ||
    (typeof direction === 'string' && direction.trim() === '') ||
    direction === 'Bidirectional' ||
    direction === 'SalesforceToWordPress'
  );
}

/** Active, object known, direction outbound and at least one outbound field. */
export function isOutbound(mapping: SyncMapping): boolean {
  return (
    mapping.active &&
    mapping.objectName !== undefined &&
    allowsSalesforceToWordPress(mapping.direction) &&
    mapping.outboundFields.length > 0
  );
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}

/**
 * Builds mappings from object and field mapping rows (as stored or as written in a vector).
 * Field mappings name their parent by record id, DeveloperName or QualifiedApiName, as the
 * package's selector accepts.
 */
export function buildSyncMappings(
  objectRows: Row[],
  fieldRows: Row[],
  schema: OrgSchema,
): SyncMapping[] {
  const sortedFields = [...fieldRows].sort((a, b) =>
    String(a.DeveloperName).localeCompare(String(b.DeveloperName)),
  );
  return objectRows.map((objectRow) => {
    const developerName = String(objectRow.DeveloperName);
    const references = new Set<unknown>(
      [objectRow.Id, objectRow.DeveloperName, objectRow.QualifiedApiName].filter(
        (value) => value != null,
      ),
    );
    const objectName = schema.getObject(text(objectRow.Salesforce_Object__c)?.trim() ?? '')?.name;
    const canonical = (fieldName: unknown): string | undefined =>
      objectName !== undefined && typeof fieldName === 'string' && fieldName.trim() !== ''
        ? schema.getField(objectName, fieldName.trim())?.name
        : undefined;
    const outbound = new Set<string>();
    for (const fieldRow of sortedFields) {
      if (!references.has(fieldRow.Object_Mapping__c)) continue;
      const name = canonical(fieldRow.Salesforce_Field__c);
      if (name !== undefined && allowsSalesforceToWordPress(fieldRow.Direction__c))
        outbound.add(name);
    }
    return {
      developerName,
      objectName,
      active: objectRow.Active__c === true,
      direction: text(objectRow.Direction__c),
      deletePolicy: text(objectRow.Delete_Policy__c),
      externalIdField: canonical(objectRow.External_Id_Field__c),
      outboundFields: [...outbound].sort(),
    };
  });
}
