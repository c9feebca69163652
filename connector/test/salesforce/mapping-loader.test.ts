import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMappingsFromOrg } from '../../src/salesforce/mapping-loader.js';
import { startEmulator, type RunningEmulator } from '../../../test/emulator/index.js';

let emulator: RunningEmulator;
let connection: Connection;

beforeAll(async () => {
  emulator = await startEmulator({ pubSub: false });
  connection = new Connection({
    oauth2: {
      loginUrl: emulator.loginUrl,
      clientId: emulator.credentials.clientId,
      clientSecret: emulator.credentials.clientSecret,
    },
    version: '65.0',
  });
  await connection.authorize({ grant_type: 'client_credentials' });
});
afterAll(async () => {
  await emulator.stop();
});

describe('loadMappingsFromOrg', () => {
  it('loads the package’s shipped mappings from the org with SOQL and checks them against describe', async () => {
    const loaded = await loadMappingsFromOrg(connection);
    expect(loaded.problems).toEqual([]);
    expect(loaded.mappings.map((mapping) => mapping.name).sort()).toEqual([
      'Account_Organization',
      'Contact_User',
      'Lead_Form_Submission',
      'Member_Level',
    ]);
    const contact = loaded.mappings.find((mapping) => mapping.name === 'Contact_User');
    expect(contact?.fields.map((field) => field.salesforceField)).toEqual(
      expect.arrayContaining(['Email', 'FirstName', 'LastName', 'Description', 'WP_Website__c']),
    );
    // The shipped segments sample, inactive: a multi-select picklist ⇄ the user meta list.
    const levels = loaded.mappings.find((mapping) => mapping.name === 'Member_Level');
    expect(levels?.active).toBe(false);
    expect(levels?.fields[0]).toMatchObject({
      salesforceField: 'WP_Member_Level__c',
      wordpressField: 'meta.sfwp_tags',
      set: { source: 'MultiSelectPicklist', allowedRoles: [], allowPrivilegedRoles: false },
    });
  });

  it('leaves out a mapping that names a field the object does not have, keeping the others', async () => {
    const [contactMapping] = [...emulator.org.store.rows('WP_Object_Mapping__mdt')].filter(
      (row) => row.DeveloperName === 'Contact_User',
    );
    if (!contactMapping) throw new Error('the package ships Contact_User');
    emulator.org.store.put('WP_Object_Mapping__mdt', {
      ...contactMapping,
      Id: 'm00000000000099AAA',
      DeveloperName: 'Lead_Broken',
      Salesforce_Object__c: 'Lead',
    });
    const [emailField] = [...emulator.org.store.rows('WP_Field_Mapping__mdt')].filter(
      (row) => row.Salesforce_Field__c === 'Email',
    );
    emulator.org.store.put('WP_Field_Mapping__mdt', {
      ...emailField,
      Id: 'm01000000000099AAA',
      DeveloperName: 'Lead_Broken_Website',
      Object_Mapping__c: 'm00000000000099AAA',
      Salesforce_Field__c: 'No_Such_Field__c',
    });
    const loaded = await loadMappingsFromOrg(connection);
    expect(loaded.mappings.map((mapping) => mapping.name).sort()).toEqual([
      'Account_Organization',
      'Contact_User',
      'Lead_Form_Submission',
      'Member_Level',
    ]);
    expect(loaded.problems).toEqual([
      { mapping: 'Lead_Broken', message: expect.stringContaining('Lead has no field') as unknown },
    ]);
    expect(loaded.problems[0]?.message).toContain('No_Such_Field__c');
  });
});
