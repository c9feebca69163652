/** The parsed form of the SOQL subset the emulator supports. */

/** `Name` is `['Name']`; `Account.Name` is `['Account', 'Name']`. */
export type FieldPath = string[];

/** SOQL aggregate functions (SOQL and SOSL Reference, "Aggregate Functions"). */
export type AggregateFunction = 'COUNT' | 'COUNT_DISTINCT' | 'SUM' | 'AVG' | 'MIN' | 'MAX';

export const AGGREGATE_FUNCTIONS: readonly AggregateFunction[] = [
  'COUNT',
  'COUNT_DISTINCT',
  'SUM',
  'AVG',
  'MIN',
  'MAX',
];

export type SelectItem =
  | { kind: 'field'; path: FieldPath; alias?: string }
  /** `COUNT()`: the row count in `totalSize`, no records. */
  | { kind: 'count' }
  /** `COUNT(Id)`, `SUM(Amount__c) total`, …: a column of an AggregateResult row. */
  | { kind: 'aggregate'; fn: AggregateFunction; path: FieldPath; alias?: string }
  /** A parent-to-child subquery: `(SELECT LastName FROM Contacts)`; `from` is the relationship. */
  | { kind: 'subquery'; query: SoqlQuery };

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'date'; value: string }
  | { kind: 'datetime'; value: string }
  | { kind: 'dateLiteral'; name: string; n?: number };

export type ComparisonOperator = '=' | '!=' | '<' | '>' | '<=' | '>=';

/** A comparison's left side: a field, or (in HAVING) an aggregate of a field. */
export interface Operand {
  path: FieldPath;
  /** Set in HAVING for `COUNT(Id) > 1`. */
  aggregate?: AggregateFunction;
}

export type Condition =
  | { kind: 'and'; left: Condition; right: Condition }
  | { kind: 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }
  | ({ kind: 'comparison'; operator: ComparisonOperator; value: Literal } & Operand)
  | ({ kind: 'in'; negated: boolean; values: Literal[] } & Operand)
  | ({ kind: 'like'; pattern: string } & Operand)
  /** `INCLUDES ('A;B', 'C')`: each string is a set of `;`-joined values that must all be selected. */
  | ({ kind: 'includes'; excludes: boolean; values: string[] } & Operand);

export interface OrderItem extends Operand {
  descending: boolean;
  nullsLast: boolean;
}

export interface SoqlQuery {
  select: SelectItem[];
  from: string;
  where?: Condition;
  groupBy: FieldPath[];
  having?: Condition;
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
}

/** Whether the query answers AggregateResult rows (an aggregate function or GROUP BY). */
export function isAggregateQuery(query: SoqlQuery): boolean {
  return query.groupBy.length > 0 || query.select.some((item) => item.kind === 'aggregate');
}
