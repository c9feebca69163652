/**
 * Unmodified jsforce 3 against the emulator's SOQL (issues 14 and 15): custom metadata types
 * refused without a permission-set grant, OFFSET above 2,000, parent-to-child subqueries and
 * describe's childRelationships, aggregate queries, and the error naming SOQL the emulator does
 * not implement. Expected values are the documented ones (docs/EMULATOR.md, "SOQL").
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_PACKAGE_DIR, startEmulator, type RunningEmulator } from '../emulator/index.js';
import { passwordToken } from '../emulator/testing/rest-client.js';

const VERSION = '65.0';
const MAPPINGS_SOQL =
  'SELECT DeveloperName, Object_Mapping__r.DeveloperName FROM WP_Field_Mapping__mdt ORDER BY DeveloperName';

async function login(emulator: RunningEmulator, who: 'admin' | 'integration'): Promise<Connection> {
  const conn = new Connection({
    oauth2: {
      loginUrl: emulator.loginUrl,
      clientId: emulator.credentials.clientId,
      clientSecret: emulator.credentials.clientSecret,
    },
    version: VERSION,
  });
  const user = emulator.credentials[who];
  await conn.login(user.username, user.password + user.securityToken);
  return conn;
}

/** The HTTP status and body of a query, for what jsforce's errors do not carry. */
async function rawQuery(
  emulator: RunningEmulator,
  soql: string,
): Promise<{ status: number; body: unknown }> {
  const token = await passwordToken(emulator, 'integration');
  const response = await fetch(
    `${emulator.instanceUrl}/services/data/v${VERSION}/query?q=${encodeURIComponent(soql)}`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  return { status: response.status, body: await response.json() };
}

describe('jsforce 3 SOQL against the emulator', () => {
  let emulator: RunningEmulator;
  let integration: Connection;
  let admin: Connection;

  beforeAll(async () => {
    emulator = await startEmulator({ pubSub: false });
    integration = await login(emulator, 'integration');
    admin = await login(emulator, 'admin');
  });
  afterAll(async () => {
    await emulator.stop();
  });

  describe('custom metadata types', () => {
    it('lets the integration user read the mappings its permission set grants', async () => {
      const result = await integration.query<{ DeveloperName: string }>(MAPPINGS_SOQL);
      expect(result.totalSize).toBeGreaterThan(0);
      expect(result.records[0]).toMatchObject({
        attributes: { type: 'WP_Field_Mapping__mdt' },
        Object_Mapping__r: { attributes: { type: 'WP_Object_Mapping__mdt' } },
      });
    });

    it('refuses the integration user when its permission set lacks customMetadataTypeAccesses', async () => {
      // The package as it was before defect 1 was fixed: no custom metadata grants.
      const packageDir = mkdtempSync(join(tmpdir(), 'sfwp-no-cmdt-grant-'));
      cpSync(DEFAULT_PACKAGE_DIR, packageDir, { recursive: true });
      const permissionSet = join(
        packageDir,
        'main/default/permissionsets/WP_Sync_Integration_User.permissionset-meta.xml',
      );
      const xml = readFileSync(permissionSet, 'utf8');
      writeFileSync(
        permissionSet,
        xml.replace(/\s*<customMetadataTypeAccesses>[\s\S]*?<\/customMetadataTypeAccesses>/g, ''),
      );
      const ungranted = await startEmulator({ pubSub: false, packageDir });
      try {
        const conn = await login(ungranted, 'integration');
        await expect(
          conn.query('SELECT DeveloperName FROM WP_Object_Mapping__mdt'),
        ).rejects.toMatchObject({
          errorCode: 'INVALID_TYPE',
          message: expect.stringContaining(
            "sObject type 'WP_Object_Mapping__mdt' is not supported",
          ) as unknown,
        });
        const raw = await rawQuery(ungranted, 'SELECT DeveloperName FROM WP_Object_Mapping__mdt');
        expect(raw.status).toBe(400);
        expect(raw.body).toEqual([
          expect.objectContaining({ errorCode: 'INVALID_TYPE', fields: [] }),
        ]);
        // The administrator holds Customize Application, which reads every custom metadata type.
        const asAdmin = await login(ungranted, 'admin');
        expect((await asAdmin.query(MAPPINGS_SOQL)).totalSize).toBeGreaterThan(0);
        // Standard objects stay readable: only custom metadata access is restricted.
        expect((await conn.query('SELECT Id FROM Contact LIMIT 1')).done).toBe(true);
      } finally {
        await ungranted.stop();
        rmSync(packageDir, { recursive: true, force: true });
      }
    });
  });

  it('answers NUMBER_OUTSIDE_VALID_RANGE for an OFFSET above 2,000', async () => {
    await expect(
      integration.query('SELECT Id FROM Contact LIMIT 5 OFFSET 2000'),
    ).resolves.toMatchObject({
      done: true,
    });
    await expect(
      integration.query('SELECT Id FROM Contact LIMIT 5 OFFSET 2001'),
    ).rejects.toMatchObject({
      errorCode: 'NUMBER_OUTSIDE_VALID_RANGE',
    });
    const raw = await rawQuery(emulator, 'SELECT Id FROM Contact LIMIT 5 OFFSET 2001');
    expect(raw.status).toBe(400);
  });

  describe('parent-to-child subqueries', () => {
    let withContacts: string;
    let withoutContacts: string;

    beforeAll(async () => {
      const accounts = await admin
        .sobject('Account')
        .create([{ Name: 'Subquery Parent' }, { Name: 'Subquery Lonely' }]);
      [withContacts = '', withoutContacts = ''] = accounts.map((result) =>
        result.success ? result.id : '',
      );
      await admin.sobject('Contact').create([
        { LastName: 'Zeta', AccountId: withContacts },
        { LastName: 'Alpha', AccountId: withContacts },
      ]);
    });

    it('nests the children as {totalSize, done, records}, null for none', async () => {
      const result = await integration.query<Record<string, unknown>>(
        `SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account WHERE Id IN ('${withContacts}', '${withoutContacts}') ORDER BY Name`,
      );
      expect(result.records).toEqual([
        {
          attributes: {
            type: 'Account',
            url: `/services/data/v${VERSION}/sobjects/Account/${withoutContacts}`,
          },
          Name: 'Subquery Lonely',
          Contacts: null,
        },
        {
          attributes: {
            type: 'Account',
            url: `/services/data/v${VERSION}/sobjects/Account/${withContacts}`,
          },
          Name: 'Subquery Parent',
          Contacts: {
            totalSize: 2,
            done: true,
            records: [
              {
                attributes: {
                  type: 'Contact',
                  url: expect.stringMatching(
                    /^\/services\/data\/v65\.0\/sobjects\/Contact\/003/,
                  ) as unknown,
                },
                LastName: 'Alpha',
              },
              expect.objectContaining({ LastName: 'Zeta' }),
            ],
          },
        },
      ]);
    });

    it("names the relationship in describe's childRelationships", async () => {
      const account = await integration.sobject('Account').describe();
      expect(account.childRelationships).toContainEqual(
        expect.objectContaining({
          childSObject: 'Contact',
          field: 'AccountId',
          relationshipName: 'Contacts',
          cascadeDelete: true,
        }),
      );
      const mapping = await admin.sobject('WP_Object_Mapping__mdt').describe();
      expect(mapping.childRelationships).toContainEqual(
        expect.objectContaining({
          childSObject: 'WP_Field_Mapping__mdt',
          field: 'Object_Mapping__c',
          relationshipName: 'Field_Mappings__r',
          cascadeDelete: false,
        }),
      );
    });

    it('refuses an unknown relationship with INVALID_TYPE', async () => {
      await expect(
        integration.query('SELECT Name, (SELECT Id FROM Contactz) FROM Account'),
      ).rejects.toMatchObject({ errorCode: 'INVALID_TYPE' });
    });
  });

  describe('aggregate queries', () => {
    beforeAll(async () => {
      await admin.sobject('Lead').create([
        { LastName: 'One', Company: 'Agg', LeadSource: 'Web', NumberOfEmployees: 10 },
        { LastName: 'Two', Company: 'Agg', LeadSource: 'Web', NumberOfEmployees: 30 },
        { LastName: 'Three', Company: 'Agg', LeadSource: 'Other', NumberOfEmployees: 5 },
        { LastName: 'Four', Company: 'Agg' },
      ]);
    });

    it('answers COUNT(Id) in an AggregateResult row under expr0', async () => {
      const result = await integration.query("SELECT COUNT(Id) FROM Lead WHERE Company = 'Agg'");
      expect(result).toEqual({
        totalSize: 1,
        done: true,
        records: [{ attributes: { type: 'AggregateResult' }, expr0: 4 }],
      });
    });

    it('groups with aliases, implied expr names, HAVING and ORDER BY', async () => {
      const result = await integration.query(
        "SELECT LeadSource source, COUNT(Id), SUM(NumberOfEmployees) employees, MAX(LastName) FROM Lead WHERE Company = 'Agg' GROUP BY LeadSource HAVING COUNT(Id) > 0 ORDER BY COUNT(Id) DESC, LeadSource",
      );
      expect(result.records).toEqual([
        {
          attributes: { type: 'AggregateResult' },
          source: 'Web',
          expr0: 2,
          employees: 40,
          expr1: 'Two',
        },
        {
          attributes: { type: 'AggregateResult' },
          source: null,
          expr0: 1,
          employees: null,
          expr1: 'Four',
        },
        {
          attributes: { type: 'AggregateResult' },
          source: 'Other',
          expr0: 1,
          employees: 5,
          expr1: 'Three',
        },
      ]);
    });

    it('counts with COUNT() in totalSize and no records', async () => {
      const count = await integration.sobject('Lead').count({ Company: 'Agg' });
      expect(count).toBe(4);
      await expect(
        integration.query("SELECT COUNT() FROM Lead WHERE Company = 'Agg'"),
      ).resolves.toEqual({ totalSize: 4, done: true, records: [] });
    });

    it('refuses an aggregate result beyond one batch: GROUP BY has no queryMore', async () => {
      for (let index = 0; index < 2001; index++) {
        emulator.org.insert('Lead', { LastName: `Many ${index}`, Company: `Many ${index}` });
      }
      await expect(
        integration.query(
          "SELECT Company, COUNT(Id) FROM Lead WHERE LastName LIKE 'Many %' GROUP BY Company",
        ),
      ).rejects.toMatchObject({ errorCode: 'EXCEEDED_ID_LIMIT' });
      const limited = await integration.query(
        "SELECT Company, COUNT(Id) FROM Lead WHERE LastName LIKE 'Many %' GROUP BY Company LIMIT 2000",
      );
      expect(limited).toMatchObject({ totalSize: 2000, done: true });
    });
  });

  it('names SOQL the emulator does not implement instead of answering wrong data', async () => {
    await expect(
      integration.query('SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact)'),
    ).rejects.toMatchObject({
      errorCode: 'UNSUPPORTED_IN_EMULATOR',
      message: expect.stringContaining('Semi-join') as unknown,
    });
  });
});
