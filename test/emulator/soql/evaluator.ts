/**
 * Binds a parsed query to the schema and runs it over rows: filter, sort, offset, limit,
 * project. Unknown objects are 400 INVALID_TYPE, unknown fields and filters on long text 400
 * INVALID_FIELD, literal type mismatches MALFORMED_QUERY; the error shape is platform-facts
 * "Errors and limits", the codes and messages are not in the facts (our reading, unverified).
 * Result records carry `attributes {type, url}` as the REST query resource returns them.
 */
import { ApiError } from '../api-error.js';
import type { EmulatorField, EmulatorObject } from '../contracts.js';
import { normaliseId } from '../ids.js';
import type { OrgSchema } from '../schema/org-schema.js';
import type { Row } from '../store/record-store.js';
import type { Condition, FieldPath, Literal, SoqlQuery } from './ast.js';
import { dateLiteralRange, toEpochMs } from './date-ranges.js';
import { malformed } from './tokenizer.js';
import { scalarText } from '../scalar-text.js';
import { TEXT_FIELD_TYPES } from '../schema/field-types.js';

export interface QueryContext {
  now: number;
  apiVersion: string;
  /** The record with `id` of `objectName`, for parent relationship fields. */
  parent(objectName: string, id: string): Row | undefined;
}

interface BoundPath {
  /** Set for `Account.Name`: the reference field and the parent object. */
  relationship?: { name: string; field: EmulatorField; target: EmulatorObject };
  field: EmulatorField;
}

export interface QueryResult {
  totalSize: number;
  records: Row[];
}

type Comparable = string | number | boolean | null;

function bindPath(schema: OrgSchema, object: EmulatorObject, path: FieldPath): BoundPath {
  const [first = '', second] = path;
  if (second === undefined) {
    const fieldDef = schema.getField(object.name, first);
    if (!fieldDef) {
      throw new ApiError(
        400,
        'INVALID_FIELD',
        `No such column '${first}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`,
      );
    }
    return { field: fieldDef };
  }
  const relation = schema.resolveRelationship(object.name, first);
  if (!relation) {
    throw new ApiError(
      400,
      'INVALID_FIELD',
      `Didn't understand relationship '${first}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.`,
    );
  }
  const fieldDef = schema.getField(relation.target.name, second);
  if (!fieldDef) {
    throw new ApiError(
      400,
      'INVALID_FIELD',
      `No such column '${second}' on entity '${relation.target.name}'.`,
    );
  }
  const name = relation.field.name.endsWith('__c')
    ? relation.field.name.slice(0, -3) + '__r'
    : relation.field.name.slice(0, -2);
  return {
    relationship: { name, field: relation.field, target: relation.target },
    field: fieldDef,
  };
}

function readPath(bound: BoundPath, row: Row, context: QueryContext): unknown {
  if (!bound.relationship) return row[bound.field.name];
  const parentId = row[bound.relationship.field.name];
  if (typeof parentId !== 'string') return null;
  return context.parent(bound.relationship.target.name, parentId)?.[bound.field.name];
}

