import { describe, expect, it } from 'vitest';
import { ApiError } from '../api-error.js';
import type { EmulatorObject } from '../contracts.js';
import { OrgSchema } from '../schema/org-schema.js';
import { standardObjects } from '../schema/standard-objects.js';
import type { Row } from '../store/record-store.js';
import { executeQuery, type QueryResult } from './evaluator.js';
import { parseSoql } from './parser.js';

const NOW = Date.parse('2026-11-22T12:00:00Z'); // a Sunday

const accounts: Row[] = [
  { Id: '001000000000001AAA', Name: 'Acme', BillingCity: 'Paris', NumberOfEmployees: 10 },
  { Id: '001000000000002AAA', Name: 'Globex', BillingCity: null, NumberOfEmployees: 30 },
  { Id: '001000000000003AAA', Name: 'Initech', BillingCity: null, NumberOfEmployees: null },
];

const contacts: Row[] = [
  {
    Id: '003000000000001AAA',
    FirstName: 'Ada',
    LastName: 'Lovelace',
    Email: 'ada@example.com',
    AccountId: '001000000000001AAA',
    Birthdate: '1815-12-10',
    CreatedDate: '2026-11-22T09:00:00.000+0000',
    HasOptedOutOfEmail: false,
  },
  {
    Id: '003000000000002AAA',
    FirstName: 'Alan',
    LastName: 'Turing',
    Email: null,
    AccountId: '001000000000002AAA',
    Birthdate: '1912-06-23',
    CreatedDate: '2026-11-21T23:59:59.000+0000',
    HasOptedOutOfEmail: true,
  },
  {
    Id: '003000000000003AAA',
    FirstName: null,
    LastName: 'Hopper',
    Email: 'grace@navy.example',
    AccountId: null,
    Birthdate: null,
    CreatedDate: '2026-10-01T00:00:00.000+0000',
    HasOptedOutOfEmail: false,
  },
];

const schema = new OrgSchema(standardObjects());

function run(soql: string, canRead: (object: EmulatorObject) => boolean = () => true): QueryResult {
  const query = parseSoql(soql);
  return executeQuery(schema, query, query.from === 'Account' ? accounts : contacts, {
    now: NOW,
    apiVersion: '65.0',
    parent: (objectName, id) =>
      objectName === 'Account' ? accounts.find((row) => row.Id === id) : undefined,
    children: (objectName, fieldName, parentId) =>
      objectName === 'Contact' ? contacts.filter((row) => row[fieldName] === parentId) : [],
    canRead,
  });
}

const lastNames = (soql: string): unknown[] => run(soql).records.map((record) => record.LastName);

