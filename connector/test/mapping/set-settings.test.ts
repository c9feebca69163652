import { describe, expect, it } from 'vitest';
import {
  mappingsFromMetadata,
  type FieldMappingRecord,
  type ObjectMappingRecord,
} from '../../src/mapping/index.js';

const contactUser: ObjectMappingRecord = {
  DeveloperName: 'Member_Level',
  Salesforce_Object__c: 'Contact',
  WordPress_Type__c: 'user',
  Direction__c: 'Bidirectional',
  Active__c: false,
  External_Id_Field__c: 'WP_Id__c',
};

function field(overrides: Partial<FieldMappingRecord>): FieldMappingRecord {
  return {
    DeveloperName: 'Member_Level_Tags',
    Object_Mapping__c: 'Member_Level',
    Salesforce_Field__c: 'WP_Member_Level__c',
    WordPress_Field__c: 'meta.sfwp_tags',
    Direction__c: null,
    Set_Source__c: 'MultiSelectPicklist',
    ...overrides,
  };
}

function load(fieldRow: FieldMappingRecord, objectRow: ObjectMappingRecord = contactUser) {
  return mappingsFromMetadata([objectRow], [fieldRow]);
}

describe('set-valued field mappings', () => {
  it('loads a multi-select picklist on a user meta list', () => {
    const loaded = load(field({}));
    expect(loaded.problems).toEqual([]);
    expect(loaded.mappings[0]?.fields[0]?.set).toEqual({
      source: 'MultiSelectPicklist',
      allowedRoles: [],
      allowPrivilegedRoles: false,
    });
  });

  it('leaves a blank Set_Source__c a scalar field', () => {
    expect(load(field({ Set_Source__c: null })).mappings[0]?.fields[0]?.set).toBeUndefined();
  });

  it('loads roles with their allowlist, trimmed, and the privileged flag', () => {
    const loaded = load(
      field({
        WordPress_Field__c: 'roles',
        Allowed_Roles__c: ' member , gold_member,member',
        Allow_Privileged_Roles__c: true,
      }),
    );
    expect(loaded.mappings[0]?.fields[0]?.set).toEqual({
      source: 'MultiSelectPicklist',
      allowedRoles: ['member', 'gold_member'],
      allowPrivilegedRoles: true,
    });
  });

  it.each([
    [
      'a WordPress field that is neither meta.<key> nor roles',
      { WordPress_Field__c: 'first_name' },
      "a set (Set_Source__c MultiSelectPicklist) goes to a WordPress user meta list (meta.<key>) or to roles, not 'first_name'",
    ],
    ['roles without an allowlist', { WordPress_Field__c: 'roles' }, 'roles needs Allowed_Roles__c'],
    [
      'an allowlist entry that is not a role slug',
      { WordPress_Field__c: 'roles', Allowed_Roles__c: 'member, Gold Member' },
      'Allowed_Roles__c names Gold Member, which are not role slugs',
    ],
    [
      'a Topics set on another Salesforce field',
      { Set_Source__c: 'Topics' },
      "a Topics set has Salesforce_Field__c 'Topics' (its tags are TopicAssignments), not 'WP_Member_Level__c'",
    ],
    [
      'Topics as the field of a picklist set',
      { Salesforce_Field__c: 'Topics' },
      "Salesforce_Field__c 'Topics' needs Set_Source__c Topics",
    ],
    [
      'an unknown Set_Source__c',
      { Set_Source__c: 'Tags' },
      "Set_Source__c 'Tags' is not one of MultiSelectPicklist, Topics",
    ],
  ])('refuses %s, naming the field, while other mappings load', (_, overrides, message) => {
    const loaded = mappingsFromMetadata(
      [contactUser, { ...contactUser, DeveloperName: 'Other' }],
      [field(overrides), field({ DeveloperName: 'Other_Tags', Object_Mapping__c: 'Other' })],
    );
    expect(loaded.mappings.map((mapping) => mapping.name)).toEqual(['Other']);
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]?.mapping).toBe('Member_Level');
    expect(loaded.problems[0]?.message).toContain('field Member_Level_Tags: ');
    expect(loaded.problems[0]?.message).toContain(message);
  });

  it('refuses roles on a post type', () => {
    const loaded = load(field({ WordPress_Field__c: 'roles', Allowed_Roles__c: 'member' }), {
      ...contactUser,
      WordPress_Type__c: 'post',
    });
    expect(loaded.problems[0]?.message).toContain('roles is a field of WordPress users only');
  });

  it('loads a Topics set on the Topics field', () => {
    const loaded = load(field({ Set_Source__c: 'Topics', Salesforce_Field__c: 'Topics' }));
    expect(loaded.problems).toEqual([]);
    expect(loaded.mappings[0]?.fields[0]?.set?.source).toBe('Topics');
  });
});

describe('org → org mappings', () => {
  it('load Target_Org__c and need no WordPress type', () => {
    const loaded = load(field({ Set_Source__c: null, WordPress_Field__c: 'meta.level' }), {
      ...contactUser,
      WordPress_Type__c: null,
      Target_Org__c: ' partner ',
    });
    expect(loaded.problems).toEqual([]);
    expect(loaded.mappings[0]).toMatchObject({ targetOrg: 'partner', wordpressType: '' });
  });

  it('still need a WordPress type without Target_Org__c', () => {
    const loaded = load(field({}), { ...contactUser, WordPress_Type__c: null });
    expect(loaded.problems[0]?.message).toContain("WordPress_Type__c 'null'");
  });
});
