import { describe, expect, it } from 'vitest';
import { ApiError } from '../api-error.js';
import type { EmulatorObject } from '../contracts.js';
import { OrgSchema } from '../schema/org-schema.js';
import { standardObjects } from '../schema/standard-objects.js';
import type { Row } from '../store/record-store.js';
import { executeQuery, type QueryResult } from './evaluator.js';
import { parseSoql } from './parser.js';

const accounts: Row[] = [
  { Id: '001000000000001AAA', Name: 'Acme', NumberOfEmployees: 10, AnnualRevenue: 5 },
  { Id: '001000000000002AAA', Name: 'Globex', NumberOfEmployees: 30, AnnualRevenue: null },
  { Id: '001000000000003AAA', Name: 'Initech', NumberOfEmployees: null, AnnualRevenue: null },
];

const contacts: Row[] = [
  {
    Id: '003000000000001AAA',
    LastName: 'Lovelace',
    Email: 'ada@example.com',
    AccountId: '001000000000001AAA',
    Birthdate: '1815-12-10',
    HasOptedOutOfEmail: false,
  },
  {
    Id: '003000000000002AAA',
    LastName: 'Turing',
    Email: null,
    AccountId: '001000000000002AAA',
    Birthdate: '1912-06-23',
    HasOptedOutOfEmail: true,
  },
  {
    Id: '003000000000003AAA',
    LastName: 'Hopper',
    Email: 'grace@navy.example',
    AccountId: null,
    Birthdate: null,
    HasOptedOutOfEmail: false,
  },
  {
    Id: '003000000000004AAA',
    LastName: 'Byron',
    Email: 'ADA@example.com',
    AccountId: '001000000000001AAA',
    Birthdate: '1788-01-22',
    HasOptedOutOfEmail: false,
  },
];

const schema = new OrgSchema(standardObjects());

function run(soql: string, canRead: (object: EmulatorObject) => boolean = () => true): QueryResult {
  const query = parseSoql(soql);
  return executeQuery(schema, query, query.from === 'Account' ? accounts : contacts, {
    now: Date.parse('2026-11-22T12:00:00Z'),
    apiVersion: '65.0',
    parent: (objectName, id) =>
      objectName === 'Account' ? accounts.find((row) => row.Id === id) : undefined,
    children: (objectName, fieldName, parentId) =>
      objectName === 'Contact' ? contacts.filter((row) => row[fieldName] === parentId) : [],
    canRead,
  });
}

