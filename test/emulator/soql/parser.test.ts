import { describe, expect, it } from 'vitest';
import { ApiError } from '../api-error.js';
import { parseSoql } from './parser.js';

function parseError(soql: string): ApiError {
  try {
    parseSoql(soql);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error(`expected ${soql} to fail`);
}

describe('SOQL parser', () => {
  it('parses field lists with parent relationships, WHERE, ORDER BY, LIMIT and OFFSET', () => {
    const query = parseSoql(
      "select Id, Name, Account.Name from Contact where Email != null and (LastName = 'O\\'Brien' or not FirstName like 'A%') order by LastName desc nulls last, Id limit 10 offset 5",
    );
    expect(query.select).toEqual([
      { kind: 'field', path: ['Id'] },
      { kind: 'field', path: ['Name'] },
      { kind: 'field', path: ['Account', 'Name'] },
    ]);
    expect(query.from).toBe('Contact');
    expect(query.where).toEqual({
      kind: 'and',
      left: { kind: 'comparison', path: ['Email'], operator: '!=', value: { kind: 'null' } },
      right: {
        kind: 'or',
        left: {
          kind: 'comparison',
          path: ['LastName'],
          operator: '=',
          value: { kind: 'string', value: "O'Brien" },
        },
        right: { kind: 'not', operand: { kind: 'like', path: ['FirstName'], pattern: 'A%' } },
      },
    });
    expect(query.orderBy).toEqual([
      { path: ['LastName'], descending: true, nullsLast: true },
      { path: ['Id'], descending: false, nullsLast: false },
    ]);
    expect(query.limit).toBe(10);
    expect(query.offset).toBe(5);
  });

  it('gives AND precedence over OR', () => {
    const query = parseSoql('SELECT Id FROM Contact WHERE A__c = 1 OR B__c = 2 AND C__c = 3');
    expect(query.where?.kind).toBe('or');
    expect(query.where).toMatchObject({ right: { kind: 'and' } });
  });

  it('parses IN, NOT IN, booleans, numbers, dates, datetimes and relative date literals', () => {
    const query = parseSoql(
      "SELECT Id FROM Contact WHERE Id IN ('a', 'b') AND Name NOT IN ('c') AND Flag__c = TRUE AND Amount__c >= -1.5 AND Birthdate < 2020-01-31 AND LastModifiedDate > 2026-11-01T10:00:00.000+01:00 AND CreatedDate = LAST_N_DAYS:30 AND SystemModstamp < TODAY",
    );
    const literals: unknown[] = [];
    const walk = (condition: unknown): void => {
      const node = condition as {
        kind: string;
        left?: unknown;
        right?: unknown;
        value?: unknown;
        values?: unknown;
      };
      if (node.kind === 'and') {
        walk(node.left);
        walk(node.right);
      } else literals.push(node.value ?? node.values);
    };
    walk(query.where);
    expect(literals).toEqual([
      [
        { kind: 'string', value: 'a' },
        { kind: 'string', value: 'b' },
      ],
      [{ kind: 'string', value: 'c' }],
      { kind: 'boolean', value: true },
      { kind: 'number', value: -1.5 },
      { kind: 'date', value: '2020-01-31' },
      { kind: 'datetime', value: '2026-11-01T10:00:00.000+01:00' },
      { kind: 'dateLiteral', name: 'LAST_N_DAYS', n: 30 },
      { kind: 'dateLiteral', name: 'TODAY' },
    ]);
    expect(query.where).toMatchObject({
      left: { left: { left: { left: { left: { left: { left: { negated: false } } } } } } },
    });
  });

  it('parses COUNT()', () => {
    expect(parseSoql('SELECT COUNT() FROM Contact').select).toEqual([{ kind: 'count' }]);
  });

  it.each([
    ['SELECT FROM Contact', "unexpected token: 'FROM', expecting a field name"],
    ['SELECT Id Contact', "expecting 'FROM'"],
    ['SELECT Id FROM Contact WHERE', 'unexpected end of query'],
    ['SELECT Id FROM Contact WHERE Name = ', 'expecting a value'],
    ["SELECT Id FROM Contact WHERE Name = 'open", 'unterminated string'],
    ['SELECT Id FROM Contact LIMIT -1', 'non-negative integer'],
    ['SELECT Id FROM Contact WHERE Name ~ 1', "unexpected character '~'"],
    ['SELECT Id FROM Contact ORDER BY', 'unexpected end of query, expecting an identifier'],
    ['SELECT Id, COUNT() FROM Contact', 'COUNT() must be the only element'],
    ['SELECT Account.Owner.Name FROM Contact', 'one level deep'],
    ['SELECT Id FROM Contact WHERE CreatedDate = LAST_N_DAYS', "expecting ':'"],
    ['SELECT Id FROM Contact extra', 'expecting end of query'],
  ])('reports MALFORMED_QUERY for %s', (soql, message) => {
    const error = parseError(soql);
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.status).toBe(400);
    expect(error.message).toContain(message);
  });
});
