/**
 * Rules a parsed query must meet before it runs, from the SOQL and SOSL Reference:
 * - "COUNT() and COUNT(fieldName)": COUNT() stands alone in the SELECT list, and can't be used
 *   with ORDER BY or (API 19.0 and later) GROUP BY.
 * - "GROUP BY": with an aggregate function, every non-aggregated field is grouped.
 * - "Considerations for GROUP BY": a LIMIT with an aggregate function needs GROUP BY; no child
 *   relationship subqueries with GROUP BY.
 * - "OFFSET": not allowed in subqueries (MALFORMED_QUERY). The pilot exception for a parent
 *   query with LIMIT 1 is not modelled.
 * Messages are our wording; the platform's are not documented.
 */
import { isAggregateQuery, type FieldPath, type SoqlQuery } from './ast.js';
import { malformed } from './errors.js';

const key = (path: FieldPath): string => path.join('.').toLowerCase();

function validateCount(query: SoqlQuery): void {
  if (!query.select.some((item) => item.kind === 'count')) return;
  if (query.select.length > 1)
    throw malformed('COUNT() must be the only element in the SELECT list');
  if (query.orderBy.length > 0) throw malformed('COUNT() can not be used with ORDER BY');
  if (query.groupBy.length > 0)
    throw malformed('COUNT() can not be used with GROUP BY; use COUNT(fieldName)');
}

function validateAggregate(query: SoqlQuery): void {
  const grouped = new Set(query.groupBy.map(key));
  if (query.select.some((item) => item.kind === 'subquery')) {
    throw malformed('Parent-to-child subqueries can not be used in an aggregate query');
  }
  for (const item of query.select) {
    if (item.kind === 'field' && !grouped.has(key(item.path))) {
      throw malformed(`Field must be grouped or aggregated: ${item.path.join('.')}`);
    }
  }
  for (const item of query.orderBy) {
    if (item.aggregate === undefined && !grouped.has(key(item.path))) {
      throw malformed(`Ordered field must be grouped or aggregated: ${item.path.join('.')}`);
    }
  }
  if (query.limit !== undefined && query.groupBy.length === 0) {
    throw malformed('An aggregate function with a LIMIT clause needs a GROUP BY clause');
  }
}

function validateNonAggregate(query: SoqlQuery): void {
  if (query.having) throw malformed('HAVING needs GROUP BY or an aggregate function');
  for (const item of query.orderBy) {
    if (item.aggregate !== undefined) {
      throw malformed(`${item.aggregate}() in ORDER BY needs an aggregate query`);
    }
  }
}

function validateSubquery(query: SoqlQuery): void {
  if (query.select.some((item) => item.kind === 'count' || item.kind === 'aggregate')) {
    throw malformed('Aggregate functions can not be used in a parent-to-child subquery');
  }
  if (query.groupBy.length > 0)
    throw malformed('GROUP BY can not be used in a parent-to-child subquery');
  if (query.offset !== undefined) throw malformed('OFFSET is not allowed in a subquery');
}

export function validateQuery(query: SoqlQuery, nested: boolean): void {
  validateCount(query);
  if (nested) validateSubquery(query);
  if (isAggregateQuery(query)) validateAggregate(query);
  else validateNonAggregate(query);
  if (!isAggregateQuery(query)) {
    for (const item of query.select) {
      if (item.kind === 'field' && item.alias !== undefined) {
        throw malformed(
          `unexpected token: '${item.alias}' (field aliases need an aggregate query)`,
        );
      }
    }
  }
}