function queryError(soql: string, canRead?: (object: EmulatorObject) => boolean): ApiError {
  try {
    run(soql, canRead);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error(`expected ${soql} to fail`);
}

const AGGREGATE = { type: 'AggregateResult' };

describe('SOQL aggregate queries', () => {
  it('answers one AggregateResult row with implied expr0… aliases in order', () => {
    expect(run('SELECT COUNT(Id) FROM Contact')).toEqual({
      totalSize: 1,
      records: [{ attributes: AGGREGATE, expr0: 4 }],
      aggregate: true,
    });
    expect(
      run(
        'SELECT COUNT(Id), COUNT(Email) emails, COUNT_DISTINCT(Email), MIN(Birthdate), MAX(LastName) FROM Contact',
      ).records,
    ).toEqual([
      // COUNT_DISTINCT compares text case-insensitively: ada@ and ADA@ count once.
      {
        attributes: AGGREGATE,
        expr0: 4,
        emails: 3,
        expr1: 2,
        expr2: '1788-01-22',
        expr3: 'Turing',
      },
    ]);
  });

  it('answers COUNT 0 and null for the other functions when nothing matches', () => {
    expect(
      run("SELECT COUNT(Id), SUM(NumberOfEmployees), MAX(Name) FROM Account WHERE Name = 'none'")
        .records,
    ).toEqual([{ attributes: AGGREGATE, expr0: 0, expr1: null, expr2: null }]);
  });

  it('sums and averages numbers, ignoring nulls', () => {
    expect(
      run('SELECT SUM(NumberOfEmployees) total, AVG(NumberOfEmployees) FROM Account').records,
    ).toEqual([{ attributes: AGGREGATE, total: 40, expr0: 20 }]);
  });

  it('groups rows, in group-key order unless ORDER BY says otherwise', () => {
    expect(
      run('SELECT HasOptedOutOfEmail, COUNT(Id) n FROM Contact GROUP BY HasOptedOutOfEmail')
        .records,
    ).toEqual([
      { attributes: AGGREGATE, HasOptedOutOfEmail: false, n: 3 },
      { attributes: AGGREGATE, HasOptedOutOfEmail: true, n: 1 },
    ]);
    expect(
      run(
        'SELECT HasOptedOutOfEmail, COUNT(Id) FROM Contact GROUP BY HasOptedOutOfEmail ORDER BY COUNT(Id)',
      ).records.map((row) => row.expr0),
    ).toEqual([1, 3]);
  });

  it('groups by a parent field under its field name, nulls first', () => {
    expect(
      run('SELECT Account.Name, COUNT(Id) FROM Contact GROUP BY Account.Name').records,
    ).toEqual([
      { attributes: AGGREGATE, Name: null, expr0: 1 },
      { attributes: AGGREGATE, Name: 'Acme', expr0: 2 },
      { attributes: AGGREGATE, Name: 'Globex', expr0: 1 },
    ]);
  });

  it('filters groups with HAVING and pages them with LIMIT and OFFSET', () => {
    expect(
      run('SELECT AccountId, COUNT(Id) FROM Contact GROUP BY AccountId HAVING COUNT(Id) > 1')
        .records,
    ).toEqual([{ attributes: AGGREGATE, AccountId: '001000000000001AAA', expr0: 2 }]);
    expect(
      run(
        'SELECT AccountId FROM Contact GROUP BY AccountId HAVING AccountId != null ORDER BY AccountId DESC LIMIT 1 OFFSET 1',
      ).records,
    ).toEqual([{ attributes: AGGREGATE, AccountId: '001000000000001AAA' }]);
  });

  it.each([
    [
      'SELECT SUM(LastName) FROM Contact',
      'INVALID_FIELD',
      'does not support aggregate operator SUM',
    ],
    ['SELECT MAX(HasOptedOutOfEmail) FROM Contact', 'INVALID_FIELD', 'aggregate operator MAX'],
    [
      'SELECT AnnualRevenue, COUNT(Id) FROM Account GROUP BY AnnualRevenue',
      'INVALID_FIELD',
      "field 'AnnualRevenue' can not be grouped",
    ],
    [
      "SELECT AccountId FROM Contact GROUP BY AccountId HAVING LastName = 'x'",
      'MALFORMED_QUERY',
      'Having clause field must be grouped or aggregated: LastName',
    ],
    ['SELECT COUNT(Id) n, MAX(LastName) n FROM Contact', 'MALFORMED_QUERY', 'duplicate alias: n'],
  ])('rejects %s with %s', (soql, errorCode, message) => {
    const error = queryError(soql);
    expect(error.errorCode).toBe(errorCode);
    expect(error.message).toContain(message);
  });
});

describe('SOQL parent-to-child subqueries', () => {
  it('nests the children as a query result, null when none match', () => {
    const result = run(
      'SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName) FROM Account ORDER BY Name',
    );
    expect(result.records).toEqual([
      {
        attributes: {
          type: 'Account',
          url: '/services/data/v65.0/sobjects/Account/001000000000001AAA',
        },
        Name: 'Acme',
        Contacts: {
          totalSize: 2,
          done: true,
          records: [
            {
              attributes: {
                type: 'Contact',
                url: '/services/data/v65.0/sobjects/Contact/003000000000004AAA',
              },
              LastName: 'Byron',
            },
            {
              attributes: {
                type: 'Contact',
                url: '/services/data/v65.0/sobjects/Contact/003000000000001AAA',
              },
              LastName: 'Lovelace',
            },
          ],
        },
      },
      expect.objectContaining({ Name: 'Globex' }),
      expect.objectContaining({ Name: 'Initech', Contacts: null }),
    ]);
    expect(result.records[1]?.Contacts).toMatchObject({ totalSize: 1, done: true });
  });

  it('applies the subquery WHERE and LIMIT per parent', () => {
    const result = run(
      "SELECT Name, (SELECT LastName FROM contacts WHERE Email LIKE 'ada%' ORDER BY LastName DESC LIMIT 1) FROM Account WHERE Name IN ('Acme', 'Globex') ORDER BY Name",
    );
    expect(result.records.map((record) => record.Contacts)).toEqual([
      {
        totalSize: 1,
        done: true,
        records: [expect.objectContaining({ LastName: 'Lovelace' })],
      },
      null,
    ]);
  });

  it('refuses an unknown child relationship with INVALID_TYPE', () => {
    const error = queryError('SELECT Name, (SELECT Id FROM Nopes) FROM Account');
    expect(error.errorCode).toBe('INVALID_TYPE');
    expect(error.message).toContain("Didn't understand relationship 'Nopes' in FROM part");
    expect(queryError('SELECT Name, (SELECT Nope FROM Contacts) FROM Account').errorCode).toBe(
      'INVALID_FIELD',
    );
  });
});

describe('objects the running user may not read', () => {
  const hideAccount = (object: EmulatorObject): boolean => object.name !== 'Account';

  it('are reported as unknown types, also through relationships and subqueries', () => {
    const direct = queryError('SELECT Id FROM Account', hideAccount);
    expect(direct.errorCode).toBe('INVALID_TYPE');
    expect(direct.message).toContain("sObject type 'Account' is not supported");
    expect(queryError('SELECT Account.Name FROM Contact', hideAccount).errorCode).toBe(
      'INVALID_FIELD',
    );
    const hideContact = (object: EmulatorObject): boolean => object.name !== 'Contact';
    expect(
      queryError('SELECT Name, (SELECT Id FROM Contacts) FROM Account', hideContact).errorCode,
    ).toBe('INVALID_TYPE');
    expect(run('SELECT COUNT() FROM Contact', hideAccount).totalSize).toBe(4);
  });
});
