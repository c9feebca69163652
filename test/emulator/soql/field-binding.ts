/**
 * Binds field paths and conditions to the schema and turns them into predicates. Unknown
 * fields and relationships are 400 INVALID_FIELD, filters on long text 400 INVALID_FIELD,
 * literal type mismatches MALFORMED_QUERY (codes as the REST API answers them; the messages
 * are the platform's usual wording, not printed in the docs: our reading).
 */
import { ApiError } from '../api-error.js';
import type { EmulatorField, EmulatorObject } from '../contracts.js';
import { normaliseId } from '../ids.js';
import { scalarText } from '../scalar-text.js';
import { TEXT_FIELD_TYPES } from '../schema/field-types.js';
import type { OrgSchema } from '../schema/org-schema.js';
import type { Row } from '../store/record-store.js';
import type { Condition, FieldPath, Literal, Operand } from './ast.js';
import { dateLiteralRange, toEpochMs } from './date-ranges.js';
import { malformed } from './errors.js';
import { multiSelectMatcher } from './multi-select-filter.js';

export interface QueryContext {
  now: number;
  apiVersion: string;
  /** The record with `id` of `objectName`, for parent relationship fields. */
  parent(objectName: string, id: string): Row | undefined;
  /** Live records of `objectName` whose `fieldName` holds `parentId`, for child subqueries. */
  children(objectName: string, fieldName: string, parentId: string): Row[];
  /** Whether the running user may read the object over the API; false hides it. */
  canRead(object: EmulatorObject): boolean;
}

export interface BoundPath {
  /** Set for `Account.Name`: the reference field and the parent object. */
  relationship?: { name: string; field: EmulatorField; target: EmulatorObject };
  field: EmulatorField;
}

export type Comparable = string | number | boolean | null;

function noSuchColumn(name: string, objectName: string): ApiError {
  return new ApiError(
    400,
    'INVALID_FIELD',
    `No such column '${name}' on entity '${objectName}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`,
  );
}

export function bindPath(
  schema: OrgSchema,
  object: EmulatorObject,
  path: FieldPath,
  context: QueryContext,
): BoundPath {
  const [first = '', second] = path;
  if (second === undefined) {
    const fieldDef = schema.getField(object.name, first);
    if (!fieldDef) throw noSuchColumn(first, object.name);
    return { field: fieldDef };
  }
  const relation = schema.resolveRelationship(object.name, first);
  if (!relation || !context.canRead(relation.target)) {
    throw new ApiError(
      400,
      'INVALID_FIELD',
      `Didn't understand relationship '${first}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.`,
    );
  }
  const fieldDef = schema.getField(relation.target.name, second);
  if (!fieldDef) throw noSuchColumn(second, relation.target.name);
  const name = relation.field.name.endsWith('__c')
    ? relation.field.name.slice(0, -3) + '__r'
    : relation.field.name.slice(0, -2);
  return {
    relationship: { name, field: relation.field, target: relation.target },
    field: fieldDef,
  };
}

export function readPath(bound: BoundPath, row: Row, context: QueryContext): unknown {
  if (!bound.relationship) return row[bound.field.name];
  const parentId = row[bound.relationship.field.name];
  if (typeof parentId !== 'string') return null;
  return context.parent(bound.relationship.target.name, parentId)?.[bound.field.name];
}

/** A value in the form comparisons, sorting and grouping use (text lower-cased, ids 18). */
export function comparable(fieldDef: EmulatorField, value: unknown): Comparable {
  if (value === undefined || value === null) return null;
  if (fieldDef.type === 'date' || fieldDef.type === 'datetime') return toEpochMs(scalarText(value));
  if (fieldDef.type === 'id' || fieldDef.type === 'reference')
    return normaliseId(scalarText(value)) ?? scalarText(value);
  if (typeof value === 'string')
    return TEXT_FIELD_TYPES.has(fieldDef.type) ? value.toLowerCase() : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}

/** Orders two comparable values ascending; null sorts as `nullsLast` says. */
export function compareValues(left: Comparable, right: Comparable, nullsLast: boolean): number {
  if (left === right) return 0;
  if (left === null) return nullsLast ? 1 : -1;
  if (right === null) return nullsLast ? -1 : 1;
  return left < right ? -1 : 1;
}

/** ORDER BY comparison: the direction flips values, never where the nulls go. */
export function compareForOrder(
  left: Comparable,
  right: Comparable,
  order: { descending: boolean; nullsLast: boolean },
): number {
  if (left === null || right === null) return compareValues(left, right, order.nullsLast);
  const result = compareValues(left, right, order.nullsLast);
  return order.descending ? -result : result;
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

/** How a condition reads its left side from an item (a row, or a group in HAVING). */
export interface BoundOperand<T> {
  /** The field whose type the literal must match. */
  field: EmulatorField;
  /** The raw value (not yet made comparable). */
  read(item: T): unknown;
}

export type OperandBinder<T> = (operand: Operand) => BoundOperand<T>;

export function bindCondition<T>(
  condition: Condition,
  bindOperand: OperandBinder<T>,
  now: number,
): (item: T) => boolean {
  switch (condition.kind) {
    case 'and': {
      const left = bindCondition(condition.left, bindOperand, now);
      const right = bindCondition(condition.right, bindOperand, now);
      return (item) => left(item) && right(item);
    }
    case 'or': {
      const left = bindCondition(condition.left, bindOperand, now);
      const right = bindCondition(condition.right, bindOperand, now);
      return (item) => left(item) || right(item);
    }
    case 'not': {
      const operand = bindCondition(condition.operand, bindOperand, now);
      return (item) => !operand(item);
    }
    default:
      break;
  }
  const bound = bindOperand(condition);
  if (condition.kind === 'like') {
    const matcher = likeMatcher(condition.pattern);
    return (item) => {
      const value = bound.read(item);
      return typeof value === 'string' && matcher.test(value);
    };
  }
  if (condition.kind === 'includes') {
    const matches = multiSelectMatcher(bound.field, condition.values, condition.excludes);
    return (item) => matches(bound.read(item));
  }
  const actual = (item: T): Comparable => comparable(bound.field, bound.read(item));
  if (condition.kind === 'in') {
    const values = condition.values.map((literal) => literalValue(bound.field, literal, now));
    return (item) => {
      const value = actual(item);
      const found = values.some((candidate) => compare('=', value, candidate));
      return condition.negated ? !found && value !== null : found;
    };
  }
  const expected = literalValue(bound.field, condition.value, now);
  return (item) => compare(condition.operator, actual(item), expected);
}

/** WHERE operands: fields of the row or of its parent, filterable ones only. */
export function rowOperandBinder(
  schema: OrgSchema,
  object: EmulatorObject,
  context: QueryContext,
): OperandBinder<Row> {
  return (operand) => {
    const bound = bindPath(schema, object, operand.path, context);
    if (!bound.field.filterable) {
      throw new ApiError(
        400,
        'INVALID_FIELD',
        `field '${bound.field.name}' can not be filtered in query call`,
      );
    }
    return { field: bound.field, read: (row) => readPath(bound, row, context) };
  };
}
