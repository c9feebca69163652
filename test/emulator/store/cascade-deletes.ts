/**
 * Deletes that cascade from a parent to its children, and the undelete that brings those
 * children back with the parent. Only the relationship the package depends on is emulated:
 * deleting an Account deletes its Contacts (SOAP API Developer Guide, undelete(): "deleting an
 * account deletes all the contacts associated with that account", and undeleting it "undeletes
 * the cascade-deleted records"). The children's own triggers do not run (Apex Developer Guide,
 * "Operations That Don't Invoke Triggers"): their changes carry `cascadeOf`.
 */

export interface CascadeDelete {
  parent: string;
  child: string;
  /** The child's lookup field to the parent. */
  field: string;
}

export const CASCADE_DELETES: readonly CascadeDelete[] = [
  { parent: 'Account', child: 'Contact', field: 'AccountId' },
  // Deleting a topic removes it from every record it was assigned to.
  { parent: 'Topic', child: 'TopicAssignment', field: 'TopicId' },
];

/** The relationships a delete of `objectName` cascades along. */
export function cascadesFrom(objectName: string): CascadeDelete[] {
  const wanted = objectName.toLowerCase();
  return CASCADE_DELETES.filter((cascade) => cascade.parent.toLowerCase() === wanted);
}
