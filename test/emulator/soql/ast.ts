/** The parsed form of the SOQL subset the emulator supports. */

/** `Name` is `['Name']`; `Account.Name` is `['Account', 'Name']`. */
export type FieldPath = string[];

export type SelectItem = { kind: 'field'; path: FieldPath } | { kind: 'count' };

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' }
  | { kind: 'date'; value: string }
  | { kind: 'datetime'; value: string }
  | { kind: 'dateLiteral'; name: string; n?: number };

export type ComparisonOperator = '=' | '!=' | '<' | '>' | '<=' | '>=';

export type Condition =
  | { kind: 'and'; left: Condition; right: Condition }
  | { kind: 'or'; left: Condition; right: Condition }
  | { kind: 'not'; operand: Condition }
  | { kind: 'comparison'; path: FieldPath; operator: ComparisonOperator; value: Literal }
  | { kind: 'in'; path: FieldPath; negated: boolean; values: Literal[] }
  | { kind: 'like'; path: FieldPath; pattern: string };

export interface OrderItem {
  path: FieldPath;
  descending: boolean;
  nullsLast: boolean;
}

export interface SoqlQuery {
  select: SelectItem[];
  from: string;
  where?: Condition;
  orderBy: OrderItem[];
  limit?: number;
  offset?: number;
}
