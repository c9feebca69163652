/**
 * The row pipeline of a non-aggregate query: filter, sort, offset, limit; and the projection
 * of a row into a REST query record (`attributes {type, url}`, then the selected fields, a
 * parent relationship as a nested record or null), as "Understanding Query Results" in the
 * SOQL and SOSL Reference shows.
 */
import { ApiError } from '../api-error.js';
import type { EmulatorObject } from '../contracts.js';
import type { OrgSchema } from '../schema/org-schema.js';
import type { Row } from '../store/record-store.js';
import type { SoqlQuery } from './ast.js';
import {
  bindCondition,
  bindPath,
  compareForOrder,
  comparable,
  readPath,
  rowOperandBinder,
  type BoundPath,
  type QueryContext,
} from './field-binding.js';
import { malformed } from './errors.js';

export function recordUrl(objectName: string, id: unknown, apiVersion: string): string {
  return `/services/data/v${apiVersion}/sobjects/${objectName}/${String(id)}`;
}

/** Rows matching WHERE, in ORDER BY order, after OFFSET and LIMIT. */
export function selectRows(
  schema: OrgSchema,
  object: EmulatorObject,
  query: SoqlQuery,
  rows: Iterable<Row>,
  context: QueryContext,
): Row[] {
  const where = query.where
    ? bindCondition(query.where, rowOperandBinder(schema, object, context), context.now)
    : () => true;
  const order = query.orderBy.map((item) => {
    if (item.aggregate !== undefined)
      throw malformed(`${item.aggregate}() in ORDER BY needs an aggregate query`);
    const bound = bindPath(schema, object, item.path, context);
    if (!bound.field.filterable) {
      // describe's `sortable` is false for long text areas (describe.ts reports it so).
      throw new ApiError(
        400,
        'INVALID_FIELD',
        `field '${bound.field.name}' can not be sorted in a query call`,
      );
    }
    return { ...item, bound };
  });
  let matches = [...rows].filter(where);
  if (order.length > 0) {
    const keyed = matches.map((row) => ({
      row,
      keys: order.map((item) => comparable(item.bound.field, readPath(item.bound, row, context))),
    }));
    keyed.sort((a, b) => {
      for (const [index, item] of order.entries()) {
        const result = compareForOrder(a.keys[index] ?? null, b.keys[index] ?? null, item);
        if (result !== 0) return result;
      }
      return 0;
    });
    matches = keyed.map((entry) => entry.row);
  }
  const offset = query.offset ?? 0;
  return matches.slice(offset, query.limit !== undefined ? offset + query.limit : undefined);
}

export function recordShell(object: EmulatorObject, row: Row, apiVersion: string): Row {
  return { attributes: { type: object.name, url: recordUrl(object.name, row.Id, apiVersion) } };
}

/** Adds one selected field (own or parent's) to the projected record. */
export function projectField(record: Row, bound: BoundPath, row: Row, context: QueryContext): void {
  if (!bound.relationship) {
    record[bound.field.name] = row[bound.field.name] ?? null;
    return;
  }
  const { name, field: referenceField, target } = bound.relationship;
  const parentId = row[referenceField.name];
  const parentRow =
    typeof parentId === 'string' ? context.parent(target.name, parentId) : undefined;
  if (!parentRow) {
    record[name] = null;
    return;
  }
  const existing = record[name];
  const parentRecord: Row =
    typeof existing === 'object' && existing !== null
      ? (existing as Row)
      : recordShell(target, parentRow, context.apiVersion);
  parentRecord[bound.field.name] = parentRow[bound.field.name] ?? null;
  record[name] = parentRecord;
}
