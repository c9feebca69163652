import { describe, expect, it } from 'vitest';
import type { FieldMapping } from '../../src/mapping/index.js';
import { cachedRoleContext, guardRoles, type RoleContext } from '../../src/mapping/role-guard.js';

function rolesField(allowedRoles: string[], allowPrivilegedRoles = false): FieldMapping {
  return {
    name: 'Member_Roles',
    salesforceField: 'WP_Member_Level__c',
    wordpressField: 'roles',
    direction: 'Bidirectional',
    transform: 'None',
    required: false,
    set: { source: 'MultiSelectPicklist', allowedRoles, allowPrivilegedRoles },
  };
}

const site: RoleContext = {
  roles: [
    { slug: 'administrator', privileged: true },
    { slug: 'editor', privileged: true },
    { slug: 'shop_manager', privileged: true },
    { slug: 'subscriber', privileged: false },
    { slug: 'member', privileged: false },
    { slug: 'gold_member', privileged: false },
  ],
  connectorUserId: 1,
};

describe('guardRoles', () => {
  it('grants an allowlisted role, keeping the roles the allowlist does not name, and notes before and after', () => {
    const decision = guardRoles(rolesField(['member']), 12, ['subscriber'], ['member'], site);
    expect(decision.roles).toEqual(['subscriber', 'member']);
    expect(decision.notes).toEqual(['roles of user 12: [subscriber] → [subscriber, member]']);
  });

  it('revokes an allowlisted role the data no longer has, and only that', () => {
    const decision = guardRoles(
      rolesField(['member', 'gold_member']),
      12,
      ['subscriber', 'member', 'gold_member'],
      'member',
      site,
    );
    expect(decision.roles).toEqual(['subscriber', 'member']);
  });

  it('refuses administrator from the data and notes it, granting the rest', () => {
    const decision = guardRoles(
      rolesField(['member']),
      12,
      ['subscriber'],
      'administrator;member',
      site,
    );
    expect(decision.roles).toEqual(['subscriber', 'member']);
    expect(decision.refused.grants).toEqual(['administrator']);
    expect(decision.notes[0]).toBe(
      'role administrator refused: not in Allowed_Roles__c of Member_Roles',
    );
  });

  it.each([
    ["the connector's own user", 1, ['subscriber'], "the connector's own user"],
    ['an administrator', 5, ['administrator'], 'user 5 holds administrator'],
    ['a user with a privileged role it may not manage', 6, ['editor'], 'user 6 holds editor'],
  ])('never changes %s', (_, id, current, reason) => {
    const decision = guardRoles(rolesField(['member']), id, current, ['member'], site);
    expect(decision.roles).toBeUndefined();
    expect(decision.refused.grants).toEqual(['member']);
    expect(decision.notes.at(-1)).toBe(
      `roles of user ${id} not changed (${reason}): kept [${current.join(', ')}]`,
    );
  });

  it('never changes an administrator even when the allowlist may manage administrator', () => {
    const decision = guardRoles(
      rolesField(['administrator', 'member'], true),
      5,
      ['administrator'],
      ['member'],
      site,
    );
    expect(decision.roles).toBeUndefined();
    expect(decision.refused.revokes).toEqual(['administrator']);
  });

  it('fails the record for a privileged allowlisted role without Allow_Privileged_Roles__c', () => {
    const decision = guardRoles(
      rolesField(['shop_manager']),
      12,
      ['subscriber'],
      'shop_manager',
      site,
    );
    expect(decision.roles).toBeUndefined();
    expect(decision.failure).toBe(
      'role shop_manager is privileged (manage_options, edit_users, promote_users or unfiltered_html): Allowed_Roles__c of Member_Roles names it, but Allow_Privileged_Roles__c is not set',
    );
  });

  it('grants a privileged allowlisted role with Allow_Privileged_Roles__c', () => {
    const decision = guardRoles(
      rolesField(['shop_manager'], true),
      12,
      ['subscriber'],
      'shop_manager',
      site,
    );
    expect(decision.roles).toEqual(['subscriber', 'shop_manager']);
  });

  it('changes nothing without the site’s roles', () => {
    const decision = guardRoles(rolesField(['member']), 12, ['subscriber'], ['member'], undefined);
    expect(decision.roles).toBeUndefined();
    expect(decision.notes[0]).toContain('not changed');
  });

  it('gives a new user only allowlisted roles from the data', () => {
    const decision = guardRoles(rolesField(['member']), undefined, [], 'member;editor', site);
    expect(decision.roles).toEqual(['member']);
    expect(decision.notes).toContain('roles of the new user: [] → [member]');
  });

  it('leaves the roles alone when nothing allowlisted changes', () => {
    const decision = guardRoles(
      rolesField(['member']),
      12,
      ['subscriber', 'member'],
      'member',
      site,
    );
    expect(decision).toEqual({ refused: { grants: [], revokes: [] }, notes: [] });
  });
});

describe('cachedRoleContext', () => {
  it('asks once while fresh and again after a failure', async () => {
    let asked = 0;
    let fail = true;
    const source = cachedRoleContext(() => {
      asked += 1;
      return fail ? Promise.reject(new Error('down')) : Promise.resolve(site);
    });
    await expect(source()).rejects.toThrow('down');
    fail = false;
    await expect(source()).resolves.toBe(site);
    await expect(source()).resolves.toBe(site);
    expect(asked).toBe(2);
  });
});
