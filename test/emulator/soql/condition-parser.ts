/**
 * Parses field paths, WHERE and HAVING conditions and literals: AND/OR/NOT with parentheses,
 * comparisons, IN/NOT IN, LIKE, INCLUDES/EXCLUDES, null, booleans, numbers, dates, datetimes and
 * relative date literals. Valid SOQL outside the subset (semi-joins, date functions, fiscal date
 * literals) answers the emulator's unsupported-feature error.
 */
import {
  AGGREGATE_FUNCTIONS,
  type AggregateFunction,
  type ComparisonOperator,
  type Condition,
  type FieldPath,
  type Literal,
  type Operand,
} from './ast.js';
import { malformed, unsupportedSoql } from './errors.js';
import type { TokenStream } from './token-stream.js';

const DATE_LITERALS_WITH_N = new Set([
  'LAST_N_DAYS',
  'NEXT_N_DAYS',
  'N_DAYS_AGO',
  'LAST_N_WEEKS',
  'NEXT_N_WEEKS',
  'N_WEEKS_AGO',
  'LAST_N_MONTHS',
  'NEXT_N_MONTHS',
  'N_MONTHS_AGO',
  'LAST_N_QUARTERS',
  'NEXT_N_QUARTERS',
  'N_QUARTERS_AGO',
  'LAST_N_YEARS',
  'NEXT_N_YEARS',
  'N_YEARS_AGO',
]);

const DATE_LITERALS = new Set([
  'TODAY',
  'YESTERDAY',
  'TOMORROW',
  'LAST_WEEK',
  'THIS_WEEK',
  'NEXT_WEEK',
  'LAST_MONTH',
  'THIS_MONTH',
  'NEXT_MONTH',
  'LAST_90_DAYS',
  'NEXT_90_DAYS',
  'LAST_QUARTER',
  'THIS_QUARTER',
  'NEXT_QUARTER',
  'THIS_YEAR',
  'LAST_YEAR',
  'NEXT_YEAR',
]);

/** Fiscal literals depend on the org's fiscal year settings, which the emulator lacks. */
const FISCAL_LITERAL = /^(THIS|LAST|NEXT|LAST_N|NEXT_N|N)_FISCAL_(QUARTERS?|YEARS?)(_AGO)?$/;

/** `Account.Name`; deeper paths (`Account.Owner.Name`) are not supported here. */
export function parseFieldPath(stream: TokenStream): FieldPath {
  const path = stream.identifier().split('.');
  if (path.length > 2) {
    throw unsupportedSoql(`Relationship paths more than one level deep ('${path.join('.')}')`);
  }
  return path;
}

export function aggregateName(name: string): AggregateFunction | undefined {
  const upper = name.toUpperCase();
  return AGGREGATE_FUNCTIONS.find((candidate) => candidate === upper);
}

/** `COUNT(Id)`-style call after the function name: `(path)`. */
export function parseAggregateArgument(stream: TokenStream, fn: AggregateFunction): FieldPath {
  stream.expectPunctuation('(');
  if (stream.isPunctuation(')')) {
    throw malformed(
      fn === 'COUNT'
        ? 'COUNT() can only stand alone in the SELECT list'
        : `${fn}() needs a field name`,
    );
  }
  const path = parseFieldPath(stream);
  stream.expectPunctuation(')');
  return path;
}

export class ConditionParser {
  constructor(
    private readonly stream: TokenStream,
    /** HAVING allows aggregate operands (`COUNT(Id) > 1`); WHERE does not. */
    private readonly clause: 'WHERE' | 'HAVING',
  ) {}

