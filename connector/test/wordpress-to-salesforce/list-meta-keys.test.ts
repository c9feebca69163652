import { describe, expect, it } from 'vitest';
import type { ObjectMapping } from '../../src/mapping/index.js';
import { companionSettingsFor } from '../../src/wordpress-to-salesforce/companion-settings.js';
import { contactToUser } from '../mapping/fixtures.js';

const memberLevel: ObjectMapping = {
  ...contactToUser,
  name: 'Member_Level',
  fields: [
    ...contactToUser.fields,
    {
      name: 'Member_Level_Tags',
      salesforceField: 'WP_Member_Level__c',
      wordpressField: 'meta.sfwp_tags',
      direction: 'Bidirectional',
      transform: 'None',
      required: false,
      set: { source: 'MultiSelectPicklist', allowedRoles: [], allowPrivilegedRoles: false },
    },
    {
      name: 'Member_Roles',
      salesforceField: 'WP_Roles__c',
      wordpressField: 'roles',
      direction: 'SalesforceToWordPress',
      transform: 'None',
      required: false,
      set: { source: 'MultiSelectPicklist', allowedRoles: ['member'], allowPrivilegedRoles: false },
    },
  ],
};

describe('companion settings of set-valued fields', () => {
  it('name the meta lists in list_meta_keys, not as text meta, and roles in neither', () => {
    const settings = companionSettingsFor([memberLevel], {
      webhookUrl: undefined,
      sharedSecret: undefined,
    });
    expect(settings.list_meta_keys).toEqual({ user: ['sfwp_tags'] });
    expect(settings.meta).toEqual({});
  });

  it('leave inactive mappings out', () => {
    const settings = companionSettingsFor([{ ...memberLevel, active: false }], {
      webhookUrl: undefined,
      sharedSecret: undefined,
    });
    expect(settings.list_meta_keys).toEqual({});
  });
});
