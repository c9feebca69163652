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
    ['SELECT Id FROM Contact WHERE CreatedDate = LAST_N_DAYS', "expecting ':'"],
    ['SELECT Id FROM Contact WHERE Id = 1 extra', 'expecting end of query'],
    ['SELECT Name n FROM Account', 'field aliases need an aggregate query'],
    ['SELECT COUNT() FROM Contact ORDER BY Name', 'COUNT() can not be used with ORDER BY'],
    ['SELECT COUNT() FROM Contact GROUP BY Name', 'COUNT() can not be used with GROUP BY'],
    ['SELECT Name, COUNT(Id) FROM Account', 'Field must be grouped or aggregated: Name'],
    ['SELECT COUNT(Id) FROM Account LIMIT 1', 'needs a GROUP BY clause'],
    [
      'SELECT Name, COUNT(Id) FROM Account GROUP BY Name ORDER BY Industry',
      'Ordered field must be grouped or aggregated: Industry',
    ],
    [
      'SELECT Name, (SELECT Id FROM Contacts) FROM Account GROUP BY Name',
      'subqueries can not be used in an aggregate query',
    ],
    ['SELECT Name, (SELECT Id FROM Contacts OFFSET 1) FROM Account', 'OFFSET is not allowed'],
    [
      'SELECT Name, (SELECT COUNT() FROM Contacts) FROM Account',
      'can not be used in a parent-to-child',
    ],
    ['SELECT Id FROM Contact WHERE COUNT(Id) > 1', 'can be filtered only in HAVING'],
    ['SELECT SUM() FROM Account', 'SUM() needs a field name'],
    ['SELECT Id FROM Contact HAVING Name = null', 'HAVING needs GROUP BY'],
    ['SELECT Name, (SELECT Id FROM Contacts FROM Account', "expecting ')'"],
  ])('reports MALFORMED_QUERY for %s', (soql, message) => {
    const error = parseError(soql);
    expect(error.errorCode).toBe('MALFORMED_QUERY');
    expect(error.status).toBe(400);
    expect(error.message).toContain(message);
  });

  it('answers NUMBER_OUTSIDE_VALID_RANGE for an OFFSET above 2,000 (SOQL reference, OFFSET)', () => {
    expect(parseSoql('SELECT Id FROM Contact LIMIT 10 OFFSET 2000').offset).toBe(2000);
    const error = parseError('SELECT Id FROM Contact LIMIT 10 OFFSET 2001');
    expect(error.status).toBe(400);
    expect(error.errorCode).toBe('NUMBER_OUTSIDE_VALID_RANGE');
    expect(error.message).toBe('Maximum SOQL offset allowed is 2000');
  });

  it('parses aggregate functions with aliases, GROUP BY, HAVING and ORDER BY on aggregates', () => {
    const query = parseSoql(
      'SELECT LeadSource src, COUNT(Id), count_distinct(Email) emails, SUM(NumberOfEmployees), ' +
        'AVG(AnnualRevenue), MIN(CreatedDate), MAX(Name) FROM Lead WHERE IsConverted = false ' +
        'GROUP BY LeadSource HAVING COUNT(Id) > 1 AND LeadSource != null ' +
        'ORDER BY COUNT(Id) DESC, LeadSource LIMIT 5',
    );
    expect(query.select).toEqual([
      { kind: 'field', path: ['LeadSource'], alias: 'src' },
      { kind: 'aggregate', fn: 'COUNT', path: ['Id'] },
      { kind: 'aggregate', fn: 'COUNT_DISTINCT', path: ['Email'], alias: 'emails' },
      { kind: 'aggregate', fn: 'SUM', path: ['NumberOfEmployees'] },
      { kind: 'aggregate', fn: 'AVG', path: ['AnnualRevenue'] },
      { kind: 'aggregate', fn: 'MIN', path: ['CreatedDate'] },
      { kind: 'aggregate', fn: 'MAX', path: ['Name'] },
    ]);
    expect(query.groupBy).toEqual([['LeadSource']]);
    expect(query.having).toEqual({
      kind: 'and',
      left: {
        kind: 'comparison',
        path: ['Id'],
        aggregate: 'COUNT',
        operator: '>',
        value: { kind: 'number', value: 1 },
      },
      right: {
        kind: 'comparison',
        path: ['LeadSource'],
        operator: '!=',
        value: { kind: 'null' },
      },
    });
    expect(query.orderBy).toEqual([
      { path: ['Id'], aggregate: 'COUNT', descending: true, nullsLast: true },
      { path: ['LeadSource'], descending: false, nullsLast: false },
    ]);
    expect(query.limit).toBe(5);
  });

  it('parses a parent-to-child subquery with its own WHERE, ORDER BY and LIMIT', () => {
    const query = parseSoql(
      "SELECT Name, (SELECT LastName FROM Contacts WHERE Email != null ORDER BY LastName LIMIT 2) FROM Account WHERE Name LIKE 'A%'",
    );
    expect(query.select[1]).toEqual({
      kind: 'subquery',
      query: {
        select: [{ kind: 'field', path: ['LastName'] }],
        from: 'Contacts',
        where: { kind: 'comparison', path: ['Email'], operator: '!=', value: { kind: 'null' } },
        groupBy: [],
        orderBy: [{ path: ['LastName'], descending: false, nullsLast: false }],
        limit: 2,
      },
    });
    expect(query.from).toBe('Account');
  });

  it.each([
    ['SELECT FIELDS(ALL) FROM Contact', 'FIELDS()'],
    ['SELECT toLabel(LeadSource) FROM Lead', 'The function TOLABEL() in SELECT'],
    ['SELECT Account.Owner.Name FROM Contact', 'more than one level deep'],
    ['SELECT Id FROM Contact c', 'Alias notation in FROM'],
    ['SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contact)', 'Semi-join'],
    ['SELECT Id FROM Contact WHERE CALENDAR_YEAR(CreatedDate) = 2026', 'CALENDAR_YEAR() in WHERE'],
    ['SELECT Id FROM Contact WHERE CreatedDate = THIS_FISCAL_YEAR', 'fiscal date literal'],
    ['SELECT Id FROM Contact WITH SECURITY_ENFORCED', 'WITH clauses'],
    ['SELECT Id FROM Contact USING SCOPE mine', 'USING SCOPE'],
    ['SELECT Id FROM Contact LIMIT 1 FOR UPDATE', 'FOR clauses'],
    ['SELECT LeadSource FROM Lead GROUP BY ROLLUP(LeadSource)', 'GROUP BY ROLLUP()'],
    ['SELECT Name, (SELECT Id, (SELECT Id FROM Cases) FROM Contacts) FROM Account', 'nested'],
    ['SELECT TYPEOF What WHEN Account THEN Name END FROM Event', 'TYPEOF'],
  ])('names the unsupported feature for %s', (soql, feature) => {
    const error = parseError(soql);
    expect(error.status).toBe(400);
    expect(error.errorCode).toBe('UNSUPPORTED_IN_EMULATOR');
    expect(error.message).toContain(feature);
    expect(error.message).toContain('not supported by the org emulator');
  });
});
