/**
 * Aggregate queries: COUNT(field), COUNT_DISTINCT, SUM, AVG, MIN, MAX, GROUP BY and HAVING
 * (SOQL and SOSL Reference, "Aggregate Functions", "GROUP BY", "HAVING", "Use Aliases with
 * GROUP BY"). Rows are AggregateResult records: `attributes {type: 'AggregateResult'}`, each
 * grouped field under its alias or field name, each aggregate under its alias or the implied
 * `expr0`, `expr1`… in the order of the unaliased aggregates. Without GROUP BY the query
 * answers one row even when nothing matches (COUNT 0, other functions null).
 *
 * Readings where the docs are silent: groups are returned in ascending group-key order
 * (nulls first) unless ORDER BY says otherwise; grouping text compares case-insensitively;
 * errors for a function on a field type it does not take are INVALID_FIELD.
 */
import { ApiError } from '../api-error.js';
import type { EmulatorField, EmulatorObject } from '../contracts.js';
import { field } from '../schema/field-builders.js';
import { isGroupable, NUMERIC_FIELD_TYPES } from '../schema/field-types.js';
import type { OrgSchema } from '../schema/org-schema.js';
import type { Row } from '../store/record-store.js';
import type { AggregateFunction, FieldPath, Operand, SoqlQuery } from './ast.js';
import { malformed } from './errors.js';
import {
  bindCondition,
  bindPath,
  compareForOrder,
  compareValues,
  comparable,
  readPath,
  type BoundPath,
  type Comparable,
  type OperandBinder,
  type QueryContext,
} from './field-binding.js';

interface Group {
  /** Raw values of the grouped fields (from the group's first row), by path key. */
  keys: Map<string, unknown>;
  comparableKeys: Comparable[];
  rows: Row[];
  aggregates: Map<string, unknown>;
}

interface BoundAggregate {
  fn: AggregateFunction;
  bound: BoundPath;
  /** The type a HAVING literal must have for this aggregate. */
  resultField: EmulatorField;
}

const pathKey = (path: FieldPath): string => path.join('.').toLowerCase();
const aggregateKey = (fn: AggregateFunction, path: FieldPath): string => `${fn}(${pathKey(path)})`;

function unsupportedOperator(bound: BoundPath, fn: AggregateFunction): ApiError {
  return new ApiError(
    400,
    'INVALID_FIELD',
    `field ${bound.field.name} does not support aggregate operator ${fn}`,
  );
}

function bindAggregate(
  schema: OrgSchema,
  object: EmulatorObject,
  fn: AggregateFunction,
  path: FieldPath,
  context: QueryContext,
): BoundAggregate {
  const bound = bindPath(schema, object, path, context);
  const type = bound.field.type;
  if ((fn === 'SUM' || fn === 'AVG') && !NUMERIC_FIELD_TYPES.has(type)) {
    throw unsupportedOperator(bound, fn);
  }
  if ((fn === 'MIN' || fn === 'MAX') && (type === 'boolean' || !bound.field.filterable)) {
    throw unsupportedOperator(bound, fn);
  }
  if (fn === 'COUNT_DISTINCT' && !bound.field.filterable) throw unsupportedOperator(bound, fn);
  const resultField =
    fn === 'COUNT' || fn === 'COUNT_DISTINCT'
      ? field(fn, 'int')
      : fn === 'SUM' || fn === 'AVG'
        ? field(fn, 'double')
        : bound.field;
  return { fn, bound, resultField };
}

function compute(aggregate: BoundAggregate, rows: Row[], context: QueryContext): unknown {
  const { fn, bound } = aggregate;
  const values = rows
    .map((row) => readPath(bound, row, context))
    .filter((value) => value !== null && value !== undefined);
  if (fn === 'COUNT') return values.length;
  if (fn === 'COUNT_DISTINCT') {
    return new Set(values.map((value) => comparable(bound.field, value))).size;
  }
  if (values.length === 0) return null;
  if (fn === 'SUM' || fn === 'AVG') {
    const sum = values.reduce<number>((total, value) => total + Number(value), 0);
    return fn === 'SUM' ? sum : sum / values.length;
  }
  let best = values[0];
  for (const value of values.slice(1)) {
    const order = compareValues(
      comparable(bound.field, value),
      comparable(bound.field, best),
      false,
    );
    if (fn === 'MIN' ? order < 0 : order > 0) best = value;
  }
  return best;
}

