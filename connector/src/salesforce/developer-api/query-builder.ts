/**
 * Builds the SOQL of a developer API query from an access entry and the caller's parameters.
 * Callers never send SOQL text: they name fields, filters (field, operator, value) and a sort,
 * each checked against the entry's allowlist; values become escaped literals; the limit is
 * checked against the entry's cap. Pure, so every refusal is unit-tested.
 */
import { soqlName, soqlString } from '../soql-literal.js';
import type { QueryAccessEntry } from './access-entries.js';
import { DeveloperApiError, REFUSAL } from './developer-api-error.js';

/** A Salesforce record Id (15 or 18 characters). */
const RECORD_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;
const DEFAULT_LIMIT = 50;
const MAX_FILTERS = 10;
const MAX_IN_VALUES = 100;

export const OPERATORS = ['=', '!=', '<', '<=', '>', '>=', 'LIKE', 'IN', 'NOT IN'] as const;
export type FilterOperator = (typeof OPERATORS)[number];
export type FilterScalar = string | number | boolean | null;

export interface QueryFilter {
  field: string;
  operator: FilterOperator;
  value: FilterScalar | FilterScalar[];
}

export interface QueryParameters {
  object?: string | undefined;
  fields?: readonly string[] | undefined;
  filters?: readonly QueryFilter[] | undefined;
  orderBy?: { field: string; direction?: string | undefined } | undefined;
  limit?: number | undefined;
  /** Pages by key: the records after this Id, in Id order (OFFSET stops at 2,000 rows). */
  after?: string | undefined;
}

export interface BuiltQuery {
  soql: string;
  fields: string[];
  limit: number;
}

function refuse(code: string, message: string): never {
  throw new DeveloperApiError(code, message);
}

/** The entry's spelling of an allowed field (case-insensitive, as Salesforce is), or a refusal. */
function allowedField(entry: QueryAccessEntry, field: unknown): string {
  if (typeof field !== 'string') refuse(REFUSAL.badRequest, 'a field name must be text');
  if (field.toLowerCase() === 'id') return 'Id';
  const match = entry.fields.find((allowed) => allowed.toLowerCase() === field.toLowerCase());
  if (match === undefined) {
    refuse(
      REFUSAL.fieldNotAllowed,
      `field ${JSON.stringify(field)} is not allowed by ${entry.name}; allowed: Id, ${entry.fields.join(', ')}`,
    );
  }
  return soqlName(match);
}

function literal(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) refuse(REFUSAL.badValue, 'a number value must be finite');
    return String(value);
  }
  if (typeof value === 'string') return soqlString(value);
  return refuse(REFUSAL.badValue, 'a filter value must be text, a number, true, false or null');
}

function condition(entry: QueryAccessEntry, filter: unknown): string {
  if (typeof filter !== 'object' || filter === null) {
    refuse(REFUSAL.badRequest, 'each filter is { field, operator, value }');
  }
  const { field, operator, value } = filter as Record<string, unknown>;
  const name = allowedField(entry, field);
  const op = typeof operator === 'string' ? operator.toUpperCase() : operator;
  if (!OPERATORS.includes(op as FilterOperator)) {
    refuse(
      REFUSAL.badOperator,
      `operator ${JSON.stringify(operator)} is not one of ${OPERATORS.join(' ')}`,
    );
  }
  if (op === 'IN' || op === 'NOT IN') {
    if (!Array.isArray(value) || value.length === 0 || value.length > MAX_IN_VALUES) {
      refuse(REFUSAL.badValue, `${op} takes a list of 1 to ${MAX_IN_VALUES} values`);
    }
    return `${name} ${op} (${value.map(literal).join(', ')})`;
  }
  if (Array.isArray(value)) refuse(REFUSAL.badValue, `${String(op)} takes one value, not a list`);
  if (value === null && op !== '=' && op !== '!=')
    refuse(REFUSAL.badValue, 'null compares with = or != only');
  if (op === 'LIKE' && typeof value !== 'string') refuse(REFUSAL.badValue, 'LIKE takes text');
  return `${name} ${String(op)} ${literal(value)}`;
}

function wholeNumber(value: unknown, code: string, what: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    refuse(code, `${what} must be a whole number from ${min} to ${max}`);
  }
  return value;
}

/**
 * The query for `parameters` under `entry`. Asks for one record more than the limit, so the
 * caller learns whether another page exists.
 */
export function buildQuery(entry: QueryAccessEntry, parameters: QueryParameters): BuiltQuery {
  if (
    parameters.object !== undefined &&
    parameters.object.toLowerCase() !== entry.object.toLowerCase()
  ) {
    refuse(
      REFUSAL.objectNotAllowed,
      `object ${JSON.stringify(parameters.object)} is not allowed by ${entry.name}`,
    );
  }
  const requested = parameters.fields ?? entry.fields;
  if (!Array.isArray(requested)) refuse(REFUSAL.badRequest, 'fields must be a list of field names');
  const fields = [...new Set(['Id', ...requested.map((field) => allowedField(entry, field))])];
  const filters = parameters.filters ?? [];
  if (!Array.isArray(filters) || filters.length > MAX_FILTERS) {
    refuse(REFUSAL.badRequest, `filters must be a list of at most ${MAX_FILTERS}`);
  }
  const conditions = [
    ...(entry.fixedFilter !== undefined ? [`(${entry.fixedFilter})`] : []),
    ...filters.map((filter) => condition(entry, filter)),
  ];
  const limit = wholeNumber(
    parameters.limit ?? Math.min(DEFAULT_LIMIT, entry.maxRecords),
    REFUSAL.badLimit,
    'limit',
    1,
    entry.maxRecords,
  );
  const after = parameters.after;
  if (after !== undefined) {
    if (typeof after !== 'string' || !RECORD_ID.test(after)) {
      refuse(REFUSAL.badAfter, 'after must be the Id of the last record of the previous page');
    }
    if (parameters.orderBy !== undefined) {
      refuse(REFUSAL.badAfter, 'after pages in Id order; leave orderBy out');
    }
    conditions.push(`Id > ${soqlString(after)}`);
  }
  let soql = `SELECT ${fields.join(', ')} FROM ${soqlName(entry.object)}`;
  if (conditions.length > 0) soql += ` WHERE ${conditions.join(' AND ')}`;
  const order = parameters.orderBy;
  if (order !== undefined) {
    const direction = order.direction ?? 'ASC';
    if (direction !== 'ASC' && direction !== 'DESC')
      refuse(REFUSAL.badRequest, 'direction must be ASC or DESC');
    soql += ` ORDER BY ${allowedField(entry, order.field)} ${direction}, Id ASC`;
  } else {
    soql += ' ORDER BY Id ASC';
  }
  soql += ` LIMIT ${limit + 1}`;
  return { soql, fields, limit };
}
