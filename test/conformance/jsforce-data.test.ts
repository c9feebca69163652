/**
 * Unmodified jsforce 3 against the emulator: CRUD, query + queryMore, sObject Collections
 * upsert and its 200-record limit, describe, API limits.
 */
import { Connection } from 'jsforce';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';

const VERSION = '65.0';

interface ContactRow {
  Id?: string;
  WP_Id__c: string;
  LastName: string;
  Email?: string;
}

function contacts(count: number, prefix: string): ContactRow[] {
  return Array.from({ length: count }, (_unused, index) => ({
    WP_Id__c: `${prefix}-${index}`,
    LastName: `Last ${index}`,
    Email: `user${index}@${prefix}.example`,
  }));
}

describe('jsforce 3 data calls against the emulator', () => {
  let emulator: RunningEmulator;
  let conn: Connection;

  beforeAll(async () => {
    emulator = await startEmulator({ pubSub: false });
  });
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(async () => {
    emulator.faults.reset();
    conn = new Connection({
      oauth2: {
        loginUrl: emulator.loginUrl,
        clientId: emulator.credentials.clientId,
        clientSecret: emulator.credentials.clientSecret,
      },
      version: VERSION,
    });
    const { integration } = emulator.credentials;
    await conn.login(integration.username, integration.password + integration.securityToken);
  });

  it('creates, reads, updates and deletes a record', async () => {
    const created = await conn
      .sobject('Contact')
      .create({ FirstName: 'Ada', LastName: 'Lovelace', Email: 'ada@example.com' });
    expect(created.success).toBe(true);
    const id = created.success ? created.id : '';
    const read = await conn.sobject('Contact').retrieve(id);
    expect(read).toMatchObject({ Id: id, Name: 'Ada Lovelace', Email: 'ada@example.com' });
    const updated = await conn.sobject('Contact').update({ Id: id, Email: 'ada@lovelace.example' });
    expect(updated.success).toBe(true);
    expect(emulator.org.get('Contact', id)?.Email).toBe('ada@lovelace.example');
    await conn.sobject('Contact').destroy(id);
    expect(emulator.org.get('Contact', id)).toBeUndefined();
    await expect(conn.sobject('Contact').retrieve(id)).rejects.toMatchObject({
      errorCode: 'NOT_FOUND',
    });
    const withDeleted = await conn.query<{ Id: string; IsDeleted: boolean }>(
      `SELECT Id, IsDeleted FROM Contact WHERE Id = '${id}'`,
      { scanAll: true },
    );
    expect(withDeleted.records).toMatchObject([{ Id: id, IsDeleted: true }]);
    expect((await conn.query(`SELECT Id FROM Contact WHERE Id = '${id}'`)).totalSize).toBe(0);
  });

  it('retrieves several records by id in one collection call, null for a missing one', async () => {
    const created = await conn
      .sobject('Contact')
      .create([{ LastName: 'First' }, { LastName: 'Second' }]);
    const ids = created.map((result) => (result.success ? result.id : ''));
    const missing = '003000000000000AAA';
    const records = await conn
      .sobject('Contact')
      .retrieve([...ids, missing], { fields: ['LastName'] });
    const lastNames = (records as ({ LastName: string } | null)[]).map(
      (record) => record?.LastName ?? null,
    );
    expect(lastNames).toEqual(['First', 'Second', null]);
    const full = await conn.sobject('Contact').retrieve(ids);
    expect(full[0]).toMatchObject({ Id: ids[0], LastName: 'First', IsDeleted: false });
  });

  it('lists updated and deleted records for reconciliation', async () => {
    const start = new Date(Date.now() - 60_000);
    const kept = await conn.sobject('Contact').create({ LastName: 'Replicated' });
    const gone = await conn.sobject('Contact').create({ LastName: 'Deleted' });
    const keptId = kept.success ? kept.id : '';
    const goneId = gone.success ? gone.id : '';
    await conn.sobject('Contact').destroy(goneId);
    const end = new Date(Date.now() + 60_000);
    const updated = await conn.sobject('Contact').updated(start, end);
    expect(updated.ids).toContain(keptId);
    expect(updated.ids).not.toContain(goneId);
    const deleted = await conn.sobject('Contact').deleted(start, end);
    const deletedIds = deleted.deletedRecords.map((record) => record.id);
    expect(deletedIds).toContain(goneId);
    expect(deletedIds).not.toContain(keptId);
    await expect(
      conn.sobject('Contact').updated(new Date(Date.now() - 31 * 24 * 60 * 60 * 1000), end),
    ).rejects.toMatchObject({ errorCode: 'INVALID_REPLICATION_DATE' });
  });

  it('reports a missing required field with the platform error code', async () => {
    await expect(conn.sobject('Contact').create({ FirstName: 'NoLastName' })).rejects.toMatchObject(
      {
        errorCode: 'REQUIRED_FIELD_MISSING',
        data: { errorCode: 'REQUIRED_FIELD_MISSING', fields: ['LastName'] },
      },
    );
  });

  it('queries 5,000 rows through queryMore in batches of 2,000', async () => {
    for (let batch = 0; batch < 25; batch++) {
      const results = await conn
        .sobject('Contact')
        .upsert(contacts(200, `bulk${batch}`), 'WP_Id__c');
      expect(results.every((result) => result.success)).toBe(true);
    }
    const first = await conn.query<{ Id: string }>(
      "SELECT Id, WP_Id__c FROM Contact WHERE WP_Id__c LIKE 'bulk%'",
    );
    expect(first.totalSize).toBe(5000);
    expect(first.records).toHaveLength(2000);
    expect(first.done).toBe(false);
    const second = await conn.queryMore<{ Id: string }>(first.nextRecordsUrl ?? '');
    expect(second.records).toHaveLength(2000);
    const third = await conn.queryMore<{ Id: string }>(second.nextRecordsUrl ?? '');
    expect(third.records).toHaveLength(1000);
    expect(third.done).toBe(true);
    const ids = new Set(
      [...first.records, ...second.records, ...third.records].map((record) => record.Id),
    );
    expect(ids.size).toBe(5000);

    const all = await conn.query("SELECT Id FROM Contact WHERE WP_Id__c LIKE 'bulk%'", {
      autoFetch: true,
      maxFetch: 10_000,
    });
    expect(all.records).toHaveLength(5000);
  });

  it('upserts 200 records in one call and prints how long it took', async () => {
    const records = contacts(200, 'timed');
    const callsBefore = emulator.stats.collectionCalls.count;
    const started = performance.now();
    const results = await conn.sobject('Contact').upsert(records, 'WP_Id__c');
    const elapsedMs = performance.now() - started;
    console.log(`200-record upsert through jsforce: ${elapsedMs.toFixed(1)} ms`);
    expect(results).toHaveLength(200);
    expect(results.every((result) => result.success && result.created)).toBe(true);
    // The time is printed (target: under a second here), not asserted: timings are no pass/fail.
    expect(emulator.stats.collectionCalls.count - callsBefore).toBe(1);

    const again = await conn.sobject('Contact').upsert(
      records.map((record) => ({ ...record, LastName: 'Changed' })),
      'WP_Id__c',
    );
    expect(again.every((result) => result.success && !result.created)).toBe(true);
  });

  it('rejects an array upsert of 201 records with EXCEEDED_ID_LIMIT', async () => {
    await expect(
      conn.sobject('Contact').upsert(contacts(201, 'toomany'), 'WP_Id__c'),
    ).rejects.toMatchObject({
      errorCode: 'EXCEEDED_ID_LIMIT',
    });
    expect(
      emulator.org.query("SELECT COUNT() FROM Contact WHERE WP_Id__c LIKE 'toomany%'").totalSize,
    ).toBe(0);
  });

  it('splits an allowRecursive upsert of 450 records into 3 calls', async () => {
    const callsBefore = emulator.stats.collectionCalls.count;
    const results = await conn
      .sobject('Contact')
      .upsert(contacts(450, 'recursive'), 'WP_Id__c', { allowRecursive: true });
    expect(results).toHaveLength(450);
    expect(results.every((result) => result.success)).toBe(true);
    expect(emulator.stats.collectionCalls.count - callsBefore).toBe(3);
  });

  it('upserts a single record by external id', async () => {
    const created = await conn
      .sobject('Contact')
      .upsert({ WP_Id__c: 'single-1', LastName: 'Single' }, 'WP_Id__c');
    expect(created).toMatchObject({ success: true, created: true });
    const updated = await conn
      .sobject('Contact')
      .upsert({ WP_Id__c: 'single-1', LastName: 'Again' }, 'WP_Id__c');
    expect(updated).toMatchObject({ success: true, created: false });
    expect(
      emulator.org.query("SELECT LastName FROM Contact WHERE WP_Id__c = 'single-1'").records,
    ).toMatchObject([{ LastName: 'Again' }]);
  });

  it('describes the package fields and the global object list', async () => {
    const contact = await conn.describe('Contact');
    const wpId = contact.fields.find((field) => field.name === 'WP_Id__c');
    expect(wpId).toMatchObject({
      type: 'string',
      length: 40,
      externalId: true,
      unique: true,
      custom: true,
    });
    expect(contact.keyPrefix).toBe('003');
    const global = await conn.describeGlobal();
    const names = global.sobjects.map((object) => object.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'Account',
        'Contact',
        'Lead',
        'User',
        'WP_Sync_Event__e',
        'WP_Object_Mapping__mdt',
      ]),
    );
  });

  it('reports API usage in limitInfo and stops at the daily limit with REQUEST_LIMIT_EXCEEDED', async () => {
    await conn.query('SELECT Id FROM User');
    expect(conn.limitInfo.apiUsage?.used).toBe(emulator.usage.usedCalls);
    expect(conn.limitInfo.apiUsage?.limit).toBe(15_000);
    emulator.faults.exhaustApiLimit();
    await expect(conn.query('SELECT Id FROM User')).rejects.toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
    });
  });
});
