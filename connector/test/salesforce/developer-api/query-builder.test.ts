import { describe, expect, it } from 'vitest';
import type { QueryAccessEntry } from '../../../src/salesforce/developer-api/access-entries.js';
import { DeveloperApiError } from '../../../src/salesforce/developer-api/developer-api-error.js';
import {
  buildQuery,
  type QueryParameters,
} from '../../../src/salesforce/developer-api/query-builder.js';

const DIRECTORY: QueryAccessEntry = {
  kind: 'query',
  name: 'Account_Directory',
  label: 'Account directory',
  cacheSeconds: 300,
  allowAnonymous: true,
  object: 'Account',
  fields: ['Name', 'Website', 'BillingCity'],
  fixedFilter: undefined,
  maxRecords: 200,
};

function refusal(parameters: unknown, entry = DIRECTORY): DeveloperApiError {
  try {
    buildQuery(entry, parameters as QueryParameters);
  } catch (error) {
    if (error instanceof DeveloperApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('buildQuery', () => {
  it('selects Id and the allowed fields, first page of 50, one more to tell if there is another', () => {
    expect(buildQuery(DIRECTORY, {})).toEqual({
      soql: 'SELECT Id, Name, Website, BillingCity FROM Account ORDER BY Id ASC LIMIT 51',
      fields: ['Id', 'Name', 'Website', 'BillingCity'],
      limit: 50,
    });
  });

  it('uses the entry spelling of fields named in another case, sorts and pages', () => {
    const built = buildQuery(DIRECTORY, {
      fields: ['name', 'BILLINGCITY'],
      orderBy: { field: 'name', direction: 'DESC' },
      limit: 10,
    });
    expect(built.soql).toBe(
      'SELECT Id, Name, BillingCity FROM Account ORDER BY Name DESC, Id ASC LIMIT 11',
    );
    expect(
      buildQuery(DIRECTORY, { fields: ['Name'], after: '001000000000001AAA', limit: 5 }).soql,
    ).toBe("SELECT Id, Name FROM Account WHERE Id > '001000000000001AAA' ORDER BY Id ASC LIMIT 6");
  });

  it('ANDs the fixed filter, in parentheses, with the caller filters', () => {
    const entry = { ...DIRECTORY, fixedFilter: "Type = 'Customer' OR Type = 'Partner'" };
    const built = buildQuery(entry, {
      filters: [
        { field: 'BillingCity', operator: '=', value: 'Paris' },
        { field: 'Name', operator: 'IN', value: ['A', 'B'] },
        { field: 'Website', operator: '!=', value: null },
      ],
    });
    expect(built.soql).toBe(
      "SELECT Id, Name, Website, BillingCity FROM Account WHERE (Type = 'Customer' OR Type = 'Partner') AND BillingCity = 'Paris' AND Name IN ('A', 'B') AND Website != null ORDER BY Id ASC LIMIT 51",
    );
  });

  it.each([
    ["x' OR Name != '", "Name = 'x\\' OR Name != \\''"],
    ['back\\slash', "Name = 'back\\\\slash'"],
    ["quote'; DELETE", "Name = 'quote\\'; DELETE'"],
    ['Zoë 東京 🚀', "Name = 'Zoë 東京 🚀'"],
    ['line\nbreak', "Name = 'line\\nbreak'"],
  ])('keeps the value %j inside one escaped literal', (value, condition) => {
    const built = buildQuery(DIRECTORY, { filters: [{ field: 'Name', operator: '=', value }] });
    expect(built.soql).toBe(
      `SELECT Id, Name, Website, BillingCity FROM Account WHERE ${condition} ORDER BY Id ASC LIMIT 51`,
    );
  });

  it.each([
    [
      { fields: ['Name', 'AnnualRevenue'] },
      'FIELD_NOT_ALLOWED',
      /AnnualRevenue.*allowed: Id, Name, Website, BillingCity/,
    ],
    [{ fields: ['Name, (SELECT Id FROM Contacts)'] }, 'FIELD_NOT_ALLOWED', /not allowed/],
    [{ object: 'Contact' }, 'OBJECT_NOT_ALLOWED', /Contact/],
    [{ filters: [{ field: 'Phone', operator: '=', value: '1' }] }, 'FIELD_NOT_ALLOWED', /Phone/],
    [
      { filters: [{ field: 'Name', operator: "= 'x' OR Name =", value: 'y' }] },
      'INVALID_OPERATOR',
      /not one of/,
    ],
    [
      { filters: [{ field: 'Name', operator: 'INCLUDES', value: 'y' }] },
      'INVALID_OPERATOR',
      /INCLUDES/,
    ],
    [
      { filters: [{ field: 'Name', operator: '=', value: { toString: 'x' } }] },
      'INVALID_FILTER_VALUE',
      /text, a number/,
    ],
    [{ filters: [{ field: 'Name', operator: '<', value: null }] }, 'INVALID_FILTER_VALUE', /null/],
    [{ filters: [{ field: 'Name', operator: 'IN', value: 'A' }] }, 'INVALID_FILTER_VALUE', /list/],
    [
      { filters: [{ field: 'Name', operator: '=', value: Number.NaN }] },
      'INVALID_FILTER_VALUE',
      /finite/,
    ],
    [{ limit: 1_000_000 }, 'INVALID_LIMIT', /limit must be a whole number from 1 to 200/],
    [{ limit: 0 }, 'INVALID_LIMIT', /limit/],
    [{ limit: 2.5 }, 'INVALID_LIMIT', /limit/],
    [{ limit: '10; DELETE' }, 'INVALID_LIMIT', /limit/],
    [{ after: "001' OR Name != '" }, 'INVALID_AFTER', /Id of the last record/],
    [{ after: '001000000000001AAA', orderBy: { field: 'Name' } }, 'INVALID_AFTER', /Id order/],
    [{ orderBy: { field: 'Name', direction: 'DESC; DROP' } }, 'INVALID_REQUEST', /ASC or DESC/],
    [{ orderBy: { field: 'CreatedDate' } }, 'FIELD_NOT_ALLOWED', /CreatedDate/],
  ])('refuses %j with %s', (parameters, code, message) => {
    const error = refusal(parameters);
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.status).toBe(400);
  });
});