function queryError(soql: string, canRead?: (object: EmulatorObject) => boolean): ApiError {
  try {
    run(soql, canRead);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error(`expected ${soql} to fail`);
}

describe('SOQL evaluator', () => {
  it('projects fields with attributes and one level of parent fields', () => {
    const result = run(
      "SELECT Id, LastName, Account.Name, Account.BillingCity FROM Contact WHERE LastName = 'lovelace'",
    );
    expect(result).toEqual({
      totalSize: 1,
      records: [
        {
          attributes: {
            type: 'Contact',
            url: '/services/data/v65.0/sobjects/Contact/003000000000001AAA',
          },
          Id: '003000000000001AAA',
          LastName: 'Lovelace',
          Account: {
            attributes: {
              type: 'Account',
              url: '/services/data/v65.0/sobjects/Account/001000000000001AAA',
            },
            Name: 'Acme',
            BillingCity: 'Paris',
          },
        },
      ],
    });
    expect(
      run("SELECT Account.Name FROM Contact WHERE LastName = 'Hopper'").records[0]?.Account,
    ).toBeNull();
  });

  it('filters with AND, OR, NOT, null checks, IN and NOT IN', () => {
    expect(lastNames('SELECT LastName FROM Contact WHERE Email = null')).toEqual(['Turing']);
    expect(lastNames('SELECT LastName FROM Contact WHERE Email != null ORDER BY LastName')).toEqual(
      ['Hopper', 'Lovelace'],
    );
    expect(
      lastNames(
        "SELECT LastName FROM Contact WHERE LastName = 'Hopper' OR (FirstName = 'Alan' AND NOT HasOptedOutOfEmail = false)",
      ),
    ).toEqual(['Turing', 'Hopper']);
    expect(
      lastNames(
        "SELECT LastName FROM Contact WHERE LastName IN ('TURING', 'Hopper') ORDER BY LastName",
      ),
    ).toEqual(['Hopper', 'Turing']);
    // NOT IN excludes nulls, as in SOQL.
    expect(lastNames("SELECT LastName FROM Contact WHERE FirstName NOT IN ('Ada')")).toEqual([
      'Turing',
    ]);
    expect(lastNames("SELECT LastName FROM Contact WHERE Account.Name = 'Globex'")).toEqual([
      'Turing',
    ]);
    expect(lastNames("SELECT LastName FROM Contact WHERE Id = '003000000000003'")).toEqual([
      'Hopper',
    ]);
  });

  it('matches LIKE case-insensitively with % and _ and escapes', () => {
    expect(lastNames("SELECT LastName FROM Contact WHERE Email LIKE '%@EXAMPLE.com'")).toEqual([
      'Lovelace',
    ]);
    expect(lastNames("SELECT LastName FROM Contact WHERE LastName LIKE 'H_pper'")).toEqual([
      'Hopper',
    ]);
    expect(lastNames("SELECT LastName FROM Contact WHERE LastName LIKE 'H\\_pper'")).toEqual([]);
  });

  it('compares dates, datetimes and relative date literals in UTC', () => {
    expect(lastNames('SELECT LastName FROM Contact WHERE Birthdate < 1900-01-01')).toEqual([
      'Lovelace',
    ]);
    expect(lastNames('SELECT LastName FROM Contact WHERE CreatedDate = TODAY')).toEqual([
      'Lovelace',
    ]);
    expect(lastNames('SELECT LastName FROM Contact WHERE CreatedDate = YESTERDAY')).toEqual([
      'Turing',
    ]);
    expect(lastNames('SELECT LastName FROM Contact WHERE CreatedDate < THIS_MONTH')).toEqual([
      'Hopper',
    ]);
    expect(
      lastNames('SELECT LastName FROM Contact WHERE CreatedDate = LAST_N_DAYS:1 ORDER BY LastName'),
    ).toEqual(['Lovelace', 'Turing']);
    expect(
      lastNames('SELECT LastName FROM Contact WHERE CreatedDate > 2026-11-22T08:00:00Z'),
    ).toEqual(['Lovelace']);
    expect(
      lastNames('SELECT LastName FROM Contact WHERE CreatedDate >= 2026-11-22T09:00:00.000+00:00'),
    ).toEqual(['Lovelace']);
    expect(lastNames('SELECT LastName FROM Contact WHERE CreatedDate = THIS_WEEK')).toEqual([
      'Lovelace',
    ]);
    expect(lastNames('SELECT LastName FROM Contact WHERE CreatedDate = LAST_WEEK')).toEqual([
      'Turing',
    ]);
  });

  it('orders with nulls first ascending and last descending, then applies OFFSET and LIMIT', () => {
    expect(lastNames('SELECT LastName FROM Contact ORDER BY FirstName')).toEqual([
      'Hopper',
      'Lovelace',
      'Turing',
    ]);
    expect(lastNames('SELECT LastName FROM Contact ORDER BY FirstName DESC')).toEqual([
      'Turing',
      'Lovelace',
      'Hopper',
    ]);
    expect(lastNames('SELECT LastName FROM Contact ORDER BY FirstName ASC NULLS LAST')).toEqual([
      'Lovelace',
      'Turing',
      'Hopper',
    ]);
    expect(lastNames('SELECT LastName FROM Contact ORDER BY LastName LIMIT 1 OFFSET 1')).toEqual([
      'Lovelace',
    ]);
    expect(lastNames('SELECT LastName FROM Contact ORDER BY Account.Name DESC NULLS LAST')).toEqual(
      ['Turing', 'Lovelace', 'Hopper'],
    );
  });

  it('counts with COUNT()', () => {
    expect(run('SELECT COUNT() FROM Contact WHERE Email != null')).toEqual({
      totalSize: 2,
      records: [],
    });
  });

  it.each([
    ['SELECT Nope FROM Contact', 'INVALID_FIELD', "No such column 'Nope'"],
    ['SELECT Id FROM Nope__c', 'INVALID_TYPE', "sObject type 'Nope__c' is not supported"],
    ['SELECT Owner2.Name FROM Contact', 'INVALID_FIELD', "Didn't understand relationship 'Owner2'"],
    [
      "SELECT Id FROM Contact WHERE Description = 'x'",
      'INVALID_FIELD',
      "field 'Description' can not be filtered",
    ],
    ['SELECT Id FROM Contact WHERE LastName = 5', 'MALFORMED_QUERY', 'must be of type string'],
    [
      'SELECT Id FROM Contact ORDER BY Description',
      'INVALID_FIELD',
      "field 'Description' can not be sorted",
    ],
    [
      "SELECT Id FROM Contact WHERE HasOptedOutOfEmail = 'yes'",
      'MALFORMED_QUERY',
      'must be of type boolean',
    ],
  ])('rejects %s with %s', (soql, errorCode, message) => {
    const error = queryError(soql);
    expect(error.errorCode).toBe(errorCode);
    expect(error.message).toContain(message);
  });
});
