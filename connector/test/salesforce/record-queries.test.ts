import { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectMapping } from '../../src/mapping/types.js';
import { SalesforceApiError } from '../../src/salesforce/errors.js';
import { SalesforceRecordGateway } from '../../src/salesforce/record-gateway.js';
import {
  countRecords,
  fieldsToRead,
  matchOrIdQueries,
  queryRecordById,
  queryRecordsByIds,
  queryRecordsChangedSince,
  queryRecordsPage,
} from '../../src/salesforce/record-queries.js';
import { startEmulator, type RunningEmulator } from '../../../test/emulator/index.js';
import { contactToUser } from '../mapping/fixtures.js';

interface Call {
  soql: string;
  options: unknown;
}

/** A connection that records each SOQL string and answers with `records`. */
function recordingConnection(records: Record<string, unknown>[] = []): {
  connection: Connection;
  calls: Call[];
} {
  const calls: Call[] = [];
  const connection = {
    query: (soql: string, options?: unknown) => {
      calls.push({ soql, options });
      return Promise.resolve({ records, totalSize: 42, done: true });
    },
  } as unknown as Connection;
  return { connection, calls };
}

const CONTACT_FIELDS = 'Id, WP_Id__c, Email, FirstName, LastName, Description';

describe('the SOQL of record queries', () => {
  it('reads the id, the external id, every field flowing to WordPress and the match field', () => {
    expect(fieldsToRead(contactToUser)).toEqual([
      'Id',
      'WP_Id__c',
      'Email',
      'FirstName',
      'LastName',
      'Description',
    ]);
    expect(fieldsToRead({ ...contactToUser, matchField: 'Phone' }, ['SystemModstamp'])).toEqual([
      'Id',
      'WP_Id__c',
      'SystemModstamp',
      'Email',
      'FirstName',
      'LastName',
      'Description',
      'Phone',
    ]);
  });

  it('counts records', async () => {
    const { connection, calls } = recordingConnection();
    expect(await countRecords(connection, contactToUser)).toBe(42);
    expect(calls.map((call) => call.soql)).toEqual(['SELECT COUNT() FROM Contact']);
  });

  it('pages in Id order, from the first record or after a given Id', async () => {
    const { connection, calls } = recordingConnection([{ Id: '003000000000001AAA' }]);
    expect(await queryRecordsPage(connection, contactToUser, undefined, 200)).toEqual([
      { Id: '003000000000001AAA' },
    ]);
    await queryRecordsPage(connection, contactToUser, '003000000000001AAA', 50);
    expect(calls.map((call) => call.soql)).toEqual([
      `SELECT ${CONTACT_FIELDS} FROM Contact ORDER BY Id LIMIT 200`,
      `SELECT ${CONTACT_FIELDS} FROM Contact WHERE Id > '003000000000001AAA' ORDER BY Id LIMIT 50`,
    ]);
  });

  it('refuses a page size that is not a positive whole number', async () => {
    const { connection, calls } = recordingConnection();
    for (const size of [0, -1, 1.5, Number.NaN]) {
      await expect(queryRecordsPage(connection, contactToUser, undefined, size)).rejects.toThrow(
        RangeError,
      );
    }
    expect(calls).toEqual([]);
  });

  it('reads changes since a moment with a datetime literal to the second, fetching every batch', async () => {
    const { connection, calls } = recordingConnection();
    await queryRecordsChangedSince(connection, contactToUser, new Date('2026-03-04T05:06:07.890Z'));
    expect(calls).toEqual([
      {
        soql: `SELECT Id, WP_Id__c, SystemModstamp, Email, FirstName, LastName, Description FROM Contact WHERE SystemModstamp > 2026-03-04T05:06:07Z ORDER BY SystemModstamp`,
        options: { autoFetch: true, maxFetch: 1_000_000 },
      },
    ]);
  });

  it('reads records by id with every id an escaped literal', async () => {
    const { connection, calls } = recordingConnection([{ Id: '003000000000001AAA' }]);
    expect(await queryRecordById(connection, contactToUser, '003000000000001AAA')).toEqual({
      Id: '003000000000001AAA',
    });
    await queryRecordsByIds(connection, contactToUser, ['003000000000001AAA', "x' OR Name != '"]);
    expect(calls.map((call) => call.soql)).toEqual([
      `SELECT Id, WP_Id__c, SystemModstamp, Email, FirstName, LastName, Description FROM Contact WHERE Id = '003000000000001AAA'`,
      `SELECT ${CONTACT_FIELDS} FROM Contact WHERE Id IN ('003000000000001AAA', 'x\\' OR Name != \\'')`,
    ]);
    expect(await queryRecordsByIds(connection, contactToUser, [])).toEqual([]);
    expect(calls).toHaveLength(2);
  });

  it('answers undefined for an id Salesforce does not hold', async () => {
    const { connection } = recordingConnection([]);
    expect(await queryRecordById(connection, contactToUser, '003000000000001AAA')).toBeUndefined();
  });

  it('refuses object and field names that are not API names instead of quoting them', async () => {
    const { connection, calls } = recordingConnection();
    const badObject: ObjectMapping = { ...contactToUser, salesforceObject: 'Contact WHERE Id' };
    const badField: ObjectMapping = { ...contactToUser, matchField: 'Email) OR (Id' };
    await expect(countRecords(connection, badObject)).rejects.toThrow(/Not a Salesforce API name/);
    await expect(queryRecordsPage(connection, badField, undefined, 10)).rejects.toThrow(
      /Not a Salesforce API name/,
    );
    expect(calls).toEqual([]);
  });
});

