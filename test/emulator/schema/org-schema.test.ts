import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PACKAGE_DIR } from '../index.js';
import { readCustomMetadataRecords } from './custom-metadata-records.js';
import { describeSObject } from './describe.js';
import { loadOrgSchema } from './org-schema.js';
import { findPackageFiles } from './package-files.js';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const XSI =
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"';

let root: string | undefined;

function fixture(files: Record<string, string>): string {
  root = mkdtempSync(join(tmpdir(), 'sfwp-schema-'));
  for (const [path, content] of Object.entries(files)) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `<?xml version="1.0" encoding="UTF-8"?>\n${content}`);
  }
  return root;
}

afterEach(() => {
  if (root !== undefined) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

describe('schema from the package', () => {
  it('has the standard objects when the package directory is empty or missing', () => {
    const schema = loadOrgSchema(join(tmpdir(), 'sfwp-no-such-dir'));
    expect(schema.listObjects().map((object) => object.name)).toEqual([
      'Account',
      'Campaign',
      'CampaignMember',
      'Contact',
      'Lead',
      'Topic',
      'TopicAssignment',
      'User',
    ]);
    expect(schema.getField('contact', 'lastname')).toMatchObject({
      name: 'LastName',
      type: 'string',
      required: true,
    });
  });

  it('reads custom objects, platform events, custom metadata types and fields on standard objects', () => {
    const dir = fixture({
      'main/sync/objects/Log__c/Log__c.object-meta.xml': `<CustomObject ${NS}><label>Log</label><nameField><displayFormat>L-{000}</displayFormat><label>Log Number</label><type>AutoNumber</type></nameField></CustomObject>`,
      'main/sync/objects/Log__c/fields/Message__c.field-meta.xml': `<CustomField ${NS}><fullName>Message__c</fullName><label>Message</label><type>LongTextArea</type><length>32768</length></CustomField>`,
      'main/sync/objects/Log__c/fields/Count__c.field-meta.xml': `<CustomField ${NS}><fullName>Count__c</fullName><label>Count</label><type>Number</type><precision>18</precision><scale>0</scale><defaultValue>3</defaultValue></CustomField>`,
      'main/sync/objects/Ping__e/Ping__e.object-meta.xml': `<CustomObject ${NS}><label>Ping</label><publishBehavior>PublishImmediately</publishBehavior></CustomObject>`,
      'main/sync/objects/Ping__e/fields/Note__c.field-meta.xml': `<CustomField ${NS}><fullName>Note__c</fullName><label>Note</label><type>Text</type><length>20</length><required>true</required></CustomField>`,
      'main/sync/objects/Map__mdt/Map__mdt.object-meta.xml': `<CustomObject ${NS}><label>Map</label></CustomObject>`,
      'main/sync/objects/Map__mdt/fields/Active__c.field-meta.xml': `<CustomField ${NS}><fullName>Active__c</fullName><label>Active</label><type>Checkbox</type><defaultValue>true</defaultValue></CustomField>`,
      'main/sync/objects/Contact/fields/Ext__c.field-meta.xml': `<CustomField ${NS}><fullName>Ext__c</fullName><label>Ext</label><type>Text</type><length>40</length><externalId>true</externalId><unique>true</unique></CustomField>`,
      'main/sync/objects/Contact/fields/Kind__c.field-meta.xml': `<CustomField ${NS}><fullName>Kind__c</fullName><label>Kind</label><type>Picklist</type><valueSet><valueSetDefinition><value><fullName>A</fullName></value><value><fullName>B</fullName></value></valueSetDefinition></valueSet></CustomField>`,
      'main/sync/customMetadata/Map.First.md-meta.xml': `<CustomMetadata ${NS} ${XSI}><label>First map</label><values><field>Active__c</field><value xsi:type="xsd:boolean">false</value></values></CustomMetadata>`,
    });
    const schema = loadOrgSchema(dir);
    const log = schema.getObject('log__c');
    expect(log).toMatchObject({ name: 'Log__c', kind: 'custom', label: 'Log', keyPrefix: 'a00' });
    expect(schema.getField('Log__c', 'Message__c')).toMatchObject({
      type: 'textarea',
      length: 32768,
      filterable: false,
    });
    expect(schema.getField('Log__c', 'Count__c')).toMatchObject({ type: 'double' });
    expect(schema.defaultValues('Log__c')).toEqual({ Count__c: 3 });
    expect(schema.autoNumberFormat('Log__c')).toBe('L-{000}');
    expect(schema.getField('Log__c', 'Name')).toMatchObject({
      label: 'Log Number',
      required: false,
    });
    expect(schema.getObject('Ping__e')).toMatchObject({
      kind: 'platformEvent',
      publishBehavior: 'PublishImmediately',
      keyPrefix: 'e00',
    });
    expect(schema.getField('Ping__e', 'Note__c')).toMatchObject({ required: true, length: 20 });
    expect(schema.getField('Ping__e', 'ReplayId')).toBeDefined();
    expect(schema.getObject('Map__mdt')).toMatchObject({
      kind: 'customMetadata',
      keyPrefix: 'm00',
    });
    expect(schema.getField('Map__mdt', 'DeveloperName')).toBeDefined();
    expect(schema.getField('Contact', 'Ext__c')).toMatchObject({
      externalId: true,
      unique: true,
      type: 'string',
    });
    expect(schema.getField('Contact', 'Kind__c')).toMatchObject({
      type: 'picklist',
      picklistValues: ['A', 'B'],
    });

    const records = readCustomMetadataRecords(findPackageFiles(dir).customMetadataRecordFiles);
    expect(records).toEqual([
      {
        type: 'Map__mdt',
        developerName: 'First',
        label: 'First map',
        values: { Active__c: false },
      },
    ]);
  });

  it('rejects a field type it does not know', () => {
    const dir = fixture({
      'objects/Contact/fields/Odd__c.field-meta.xml': `<CustomField ${NS}><fullName>Odd__c</fullName><type>Hologram</type></CustomField>`,
    });
    expect(() => loadOrgSchema(dir)).toThrow('unsupported field type Hologram');
  });

  it('describes fields in the REST describe shape', () => {
    const dir = fixture({
      'objects/Contact/fields/Ext__c.field-meta.xml': `<CustomField ${NS}><fullName>Ext__c</fullName><label>Ext</label><type>Text</type><length>40</length><externalId>true</externalId><unique>true</unique></CustomField>`,
    });
    const schema = loadOrgSchema(dir);
    const contact = schema.getObject('Contact');
    if (!contact) throw new Error('no Contact');
    const described = describeSObject(schema, contact, '65.0');
    expect(described).toMatchObject({
      name: 'Contact',
      keyPrefix: '003',
      createable: true,
      custom: false,
    });
    expect(described.fields.find((field) => field.name === 'Ext__c')).toMatchObject({
      type: 'string',
      soapType: 'xsd:string',
      length: 40,
      externalId: true,
      idLookup: true,
      unique: true,
      custom: true,
      nillable: true,
      createable: true,
      updateable: true,
    });
    expect(described.fields.find((field) => field.name === 'Id')).toMatchObject({
      createable: false,
      nillable: false,
    });
    expect(described.fields.find((field) => field.name === 'AccountId')).toMatchObject({
      referenceTo: ['Account'],
      relationshipName: 'Account',
    });
  });

  it('reads the contract names of issue 4 from the repository package', () => {
    const schema = loadOrgSchema(DEFAULT_PACKAGE_DIR);
    const fieldsOf = (objectName: string) =>
      schema.getObject(objectName)?.fields.map((field) => field.name) ?? [];
    expect(fieldsOf('WP_Sync_Event__e')).toEqual(
      expect.arrayContaining([
        'Mapping__c',
        'Object__c',
        'Record_Id__c',
        'Operation__c',
        'Changed_Fields__c',
        'Payload__c',
        'WP_Id__c',
        'Modstamp__c',
      ]),
    );
    expect(fieldsOf('WP_Sync_Result__e')).toEqual(
      expect.arrayContaining([
        'Mapping__c',
        'Record_Id__c',
        'WP_Id__c',
        'Direction__c',
        'Status__c',
        'Message__c',
        'Source_Event__c',
      ]),
    );
    expect(fieldsOf('WP_Object_Mapping__mdt')).toEqual(
      expect.arrayContaining(['Salesforce_Object__c', 'External_Id_Field__c']),
    );
    expect(schema.getField('Contact', 'WP_Id__c')).toMatchObject({
      externalId: true,
      unique: true,
    });
    expect(schema.getField('Account', 'WP_Id__c')).toMatchObject({
      externalId: true,
      unique: true,
    });
    expect(schema.getObject('WP_Sync_Event__e')?.publishBehavior).toBe('PublishAfterCommit');
  });

  it('names child relationships: standard ones and a lookup declaring <relationshipName>', () => {
    const dir = fixture({
      'objects/Order__c/Order__c.object-meta.xml': `<CustomObject ${NS}><label>Order</label></CustomObject>`,
      'objects/Order__c/fields/Buyer__c.field-meta.xml': `<CustomField ${NS}><fullName>Buyer__c</fullName><type>Lookup</type><referenceTo>Contact</referenceTo><relationshipName>Orders</relationshipName></CustomField>`,
      'objects/Order__c/fields/Helper__c.field-meta.xml': `<CustomField ${NS}><fullName>Helper__c</fullName><type>Lookup</type><referenceTo>Contact</referenceTo></CustomField>`,
    });
    const schema = loadOrgSchema(dir);
    const contact = schema.getObject('Contact');
    const account = schema.getObject('Account');
    if (!contact || !account) throw new Error('no Contact or Account');
    expect(describeSObject(schema, contact, '65.0').childRelationships).toEqual([
      expect.objectContaining({
        childSObject: 'CampaignMember',
        field: 'ContactId',
        relationshipName: 'CampaignMembers',
      }),
      expect.objectContaining({
        childSObject: 'Lead',
        field: 'ConvertedContactId',
        relationshipName: null,
      }),
      expect.objectContaining({
        childSObject: 'Order__c',
        field: 'Buyer__c',
        relationshipName: 'Orders__r',
      }),
      expect.objectContaining({
        childSObject: 'Order__c',
        field: 'Helper__c',
        relationshipName: null,
      }),
      expect.objectContaining({
        childSObject: 'TopicAssignment',
        field: 'EntityId',
        relationshipName: 'TopicAssignments',
      }),
    ]);
    expect(describeSObject(schema, account, '65.0').childRelationships).toEqual([
      expect.objectContaining({
        childSObject: 'Account',
        field: 'ParentId',
        relationshipName: 'ChildAccounts',
      }),
      expect.objectContaining({
        childSObject: 'Contact',
        field: 'AccountId',
        relationshipName: 'Contacts',
      }),
      expect.objectContaining({
        childSObject: 'Lead',
        field: 'ConvertedAccountId',
        relationshipName: null,
      }),
      expect.objectContaining({
        childSObject: 'TopicAssignment',
        field: 'EntityId',
        relationshipName: 'TopicAssignments',
      }),
    ]);
    expect(schema.resolveChildRelationship('contact', 'ORDERS__R')?.field.name).toBe('Buyer__c');
    expect(schema.resolveChildRelationship('Contact', 'Helper__r')).toBeUndefined();
  });

  it('reports groupable as GROUP BY accepts it', () => {
    const schema = loadOrgSchema(join(tmpdir(), 'sfwp-no-such-dir'));
    const account = schema.getObject('Account');
    if (!account) throw new Error('no Account');
    const groupable = (name: string) =>
      describeSObject(schema, account, '65.0').fields.find((field) => field.name === name)
        ?.groupable;
    expect([groupable('Name'), groupable('NumberOfEmployees')]).toEqual([true, true]);
    expect([groupable('AnnualRevenue'), groupable('Description')]).toEqual([false, false]);
  });
});
