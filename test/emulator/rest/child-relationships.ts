/**
 * Parent-to-child relationship names (`Account.Contacts`), as the org schema and describe's
 * `childRelationships` report them; a lookup without a name has no child relationship to use.
 */
import type { EmulatorField, EmulatorObject } from '../contracts.js';
import type { OrgSchema } from '../schema/org-schema.js';

export interface ChildRelationship {
  name: string;
  child: EmulatorObject;
  /** The child's lookup field to the parent. */
  field: EmulatorField;
}

export function findChildRelationship(
  schema: OrgSchema,
  parent: EmulatorObject,
  name: string,
): ChildRelationship | undefined {
  const lower = name.toLowerCase();
  const found = schema
    .childRelationships(parent.name)
    .find((relationship) => relationship.relationshipName?.toLowerCase() === lower);
  return found?.relationshipName
    ? { name: found.relationshipName, child: found.childObject, field: found.field }
    : undefined;
}
