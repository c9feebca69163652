import type { RefusedElements } from './set-agreement.js';
import { elementsOf } from './set-values.js';
import type { FieldMapping } from './types.js';

/** What the guard needs to know about the site: its roles, and the connector's own user. */
export interface RoleContext {
  /** Privileged: the role has manage_options, edit_users, promote_users or unfiltered_html. */
  roles: readonly { slug: string; privileged: boolean }[];
  connectorUserId: number | undefined;
}

/** What may happen to one user's roles. */
export interface RoleDecision {
  /** The user's whole role list to send (REST `roles`); absent: leave the roles alone. */
  roles?: string[];
  /** Grants and revokes the guard kept from WordPress. */
  refused: RefusedElements;
  /** Set when the record must fail: a privileged role without Allow_Privileged_Roles__c. */
  failure?: string;
  /** Before and after, and every refusal, for the log and WP_Sync_Log__c. */
  notes: string[];
}

const ADMINISTRATOR = 'administrator';

function list(roles: readonly string[]): string {
  return `[${roles.join(', ')}]`;
}

/**
 * Decides the role change of one user: `wanted` is the set the merge gives WordPress. Only
 * roles in the mapping's allowlist are granted or revoked (others in the data are refused and
 * noted; roles outside the allowlist the user has are kept). The connector's own user, any
 * administrator and any user holding a privileged role the mapping may not manage are never
 * changed. A privileged role to grant or revoke without Allow_Privileged_Roles__c fails the
 * record. Without the site's roles nothing is changed.
 * @param userId The user, or undefined for one about to be created.
 * @param current Every role the user has now (none for a new user).
 */
export function guardRoles(
  field: FieldMapping,
  userId: number | undefined,
  current: readonly string[],
  wanted: unknown,
  context: RoleContext | undefined,
): RoleDecision {
  const allowed = new Set(field.set?.allowedRoles ?? []);
  const wantedRoles = elementsOf(wanted);
  const notAllowed = wantedRoles.filter((role) => !allowed.has(role) && !current.includes(role));
  const grants = wantedRoles.filter((role) => allowed.has(role) && !current.includes(role));
  const revokes = current.filter((role) => allowed.has(role) && !wantedRoles.includes(role));
  const notes = notAllowed.map(
    (role) => `role ${role} refused: not in Allowed_Roles__c of ${field.name}`,
  );
  const refused = { grants: notAllowed, revokes: [] as string[] };
  const who = userId === undefined ? 'the new user' : `user ${userId}`;
  if (grants.length === 0 && revokes.length === 0) return { refused, notes };
  const refuseAll = (reason: string): RoleDecision => ({
    refused: { grants: [...notAllowed, ...grants], revokes },
    notes: [...notes, `roles of ${who} not changed (${reason}): kept ${list(current)}`],
  });
  if (!context)
    return refuseAll("the site's roles are unknown: the companion plugin's status has none");
  const privileged = new Set(
    context.roles.filter((role) => role.privileged).map((role) => role.slug),
  );
  const known = new Set(context.roles.map((role) => role.slug));
  if (userId !== undefined && userId === context.connectorUserId)
    return refuseAll("the connector's own user");
  const mayManagePrivileged = field.set?.allowPrivilegedRoles === true;
  const guarding = current.filter(
    (role) =>
      role === ADMINISTRATOR ||
      ((privileged.has(role) || !known.has(role)) && !(mayManagePrivileged && allowed.has(role))),
  );
  if (guarding.length > 0) return refuseAll(`${who} holds ${guarding.join(', ')}`);
  const unknown = grants.filter((role) => !known.has(role));
  const changing = [...grants, ...revokes].filter(
    (role) => privileged.has(role) || !known.has(role),
  );
  if (!mayManagePrivileged && changing.length > 0) {
    const named = changing.filter((role) => !unknown.includes(role));
    const failure = [
      ...(named.length > 0
        ? [
            `role ${named.join(', ')} is privileged (manage_options, edit_users, promote_users or unfiltered_html): Allowed_Roles__c of ${field.name} names it, but Allow_Privileged_Roles__c is not set`,
          ]
        : []),
      ...(unknown.length > 0 ? [`role ${unknown.join(', ')} does not exist in WordPress`] : []),
    ].join('; ');
    return { refused: { grants: [...notAllowed, ...grants], revokes }, failure, notes };
  }
  const roles = [...current.filter((role) => !revokes.includes(role)), ...grants];
  return {
    roles,
    refused,
    notes: [...notes, `roles of ${who}: ${list(current)} → ${list(roles)}`],
  };
}

/**
 * `load` asked at most once per `ttlMs` (a failed answer is asked again at once): the site's
 * roles change rarely, and every role change needs them.
 */
export function cachedRoleContext(
  load: () => Promise<RoleContext>,
  ttlMs = 60_000,
): () => Promise<RoleContext> {
  let cached: { at: number; value: Promise<RoleContext> } | undefined;
  return () => {
    const now = Date.now();
    if (!cached || now - cached.at > ttlMs) {
      const value = load();
      const entry = { at: now, value };
      cached = entry;
      value.catch(() => {
        if (cached === entry) cached = undefined;
      });
    }
    return cached.value;
  };
}

export type RoleSource = () => Promise<RoleContext>;

/** A WordPress client that can say the site's roles and its own user (ours can). */
interface RoleAware {
  companion?: { status(): Promise<{ roles?: RoleContext['roles'] }> };
  currentUser?: () => Promise<{ id: number }>;
}

const sources = new WeakMap<object, RoleSource>();

/** The role context: the dependencies' own, or one read from the WordPress client, cached. */
export function roleSourceOf(
  deps: { roles?: RoleSource; wordpress: object },
  connectorUserId?: number,
): RoleSource | undefined {
  if (deps.roles) return deps.roles;
  const client = deps.wordpress as RoleAware;
  const { companion, currentUser } = client;
  if (!companion || typeof currentUser !== 'function') return undefined;
  let source = sources.get(deps.wordpress);
  if (!source) {
    source = cachedRoleContext(async () => {
      const [status, me] = await Promise.all([
        companion.status(),
        connectorUserId === undefined ? currentUser.call(client) : { id: connectorUserId },
      ]);
      return { roles: status.roles ?? [], connectorUserId: me.id };
    });
    sources.set(deps.wordpress, source);
  }
  return source;
}
