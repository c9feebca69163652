/**
 * What each user of the emulated org may do, from its profile and the package's permission
 * sets assigned to it.
 *
 * Enforced: API read access to custom metadata types. By default API read access to custom
 * metadata is restricted, even for Public types ("Restrict access to custom metadata types",
 * on by default since Spring '20); a user reads a type over the API only with Customize
 * Application or an enabled `customMetadataTypeAccesses` grant in a profile or permission set
 * (Trailhead "Protect Custom Metadata Types and Records"; Help "Protection and Privacy Options
 * for Custom Metadata Types"). Apex and system context are not affected, so the org's own
 * triggers and tests seeding through `org.query()` without a session read everything.
 *
 * Not modelled: object and field permissions, sharing. Every user reads and writes every
 * record of the standard and custom objects.
 */
import type { EmulatorObject, SessionInfo } from '../contracts.js';
import type { OrgUser } from '../org-config.js';
import type { PermissionSetGrants } from '../schema/permission-sets.js';

export const CUSTOMIZE_APPLICATION = 'CustomizeApplication';

export class UserAccess {
  constructor(
    private readonly users: () => OrgUser[],
    private readonly permissionSets: ReadonlyMap<string, PermissionSetGrants>,
  ) {}

  /** The package's permission sets a user holds; names the package lacks grant nothing. */
  private grantsOf(user: OrgUser): PermissionSetGrants[] {
    return user.permissionSets.flatMap((name) => {
      const grants = this.permissionSets.get(name.toLowerCase());
      return grants ? [grants] : [];
    });
  }

  private userOf(session: SessionInfo): OrgUser | undefined {
    return this.users().find((user) => user.id === session.userId);
  }

  /** Custom permissions from the user's permission sets plus those granted directly. */
  customPermissionsOf(user: OrgUser): string[] {
    const names = new Set(user.customPermissions);
    for (const grants of this.grantsOf(user)) {
      for (const name of grants.customPermissions) names.add(name);
    }
    return [...names];
  }

  /** The users as the org sees them: `customPermissions` holds every effective grant. */
  effectiveUsers(): OrgUser[] {
    return this.users().map((user) => ({
      ...user,
      customPermissions: this.customPermissionsOf(user),
    }));
  }

  hasUserPermission(user: OrgUser, permission: string): boolean {
    const wanted = permission.toLowerCase();
    const granted = [
      ...user.profile.userPermissions,
      ...this.grantsOf(user).flatMap((grants) => grants.userPermissions),
    ];
    return granted.some((name) => name.toLowerCase() === wanted);
  }

  /** Whether the session's user may read `object` over the API (query, describe, retrieve). */
  canRead(session: SessionInfo, object: EmulatorObject): boolean {
    if (object.kind !== 'customMetadata') return true;
    const user = this.userOf(session);
    if (!user) return false;
    if (this.hasUserPermission(user, CUSTOMIZE_APPLICATION)) return true;
    const wanted = object.name.toLowerCase();
    return this.grantsOf(user).some((grants) =>
      grants.customMetadataTypes.some((name) => name.toLowerCase() === wanted),
    );
  }
}
