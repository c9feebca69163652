/**
 * Deleting an Account deletes its Contacts without running their triggers; the package's
 * Account trigger publishes their DELETE events (WPSyncCascadeDeletes) unless the Contact
 * mapping ignores deletes. Undeleting the Account restores the Contacts deleted with it.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { BusEvent } from '../contracts.js';
import { startEmulator, type RunningEmulator } from '../index.js';
import { restClient, type RestClient } from '../testing/rest-client.js';
import { OBJECT_MAPPING_TYPE } from './sync-trigger.js';

const SYNC_TOPIC = '/event/WP_Sync_Event__e';
const DELETED_AT = Date.parse('2026-03-04T05:06:07.890Z');

describe('account delete cascade', () => {
  let emulator: RunningEmulator;
  let admin: RestClient;
  let integration: RestClient;
  let seen: BusEvent[];
  let clock = DELETED_AT;

  beforeAll(async () => {
    emulator = await startEmulator({ pubSub: false, now: () => clock });
    admin = await restClient(emulator, 'admin');
    integration = await restClient(emulator, 'integration');
    emulator.bus.onPublish((event) => {
      if (event.topic === SYNC_TOPIC) seen.push(event);
    });
  });
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(() => {
    seen = [];
    setContactDeletePolicy('Ignore');
  });

  function setContactDeletePolicy(policy: string): void {
    const mapping = [...emulator.org.store.rows(OBJECT_MAPPING_TYPE)].find(
      (row) => row.DeveloperName === 'Contact_User',
    );
    if (!mapping) throw new Error('the package ships the Contact_User mapping');
    emulator.org.store.put(OBJECT_MAPPING_TYPE, { ...mapping, Delete_Policy__c: policy });
  }

  async function create(objectName: string, values: Record<string, unknown>): Promise<string> {
    const answer = await integration.call('POST', `/sobjects/${objectName}`, values);
    expect(answer.status).toBe(201);
    return (answer.body as { id: string }).id;
  }

  let wordPressIds = 900;
  async function accountWithContacts(): Promise<{ accountId: string; contactIds: string[] }> {
    wordPressIds += 10;
    const accountId = await create('Account', {
      Name: 'Cascade Inc',
      WP_Id__c: String(wordPressIds),
    });
    const contactIds = [
      await create('Contact', {
        LastName: 'First',
        Email: 'first@example.com',
        AccountId: accountId,
        WP_Id__c: String(wordPressIds + 1),
      }),
      await create('Contact', { LastName: 'Second', AccountId: accountId }),
    ];
    return { accountId, contactIds };
  }

  const summary = (): unknown[][] =>
    seen.map((event) => [
      event.payload.Object__c,
      event.payload.Operation__c,
      event.payload.Record_Id__c,
    ]);

  it('deletes the contacts with their account, and only those', async () => {
    const { accountId, contactIds } = await accountWithContacts();
    const bystander = await create('Contact', { LastName: 'Elsewhere' });
    expect((await admin.call('DELETE', `/sobjects/Account/${accountId}`)).status).toBe(204);
    for (const id of contactIds) {
      expect(emulator.org.get('Contact', id)).toBeUndefined();
      expect(emulator.org.store.recycled(id)?.row.IsDeleted).toBe(true);
    }
    expect(emulator.org.get('Contact', bystander)?.LastName).toBe('Elsewhere');
    const answer = await admin.call('GET', `/sobjects/Contact/${contactIds[0] ?? ''}`);
    expect(answer.status).toBe(404);
  });

  it('publishes no contact event when the contact mapping ignores deletes', async () => {
    const { accountId } = await accountWithContacts();
    await admin.call('DELETE', `/sobjects/Account/${accountId}`);
    expect(summary()).toEqual([['Account', 'DELETE', accountId]]);
  });

  it('publishes the DELETE events of the cascaded contacts before the account one', async () => {
    setContactDeletePolicy('Delete');
    const { accountId, contactIds } = await accountWithContacts();
    clock = DELETED_AT + 60_000;
    await admin.call('DELETE', `/sobjects/Account/${accountId}`);
    expect(summary()).toEqual([
      ['Contact', 'DELETE', contactIds[0]],
      ['Contact', 'DELETE', contactIds[1]],
      ['Account', 'DELETE', accountId],
    ]);
    expect(seen[0]?.payload).toMatchObject({
      Mapping__c: 'Contact_User',
      Changed_Fields__c: null,
      WP_Id__c: String(wordPressIds + 1),
      Modstamp__c: new Date(clock).toISOString(),
    });
    expect(JSON.parse(String(seen[0]?.payload.Payload__c))).toEqual({
      Description: null,
      Email: 'first@example.com',
      FirstName: null,
      LastName: 'First',
      WP_Website__c: null,
    });
    expect(seen[1]?.payload.WP_Id__c).toBeNull();
  });

  it('publishes nothing when the integration user deletes the account, but still cascades', async () => {
    setContactDeletePolicy('Delete');
    const { accountId, contactIds } = await accountWithContacts();
    await integration.call('DELETE', `/sobjects/Account/${accountId}`);
    expect(seen).toEqual([]);
    expect(emulator.org.get('Contact', contactIds[0] ?? '')).toBeUndefined();
  });

  it('restores the contacts deleted with the account, without contact events', async () => {
    setContactDeletePolicy('Delete');
    const { accountId, contactIds } = await accountWithContacts();
    const [kept, removedEarlier] = contactIds;
    await admin.call('DELETE', `/sobjects/Contact/${removedEarlier ?? ''}`);
    await admin.call('DELETE', `/sobjects/Account/${accountId}`);
    seen = [];
    emulator.org.undelete('Account', accountId, emulator.credentials.admin.username);
    expect(emulator.org.get('Contact', kept ?? '')).toMatchObject({
      LastName: 'First',
      IsDeleted: false,
      AccountId: accountId,
    });
    expect(emulator.org.get('Contact', removedEarlier ?? '')).toBeUndefined();
    expect(emulator.org.store.isInRecycleBin(removedEarlier ?? '')).toBe(true);
    expect(summary()).toEqual([['Account', 'UNDELETE', accountId]]);
  });

  it('rolls the cascade back with a failed delete', () => {
    const asIntegration = emulator.credentials.integration.username;
    const accountId = emulator.org.insert('Account', { Name: 'Kept' }, asIntegration);
    const contactId = emulator.org.insert(
      'Contact',
      { LastName: 'Kept', AccountId: accountId },
      asIntegration,
    );
    expect(() =>
      emulator.org.store.transaction(() => {
        emulator.org.delete('Account', accountId);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(emulator.org.get('Contact', contactId)?.LastName).toBe('Kept');
    expect(emulator.org.store.isInRecycleBin(contactId)).toBe(false);
    expect(seen).toEqual([]);
  });
});
