import type { z } from 'zod';

/** What the checks read of one org's settings. */
interface ConfiguredOrg {
  name: string;
  loginUrl: string;
  auth: { method: string; clientId: string; username?: string };
}

/** Who an org's credentials sign in as: the same org listed twice signs in as the same user. */
function signInIdentity(org: ConfiguredOrg): string {
  const auth = org.auth;
  const user = auth.username ?? auth.clientId;
  return `${org.loginUrl.replace(/\/+$/, '').toLowerCase()} ${auth.method} ${user.toLowerCase()}`;
}

export function checkOrgs(
  config: { salesforce?: unknown; orgs?: readonly ConfiguredOrg[] | undefined },
  context: z.RefinementCtx,
): void {
  if (config.salesforce !== undefined && config.orgs !== undefined) {
    context.addIssue({
      code: 'custom',
      path: ['orgs'],
      message: 'use salesforce (one org) or orgs (several), not both',
    });
  }
  const names = new Map<string, number>();
  const identities = new Map<string, string>();
  for (const [index, org] of (config.orgs ?? []).entries()) {
    const lower = org.name.toLowerCase();
    if (names.has(lower)) {
      context.addIssue({
        code: 'custom',
        path: ['orgs', index, 'name'],
        message: `the org '${org.name}' is configured twice (org names must differ)`,
      });
    }
    names.set(lower, index);
    const identity = signInIdentity(org);
    const same = identities.get(identity);
    if (same !== undefined) {
      context.addIssue({
        code: 'custom',
        path: ['orgs', index],
        message: `'${org.name}' signs in to the same org as the same user as '${same}': the same org is configured twice`,
      });
    }
    identities.set(identity, org.name);
  }
}
