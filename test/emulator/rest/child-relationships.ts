/**
 * Parent-to-child relationship names (`Account.Contacts`), as describe's `childRelationships`
 * reports them. Where describe has no name yet for a standard relationship, the standard
 * objects' documented names stand in (Object Reference: Contact.AccountId is `Contacts`,
 * Account.ParentId is `ChildAccounts`).
 */
import type { EmulatorField, EmulatorObject } from '../contracts.js';
import { describeSObject } from '../schema/describe.js';
import type { OrgSchema } from '../schema/org-schema.js';

const STANDARD_CHILD_RELATIONSHIPS: Readonly<Record<string, string>> = {
  'Contact.AccountId': 'Contacts',
  'Account.ParentId': 'ChildAccounts',
};

export interface ChildRelationship {
  name: string;
  child: EmulatorObject;
  /** The child's lookup field to the parent. */
  field: EmulatorField;
}

export function childRelationshipsOf(
  schema: OrgSchema,
  parent: EmulatorObject,
  version: string,
): ChildRelationship[] {
  const described = describeSObject(schema, parent, version) as {
    childRelationships: { childSObject: string; field: string; relationshipName: string | null }[];
  };
  const relationships: ChildRelationship[] = [];
  for (const entry of described.childRelationships) {
    const name =
      entry.relationshipName ??
      STANDARD_CHILD_RELATIONSHIPS[`${entry.childSObject}.${entry.field}`];
    const child = schema.getObject(entry.childSObject);
    const field = schema.getField(entry.childSObject, entry.field);
    if (name !== undefined && child && field) relationships.push({ name, child, field });
  }
  return relationships;
}

export function findChildRelationship(
  schema: OrgSchema,
  parent: EmulatorObject,
  name: string,
  version: string,
): ChildRelationship | undefined {
  const lower = name.toLowerCase();
  return childRelationshipsOf(schema, parent, version).find(
    (relationship) => relationship.name.toLowerCase() === lower,
  );
}
