import { guardRoles, roleSourceOf, type RoleContext } from '../mapping/role-guard.js';
import type { RefusedElements } from '../mapping/set-agreement.js';
import { ROLES_FIELD } from '../mapping/set-settings.js';
import type { ObjectMapping } from '../mapping/types.js';
import type { WordPressFields, WordPressObject } from '../wordpress/types.js';
import type { ApplyDependencies } from './apply-dependencies.js';
import { failed, failureThrown, type ApplyOutcome } from './apply-outcome.js';

/** The code of a record failed because the role guard refused it (docs/SEGMENTS.md). */
export const ROLE_REFUSED_CODE = 'sfwp_role_refused';

export interface GuardedRoles {
  /** By Salesforce field: grants and revokes kept from WordPress, for the agreed values. */
  refused?: Map<string, RefusedElements>;
  /** Before and after, refusals: for the outcome's message. */
  notes: string[];
}

/**
 * Puts the role guard's decision into `fields` (REST `roles`): the user's whole role list with
 * only allowlisted changes, or no `roles` at all when nothing may change. A privileged role
 * without Allow_Privileged_Roles__c fails the record.
 * @param current The user as read before merging, when it was.
 */
export async function guardRoleWrite(
  mapping: ObjectMapping,
  wordpressId: number | undefined,
  current: WordPressObject | undefined,
  fields: WordPressFields,
  deps: Pick<ApplyDependencies, 'reader' | 'wordpress' | 'roles'>,
): Promise<GuardedRoles | { outcome: ApplyOutcome }> {
  const field = mapping.fields.find((candidate) => candidate.wordpressField === ROLES_FIELD);
  if (!field?.set || fields.roles === undefined) return { notes: [] };
  let roles: string[] = [];
  let context: RoleContext | undefined;
  try {
    if (wordpressId !== undefined) {
      const user = current ?? (await deps.reader.get(mapping.wordpressType, wordpressId));
      roles = (user as { roles?: unknown }).roles as string[];
      if (!Array.isArray(roles)) roles = [];
    }
    context = await roleSourceOf(deps)?.();
  } catch (error) {
    const doing = `Reading the roles of WordPress user ${String(wordpressId)} and of the site`;
    return { outcome: failureThrown(error, doing, wordpressId, fields) };
  }
  const decision = guardRoles(field, wordpressId, roles, fields.roles, context);
  if (decision.failure !== undefined) {
    const message = [decision.failure, ...decision.notes].join('; ');
    return { outcome: failed(ROLE_REFUSED_CODE, message, 'permanent', wordpressId, fields) };
  }
  if (decision.roles) fields.roles = decision.roles;
  else delete fields.roles;
  return {
    refused: new Map([[field.salesforceField, decision.refused]]),
    notes: decision.notes,
  };
}
