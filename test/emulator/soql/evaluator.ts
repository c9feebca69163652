/**
 * Runs a parsed query over rows: the object (400 INVALID_TYPE when unknown, a platform event,
 * or hidden from the running user), then COUNT(), an aggregate query, or a record query with
 * parent fields and parent-to-child subqueries. Result records carry `attributes {type, url}`
 * as the REST query resource returns them.
 */
import { ApiError } from '../api-error.js';
import type { EmulatorObject } from '../contracts.js';
import type { OrgSchema } from '../schema/org-schema.js';
import type { Row } from '../store/record-store.js';
import { isAggregateQuery, type SoqlQuery } from './ast.js';
import { executeAggregate } from './aggregate.js';
import { bindChildSubquery, type BoundChildSubquery } from './child-subquery.js';
import { bindPath, type BoundPath, type QueryContext } from './field-binding.js';
import { projectField, recordShell, selectRows } from './record-query.js';

export type { QueryContext } from './field-binding.js';

export interface QueryResult {
  totalSize: number;
  records: Row[];
  /** Set for aggregate queries, whose results have no query locator (no queryMore). */
  aggregate?: true;
}

/**
 * The error for an object the API does not know, or one the user may not see: a type the
 * user lacks access to is reported exactly as a missing one (our reading: the platform hides
 * what the user can't read; the docs print no message for this case).
 */
export function unknownObject(name: string): ApiError {
  return new ApiError(
    400,
    'INVALID_TYPE',
    `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

export function queryableObject(
  schema: OrgSchema,
  name: string,
  context: QueryContext,
): EmulatorObject {
  const object = schema.getObject(name);
  if (!object || object.kind === 'platformEvent' || !context.canRead(object)) {
    throw unknownObject(name);
  }
  return object;
}

type Column =
  { kind: 'field'; bound: BoundPath } | { kind: 'subquery'; subquery: BoundChildSubquery };

export function executeQuery(
  schema: OrgSchema,
  query: SoqlQuery,
  rows: Iterable<Row>,
  context: QueryContext,
): QueryResult {
  const object = queryableObject(schema, query.from, context);
  if (isAggregateQuery(query)) {
    const filterOnly: SoqlQuery = {
      select: query.select,
      from: query.from,
      groupBy: [],
      orderBy: [],
    };
    if (query.where) filterOnly.where = query.where;
    const matching = selectRows(schema, object, filterOnly, rows, context);
    const records = executeAggregate(schema, object, query, matching, context);
    return { totalSize: records.length, records, aggregate: true };
  }
  const columns: Column[] = query.select.flatMap((item): Column[] => {
    if (item.kind === 'field')
      return [{ kind: 'field', bound: bindPath(schema, object, item.path, context) }];
    if (item.kind === 'subquery') {
      return [
        { kind: 'subquery', subquery: bindChildSubquery(schema, object, item.query, context) },
      ];
    }
    return [];
  });
  const matches = selectRows(schema, object, query, rows, context);
  if (query.select.some((item) => item.kind === 'count')) {
    return { totalSize: matches.length, records: [] };
  }
  const records = matches.map((row) => {
    const record = recordShell(object, row, context.apiVersion);
    for (const column of columns) {
      if (column.kind === 'field') projectField(record, column.bound, row, context);
      else record[column.subquery.relationshipName] = column.subquery.resultFor(row);
    }
    return record;
  });
  return { totalSize: records.length, records };
}