  parse(): Condition {
    let left = this.parseAnd();
    while (this.stream.isKeyword('OR')) {
      this.stream.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Condition {
    let left = this.parseUnary();
    while (this.stream.isKeyword('AND')) {
      this.stream.next();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): Condition {
    if (this.stream.isKeyword('NOT')) {
      this.stream.next();
      return { kind: 'not', operand: this.parseUnary() };
    }
    if (this.stream.isPunctuation('(')) {
      this.stream.next();
      const inner = this.parse();
      this.stream.expectPunctuation(')');
      return inner;
    }
    return this.parseComparison();
  }

  private parseOperand(): Operand {
    if (!this.stream.isCall()) return { path: parseFieldPath(this.stream) };
    const name = this.stream.next().text;
    const aggregate = aggregateName(name);
    if (!aggregate) throw unsupportedSoql(`The function ${name.toUpperCase()}() in ${this.clause}`);
    if (this.clause === 'WHERE') {
      throw malformed(`Aggregate functions such as ${aggregate}() can be filtered only in HAVING`);
    }
    return { path: parseAggregateArgument(this.stream, aggregate), aggregate };
  }

  private parseComparison(): Condition {
    const operand = this.parseOperand();
    const token = this.stream.peek();
    if (token.kind === 'operator') {
      this.stream.next();
      const operator = (token.text === '<>' ? '!=' : token.text) as ComparisonOperator;
      return { kind: 'comparison', ...operand, operator, value: this.parseLiteral() };
    }
    if (this.stream.isKeyword('LIKE')) {
      this.stream.next();
      const pattern = this.stream.next();
      if (pattern.kind !== 'string') throw malformed('LIKE needs a string pattern');
      return { kind: 'like', ...operand, pattern: pattern.text };
    }
    if (this.stream.isKeyword('INCLUDES', 'EXCLUDES')) {
      const excludes = this.stream.next().text.toUpperCase() === 'EXCLUDES';
      return { kind: 'includes', ...operand, excludes, values: this.parseStringList() };
    }
    let negated = false;
    if (this.stream.isKeyword('NOT')) {
      this.stream.next();
      negated = true;
      if (!this.stream.isKeyword('IN')) throw this.stream.unexpected("expecting 'IN'");
    }
    if (this.stream.isKeyword('IN')) {
      this.stream.next();
      return { kind: 'in', ...operand, negated, values: this.parseInList() };
    }
    throw this.stream.unexpected('expecting a comparison operator');
  }

  private parseInList(): Literal[] {
    this.stream.expectPunctuation('(');
    if (this.stream.isKeyword('SELECT')) {
      throw unsupportedSoql('Semi-join and anti-join subqueries (IN (SELECT …))');
    }
    const values: Literal[] = [this.parseLiteral()];
    while (this.stream.isPunctuation(',')) {
      this.stream.next();
      values.push(this.parseLiteral());
    }
    this.stream.expectPunctuation(')');
    return values;
  }

  private parseStringList(): string[] {
    this.stream.expectPunctuation('(');
    const values: string[] = [];
    do {
      if (values.length > 0) this.stream.next();
      const token = this.stream.next();
      if (token.kind !== 'string') throw malformed('INCLUDES and EXCLUDES take string values');
      values.push(token.text);
    } while (this.stream.isPunctuation(','));
    this.stream.expectPunctuation(')');
    return values;
  }

  private parseLiteral(): Literal {
    const token = this.stream.next();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.text };
      case 'number':
        return { kind: 'number', value: Number(token.text) };
      case 'date':
        return { kind: 'date', value: token.text };
      case 'datetime':
        return { kind: 'datetime', value: token.text };
      case 'identifier':
        return this.parseWordLiteral(token.text.toUpperCase());
      default:
        throw malformed(
          token.kind === 'end'
            ? 'unexpected end of query, expecting a value'
            : `unexpected token: '${token.text}', expecting a value`,
        );
    }
  }

  private parseWordLiteral(word: string): Literal {
    if (word === 'NULL') return { kind: 'null' };
    if (word === 'TRUE' || word === 'FALSE') return { kind: 'boolean', value: word === 'TRUE' };
    if (DATE_LITERALS.has(word)) return { kind: 'dateLiteral', name: word };
    if (DATE_LITERALS_WITH_N.has(word)) {
      this.stream.expectPunctuation(':');
      return { kind: 'dateLiteral', name: word, n: this.stream.nonNegativeInteger() };
    }
    if (FISCAL_LITERAL.test(word)) throw unsupportedSoql(`The fiscal date literal ${word}`);
    throw malformed(`unexpected token: '${word}', expecting a value`);
  }
}