function groupRows(
  grouped: { path: FieldPath; bound: BoundPath }[],
  rows: Row[],
  context: QueryContext,
): Group[] {
  if (grouped.length === 0) {
    return [{ keys: new Map(), comparableKeys: [], rows, aggregates: new Map() }];
  }
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const raw = grouped.map((item) => readPath(item.bound, row, context) ?? null);
    const comparableKeys = grouped.map((item, index) => comparable(item.bound.field, raw[index]));
    const id = JSON.stringify(comparableKeys);
    let group = groups.get(id);
    if (!group) {
      const keys = new Map(grouped.map((item, index) => [pathKey(item.path), raw[index]]));
      group = { keys, comparableKeys, rows: [], aggregates: new Map() };
      groups.set(id, group);
    }
    group.rows.push(row);
  }
  return [...groups.values()].sort((a, b) => {
    for (const [index, left] of a.comparableKeys.entries()) {
      const result = compareValues(left, b.comparableKeys[index] ?? null, false);
      if (result !== 0) return result;
    }
    return 0;
  });
}

export function executeAggregate(
  schema: OrgSchema,
  object: EmulatorObject,
  query: SoqlQuery,
  rows: Row[],
  context: QueryContext,
): Row[] {
  const grouped = query.groupBy.map((path) => {
    const bound = bindPath(schema, object, path, context);
    if (!isGroupable(bound.field)) {
      throw new ApiError(
        400,
        'INVALID_FIELD',
        `field '${bound.field.name}' can not be grouped in a query call`,
      );
    }
    return { path, bound };
  });
  const groupedKeys = new Set(grouped.map((item) => pathKey(item.path)));
  const aggregates = new Map<string, BoundAggregate>();
  const aggregateOf = (fn: AggregateFunction, path: FieldPath): BoundAggregate => {
    const id = aggregateKey(fn, path);
    let bound = aggregates.get(id);
    if (!bound) {
      bound = bindAggregate(schema, object, fn, path, context);
      aggregates.set(id, bound);
    }
    return bound;
  };
  const operandBinder: OperandBinder<Group> = (operand: Operand) => {
    if (operand.aggregate !== undefined) {
      const bound = aggregateOf(operand.aggregate, operand.path);
      const id = aggregateKey(operand.aggregate, operand.path);
      return { field: bound.resultField, read: (group) => group.aggregates.get(id) };
    }
    if (!groupedKeys.has(pathKey(operand.path))) {
      throw malformed(
        `Having clause field must be grouped or aggregated: ${operand.path.join('.')}`,
      );
    }
    const bound = bindPath(schema, object, operand.path, context);
    return { field: bound.field, read: (group) => group.keys.get(pathKey(operand.path)) };
  };
  const having = query.having
    ? bindCondition(query.having, operandBinder, context.now)
    : () => true;
  const order = query.orderBy.map((item) => ({ ...item, operand: operandBinder(item) }));
  for (const item of query.select) {
    if (item.kind === 'aggregate') aggregateOf(item.fn, item.path);
  }
  const columns = outputColumns(query);

  let groups = groupRows(grouped, rows, context);
  for (const group of groups) {
    for (const [id, aggregate] of aggregates)
      group.aggregates.set(id, compute(aggregate, group.rows, context));
  }
  groups = groups.filter(having);
  if (order.length > 0) {
    const keyOf = (group: Group, index: number): Comparable => {
      const item = order[index];
      return item ? comparable(item.operand.field, item.operand.read(group)) : null;
    };
    groups.sort((a, b) => {
      for (const [index, item] of order.entries()) {
        const result = compareForOrder(keyOf(a, index), keyOf(b, index), item);
        if (result !== 0) return result;
      }
      return 0;
    });
  }
  const offset = query.offset ?? 0;
  groups = groups.slice(offset, query.limit !== undefined ? offset + query.limit : undefined);
  return groups.map((group) => {
    const row: Row = { attributes: { type: 'AggregateResult' } };
    for (const column of columns) row[column.name] = column.read(group);
    return row;
  });
}

interface OutputColumn {
  name: string;
  read(group: Group): unknown;
}

/** The row's columns in SELECT order: aliases, grouped field names, implied `expr0`… names. */
function outputColumns(query: SoqlQuery): OutputColumn[] {
  const columns: OutputColumn[] = [];
  const taken = new Set<string>();
  let implied = 0;
  const add = (name: string, read: (group: Group) => unknown): void => {
    if (taken.has(name.toLowerCase())) throw malformed(`duplicate alias: ${name}`);
    taken.add(name.toLowerCase());
    columns.push({ name, read });
  };
  for (const item of query.select) {
    if (item.kind === 'field') {
      const key = pathKey(item.path);
      add(
        item.alias ?? item.path[item.path.length - 1] ?? '',
        (group) => group.keys.get(key) ?? null,
      );
    } else if (item.kind === 'aggregate') {
      const key = aggregateKey(item.fn, item.path);
      add(item.alias ?? `expr${implied++}`, (group) => group.aggregates.get(key) ?? null);
    }
  }
  return columns;
}