function comparable(fieldDef: EmulatorField, value: unknown): Comparable {
  if (value === undefined || value === null) return null;
  if (fieldDef.type === 'date' || fieldDef.type === 'datetime') return toEpochMs(scalarText(value));
  if (fieldDef.type === 'id' || fieldDef.type === 'reference')
    return normaliseId(scalarText(value)) ?? scalarText(value);
  if (typeof value === 'string')
    return TEXT_FIELD_TYPES.has(fieldDef.type) ? value.toLowerCase() : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

function literalMismatch(fieldDef: EmulatorField, expected: string): ApiError {
  return malformed(
    `value of filter criterion for field '${fieldDef.name}' must be of type ${expected}`,
  );
}

/** A literal as a point value or, for relative date literals, a [start, end) range. */
function literalValue(
  fieldDef: EmulatorField,
  literal: Literal,
  now: number,
): Comparable | [number, number] {
  if (literal.kind === 'null') return null;
  switch (fieldDef.type) {
    case 'date':
    case 'datetime':
      if (literal.kind === 'dateLiteral')
        return dateLiteralRange(literal.name, literal.n ?? 0, now);
      if (literal.kind === 'date' || literal.kind === 'datetime') return toEpochMs(literal.value);
      throw literalMismatch(fieldDef, fieldDef.type);
    case 'boolean':
      if (literal.kind !== 'boolean') throw literalMismatch(fieldDef, 'boolean');
      return literal.value;
    case 'int':
    case 'double':
    case 'currency':
    case 'percent':
      if (literal.kind !== 'number') throw literalMismatch(fieldDef, 'number');
      return literal.value;
    default:
      if (literal.kind !== 'string') {
        throw literalMismatch(fieldDef, 'string and should be enclosed in quotes');
      }
      return comparable(fieldDef, literal.value);
  }
}

function compare(
  operator: string,
  actual: Comparable,
  expected: Comparable | [number, number],
): boolean {
  if (Array.isArray(expected)) {
    if (typeof actual !== 'number') return operator === '!=';
    const [start, end] = expected;
    if (operator === '=') return actual >= start && actual < end;
    if (operator === '!=') return actual < start || actual >= end;
    if (operator === '<') return actual < start;
    if (operator === '<=') return actual < end;
    if (operator === '>') return actual >= end;
    return actual >= start;
  }
  if (operator === '=') return actual === expected;
  if (operator === '!=') return actual !== expected;
  if (actual === null || expected === null) return false;
  if (operator === '<') return actual < expected;
  if (operator === '<=') return actual <= expected;
  if (operator === '>') return actual > expected;
  return actual >= expected;
}

/** LIKE: `%` any run, `_` one character, backslash escapes them; case-insensitive. */
function likeMatcher(pattern: string): RegExp {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern.charAt(index);
    if (char === '\\' && index + 1 < pattern.length) {
      index += 1;
      source += pattern.charAt(index).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (char === '%') source += '.*';
    else if (char === '_') source += '.';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'is');
}

type Predicate = (row: Row) => boolean;

function bindCondition(
  schema: OrgSchema,
  object: EmulatorObject,
  condition: Condition,
  context: QueryContext,
): Predicate {
  switch (condition.kind) {
    case 'and': {
      const left = bindCondition(schema, object, condition.left, context);
      const right = bindCondition(schema, object, condition.right, context);
      return (row) => left(row) && right(row);
    }
    case 'or': {
      const left = bindCondition(schema, object, condition.left, context);
      const right = bindCondition(schema, object, condition.right, context);
      return (row) => left(row) || right(row);
    }
    case 'not': {
      const operand = bindCondition(schema, object, condition.operand, context);
      return (row) => !operand(row);
    }
    default:
      return bindFilter(schema, object, condition, context);
  }
}

function bindFilter(
  schema: OrgSchema,
  object: EmulatorObject,
  condition: Extract<Condition, { path: FieldPath }>,
  context: QueryContext,
): Predicate {
  const bound = bindPath(schema, object, condition.path);
  if (!bound.field.filterable) {
    throw new ApiError(
      400,
      'INVALID_FIELD',
      `field '${bound.field.name}' can not be filtered in query call`,
    );
  }
  const actual = (row: Row): Comparable => comparable(bound.field, readPath(bound, row, context));
  if (condition.kind === 'like') {
    const matcher = likeMatcher(condition.pattern);
    return (row) => {
      const value = readPath(bound, row, context);
      return typeof value === 'string' && matcher.test(value);
    };
  }
  if (condition.kind === 'in') {
    const values = condition.values.map((literal) =>
      literalValue(bound.field, literal, context.now),
    );
    return (row) => {
      const value = actual(row);
      const found = values.some((candidate) => compare('=', value, candidate));
      return condition.negated ? !found && value !== null : found;
    };
  }
  const expected = literalValue(bound.field, condition.value, context.now);
  return (row) => compare(condition.operator, actual(row), expected);
}

function recordUrl(objectName: string, id: unknown, apiVersion: string): string {
  return `/services/data/v${apiVersion}/sobjects/${objectName}/${String(id)}`;
}

export function executeQuery(
  schema: OrgSchema,
  query: SoqlQuery,
  rows: Iterable<Row>,
  context: QueryContext,
): QueryResult {
  const object = schema.getObject(query.from);
  if (!object || object.kind === 'platformEvent') {
    throw new ApiError(
      400,
      'INVALID_TYPE',
      `sObject type '${query.from}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`,
    );
  }
  const where = query.where ? bindCondition(schema, object, query.where, context) : () => true;
  const isCount = query.select.some((item) => item.kind === 'count');
  const selected = query.select.flatMap((item) =>
    item.kind === 'field' ? [bindPath(schema, object, item.path)] : [],
  );
  const order = query.orderBy.map((item) => ({
    ...item,
    bound: bindPath(schema, object, item.path),
  }));

  let matches = [...rows].filter(where);
  if (order.length > 0) {
    const keyed = matches.map((row) => ({
      row,
      keys: order.map((item) => comparable(item.bound.field, readPath(item.bound, row, context))),
    }));
    keyed.sort((a, b) => {
      for (const [index, item] of order.entries()) {
        const left = a.keys[index] ?? null;
        const right = b.keys[index] ?? null;
        if (left === right) continue;
        if (left === null || right === null) return (left === null) === item.nullsLast ? 1 : -1;
        const result = left < right ? -1 : 1;
        return item.descending ? -result : result;
      }
      return 0;
    });
    matches = keyed.map((entry) => entry.row);
  }
  const offset = query.offset ?? 0;
  matches = matches.slice(offset, query.limit !== undefined ? offset + query.limit : undefined);
  if (isCount) return { totalSize: matches.length, records: [] };
  const records = matches.map((row) => {
    const record: Row = {
      attributes: { type: object.name, url: recordUrl(object.name, row.Id, context.apiVersion) },
    };
    for (const bound of selected) {
      if (!bound.relationship) {
        record[bound.field.name] = row[bound.field.name] ?? null;
        continue;
      }
      const { name, field: referenceField, target } = bound.relationship;
      const parentId = row[referenceField.name];
      const parentRow =
        typeof parentId === 'string' ? context.parent(target.name, parentId) : undefined;
      if (!parentRow) {
        record[name] = null;
        continue;
      }
      const existing = record[name];
      const parentRecord: Row =
        typeof existing === 'object' && existing !== null
          ? (existing as Row)
          : {
              attributes: {
                type: target.name,
                url: recordUrl(target.name, parentRow.Id, context.apiVersion),
              },
            };
      parentRecord[bound.field.name] = parentRow[bound.field.name] ?? null;
      record[name] = parentRecord;
    }
    return record;
  });
  return { totalSize: records.length, records };
}
