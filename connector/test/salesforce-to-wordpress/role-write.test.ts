import { describe, expect, it } from 'vitest';
import type { ObjectMapping } from '../../src/mapping/index.js';
import { guardRoleWrite } from '../../src/salesforce-to-wordpress/role-write.js';
import type { WordPressFields, WordPressObject } from '../../src/wordpress/types.js';
import { contactToUser } from '../mapping/fixtures.js';

const rolesMapping: ObjectMapping = {
  ...contactToUser,
  fields: [
    ...contactToUser.fields,
    {
      name: 'Contact_Roles',
      salesforceField: 'Title',
      wordpressField: 'roles',
      direction: 'SalesforceToWordPress',
      transform: 'None',
      required: false,
      set: {
        source: 'MultiSelectPicklist',
        allowedRoles: ['author', 'editor'],
        allowPrivilegedRoles: false,
      },
    },
  ],
};

const site = {
  roles: [
    { slug: 'administrator', privileged: true },
    { slug: 'editor', privileged: true },
    { slug: 'author', privileged: false },
    { slug: 'subscriber', privileged: false },
  ],
  connectorUserId: 1,
};

function deps(user: Partial<WordPressObject> & { roles?: string[] }) {
  const reads: number[] = [];
  return {
    reads,
    deps: {
      wordpress: { list: () => Promise.reject(new Error('not used')) },
      reader: {
        get: (_type: string, id: number) => {
          reads.push(id);
          return Promise.resolve({ id, meta: {}, ...user } as unknown as WordPressObject);
        },
      },
      roles: () => Promise.resolve(site),
    },
  };
}

describe('guardRoleWrite', () => {
  it('reads the user when the merge did not, and sends the whole guarded role list', async () => {
    const { deps: d, reads } = deps({ roles: ['subscriber'] });
    const fields: WordPressFields = { roles: ['author', 'administrator'] };
    const guarded = await guardRoleWrite(rolesMapping, 12, undefined, fields, d);
    expect(reads).toEqual([12]);
    expect(fields.roles).toEqual(['subscriber', 'author']);
    expect(guarded).toMatchObject({
      notes: [
        'role administrator refused: not in Allowed_Roles__c of Contact_Roles',
        'roles of user 12: [subscriber] → [subscriber, author]',
      ],
    });
  });

  it('takes roles out of the write when nothing may change', async () => {
    const { deps: d } = deps({ roles: ['administrator'] });
    const fields: WordPressFields = { first_name: 'Ada', roles: ['author'] };
    await guardRoleWrite(rolesMapping, 5, undefined, fields, d);
    expect(fields).toEqual({ first_name: 'Ada' });
  });

  it('fails the record for a privileged role without the second flag', async () => {
    const { deps: d } = deps({ roles: ['subscriber'] });
    const guarded = await guardRoleWrite(rolesMapping, 12, undefined, { roles: ['editor'] }, d);
    expect(guarded).toMatchObject({
      outcome: { status: 'Failed', code: 'sfwp_role_refused', kind: 'permanent' },
    });
  });

  it('leaves writes without roles alone', async () => {
    const { deps: d, reads } = deps({});
    const fields: WordPressFields = { first_name: 'Ada' };
    expect(await guardRoleWrite(rolesMapping, 12, undefined, fields, d)).toEqual({ notes: [] });
    expect(reads).toEqual([]);
  });
});
