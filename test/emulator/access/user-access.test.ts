import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EmulatorObject, SessionInfo } from '../contracts.js';
import type { OrgUser } from '../org-config.js';
import { parsePermissionSet, readPermissionSets } from '../schema/permission-sets.js';
import { UserAccess } from './user-access.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

const READER_SET = `<?xml version="1.0" encoding="UTF-8"?>
<PermissionSet ${NS}>
    <customMetadataTypeAccesses><enabled>true</enabled><name>Granted__mdt</name></customMetadataTypeAccesses>
    <customMetadataTypeAccesses><enabled>false</enabled><name>Disabled__mdt</name></customMetadataTypeAccesses>
    <customPermissions><enabled>true</enabled><name>Reader_Flag</name></customPermissions>
    <customPermissions><enabled>false</enabled><name>Off_Flag</name></customPermissions>
    <userPermissions><enabled>true</enabled><name>ApiEnabled</name></userPermissions>
    <label>Reader</label>
</PermissionSet>`;

function object(name: string, kind: EmulatorObject['kind']): EmulatorObject {
  return { name, label: name, kind, keyPrefix: 'x00', fields: [] };
}

function user(id: string, overrides: Partial<OrgUser>): OrgUser {
  return {
    id,
    username: `${id}@example.test`,
    password: 'pw',
    securityToken: '',
    email: `${id}@example.test`,
    firstName: 'Test',
    lastName: id,
    profile: { name: 'Minimum Access', userPermissions: [] },
    permissionSets: [],
    customPermissions: [],
    ...overrides,
  };
}

const session = (userId: string): SessionInfo => ({
  userId,
  orgId: '00D000000000001AAA',
  username: `${userId}@example.test`,
  instanceUrl: 'http://127.0.0.1',
});

const dir = mkdtempSync(join(tmpdir(), 'sfwp-access-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('permission sets from the package', () => {
  it('keeps only enabled grants', () => {
    expect(parsePermissionSet('Reader', READER_SET)).toEqual({
      name: 'Reader',
      customMetadataTypes: ['Granted__mdt'],
      customPermissions: ['Reader_Flag'],
      userPermissions: ['ApiEnabled'],
    });
  });

  it('names each set after its file', () => {
    const file = join(dir, 'Reader.permissionset-meta.xml');
    writeFileSync(file, READER_SET);
    expect(readPermissionSets([file]).get('reader')?.name).toBe('Reader');
  });
});

describe('UserAccess', () => {
  const users = [
    user('granted', { permissionSets: ['reader'], customPermissions: ['Direct_Flag'] }),
    user('customizer', {
      profile: { name: 'System Administrator', userPermissions: ['CustomizeApplication'] },
    }),
    user('plain', { permissionSets: ['No_Such_Set'] }),
  ];
  const access = new UserAccess(
    () => users,
    new Map([['reader', parsePermissionSet('Reader', READER_SET)]]),
  );
  const granted = object('granted__MDT', 'customMetadata');
  const disabled = object('Disabled__mdt', 'customMetadata');

  it('lets a custom metadata type be read with a grant or Customize Application only', () => {
    expect(access.canRead(session('granted'), granted)).toBe(true);
    expect(access.canRead(session('granted'), disabled)).toBe(false);
    expect(access.canRead(session('customizer'), disabled)).toBe(true);
    expect(access.canRead(session('plain'), granted)).toBe(false);
    expect(access.canRead(session('nobody'), granted)).toBe(false);
  });

  it('does not restrict standard and custom objects', () => {
    expect(access.canRead(session('plain'), object('Contact', 'standard'))).toBe(true);
    expect(access.canRead(session('plain'), object('Log__c', 'custom'))).toBe(true);
  });

  it("adds the permission sets' custom permissions to the user's own", () => {
    expect(access.effectiveUsers().map((each) => each.customPermissions)).toEqual([
      ['Direct_Flag', 'Reader_Flag'],
      [],
      [],
    ]);
    expect(access.hasUserPermission(users[0] as OrgUser, 'apienabled')).toBe(true);
    expect(access.hasUserPermission(users[2] as OrgUser, 'ApiEnabled')).toBe(false);
  });
});