describe('matchOrIdQueries: matching and reading in one query per 200', () => {
  const ids = (count: number) =>
    Array.from({ length: count }, (_, index) => `003${String(index).padStart(15, '0')}`);

  it('asks for match values and ids in one statement, escaped', () => {
    expect(
      matchOrIdQueries(
        'Contact',
        'Email',
        ["o'brien@example.org"],
        ['003000000000001AAA'],
        ['LastName'],
      ),
    ).toEqual([
      "SELECT Id, Email, LastName FROM Contact WHERE Email IN ('o\\'brien@example.org') OR Id IN ('003000000000001AAA')",
    ]);
  });

  it('asks only for what there is, and nothing for nothing', () => {
    expect(matchOrIdQueries('Contact', undefined, ['x'], ['003A'], [])).toEqual([
      "SELECT Id FROM Contact WHERE Id IN ('003A')",
    ]);
    expect(matchOrIdQueries('Contact', 'Email', ['a@b.c', 'a@b.c'], [], [])).toEqual([
      "SELECT Id, Email FROM Contact WHERE Email IN ('a@b.c')",
    ]);
    expect(matchOrIdQueries('Contact', 'Email', [], [], ['LastName'])).toEqual([]);
  });

  it('takes 200 ordinary email addresses in one statement', () => {
    const values = Array.from(
      { length: 200 },
      (_, index) => `person${index}.1733500000000@example.test`,
    );
    expect(matchOrIdQueries('Contact', 'Email', values, [], ['LastName'])).toHaveLength(1);
  });

  it('takes 200 values and ids a statement', () => {
    const values = Array.from({ length: 150 }, (_, index) => `u${index}@x.io`);
    const statements = matchOrIdQueries('Contact', 'Email', values, ids(250), []);
    expect(statements).toHaveLength(2);
    expect(statements.map((soql) => soql.match(/'/g)?.length ?? 0)).toEqual([400, 400]);
    expect(statements[1]).not.toContain('Email IN');
  });

  it('splits sooner when the URL would grow past what Salesforce takes', () => {
    const values = Array.from({ length: 200 }, (_, index) => `${'long'.repeat(20)}${index}@x.io`);
    const statements = matchOrIdQueries('Contact', 'Email', values, [], []);
    expect(statements.length).toBeGreaterThan(1);
    for (const soql of statements) expect(encodeURIComponent(soql).length).toBeLessThan(12_000);
    expect(encodeURIComponent(statements[0] ?? '').length).toBeGreaterThan(11_000);
    expect(statements.join(' ').match(/@x\.io/g)).toHaveLength(200);
  });

  it('leaves out a value longer than SOQL compares (4,000 characters)', () => {
    expect(matchOrIdQueries('Contact', 'Email', ['x'.repeat(4001)], [], [])).toEqual([]);
  });

  it('refuses a name that is not an API name', () => {
    expect(() => matchOrIdQueries('Contact', 'Email) OR (Id', ['x'], [], [])).toThrow(
      /Not a Salesforce API name/,
    );
  });
});

describe('record queries against the emulated org', () => {
  let emulator: RunningEmulator;
  let connection: Connection;
  const ids: string[] = [];

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
    for (const name of ['Ada', 'Grace', 'Edsger']) {
      const result = await connection
        .sobject('Contact')
        .create({ LastName: name, Email: `${name.toLowerCase()}@example.org` });
      if (!result.success) throw new Error(`could not create ${name}`);
      ids.push(result.id);
    }
    ids.sort();
  });
  afterAll(async () => {
    await emulator.stop();
  });

  it('runs every query as Salesforce would answer it', async () => {
    const total = await countRecords(connection, contactToUser);
    expect(total).toBeGreaterThanOrEqual(3);
    const first = await queryRecordsPage(connection, contactToUser, undefined, total);
    expect(first.map((record) => record.Id)).toEqual(expect.arrayContaining(ids));
    const after = await queryRecordsPage(connection, contactToUser, ids[1], 10);
    expect(after.every((record) => String(record.Id) > String(ids[1]))).toBe(true);
    const byIds = await queryRecordsByIds(connection, contactToUser, ids);
    expect(byIds.map((record) => record.LastName).sort()).toEqual(['Ada', 'Edsger', 'Grace']);
    const one = await queryRecordById(connection, contactToUser, ids[0] ?? '');
    expect(typeof one?.SystemModstamp).toBe('string');
    const changed = await queryRecordsChangedSince(
      connection,
      contactToUser,
      new Date(Date.now() - 60_000),
    );
    expect(changed.map((record) => record.Id)).toEqual(expect.arrayContaining(ids));
  });

  it('finds records by match value (any case) and by id in one call', async () => {
    const all = await queryRecordsByIds(connection, contactToUser, ids);
    const grace = String(all.find((row) => row.LastName === 'Grace')?.Id);
    const ada = String(all.find((row) => row.LastName === 'Ada')?.Id);
    const gateway = new SalesforceRecordGateway(connection);
    const before = emulator.usage.usedCalls;
    const rows = await gateway.findByValueOrId(
      'Contact',
      'Email',
      ['GRACE@example.org', 'nobody@example.org'],
      [ada, '003000000000000AAA'],
      ['LastName'],
    );
    expect(emulator.usage.usedCalls - before).toBe(1);
    expect(rows.map((row) => row.Id).sort()).toEqual([ada, grace].sort());
  });

  it('throws what Salesforce refuses as a typed error', async () => {
    const error: unknown = await queryRecordsPage(
      connection,
      { ...contactToUser, matchField: 'No_Such_Field__c' },
      undefined,
      10,
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SalesforceApiError);
    expect(error).toMatchObject({ errorCode: 'INVALID_FIELD' });
  });
});
