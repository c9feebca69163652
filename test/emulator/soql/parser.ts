/**
 * Recursive-descent parser for the SOQL subset a sync needs: field lists with one level of
 * parent relationships, COUNT(), WHERE with AND/OR/NOT, comparisons, IN, LIKE, null, date and
 * datetime literals and relative date literals, ORDER BY, LIMIT, OFFSET.
 */
import type {
  ComparisonOperator,
  Condition,
  FieldPath,
  Literal,
  OrderItem,
  SelectItem,
  SoqlQuery,
} from './ast.js';
import { malformed, tokenize, type Token } from './tokenizer.js';

const DATE_LITERALS_WITH_N = new Set([
  'LAST_N_DAYS',
  'NEXT_N_DAYS',
  'N_DAYS_AGO',
  'LAST_N_WEEKS',
  'NEXT_N_WEEKS',
  'LAST_N_MONTHS',
  'NEXT_N_MONTHS',
  'LAST_N_YEARS',
  'NEXT_N_YEARS',
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
  'THIS_YEAR',
  'LAST_YEAR',
  'NEXT_YEAR',
]);

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(): Token {
    return this.tokens[this.index] ?? { kind: 'end', text: '', position: -1 };
  }

  private next(): Token {
    const token = this.peek();
    this.index += 1;
    return token;
  }

  private isKeyword(...words: string[]): boolean {
    const token = this.peek();
    return token.kind === 'identifier' && words.includes(token.text.toUpperCase());
  }

  private expectKeyword(word: string): void {
    if (!this.isKeyword(word)) throw this.unexpected(`expecting '${word}'`);
    this.next();
  }

  private expectPunctuation(text: string): void {
    const token = this.next();
    if (token.kind !== 'punctuation' || token.text !== text) {
      throw malformed(`unexpected token: '${token.text}', expecting '${text}'`);
    }
  }

  private unexpected(detail: string): Error {
    const token = this.peek();
    return malformed(
      token.kind === 'end'
        ? `unexpected end of query, ${detail}`
        : `unexpected token: '${token.text}', ${detail}`,
    );
  }

  parseQuery(): SoqlQuery {
    this.expectKeyword('SELECT');
    const select = this.parseSelectList();
    this.expectKeyword('FROM');
    const from = this.parseIdentifier();
    const query: SoqlQuery = { select, from, orderBy: [] };
    if (this.isKeyword('WHERE')) {
      this.next();
      query.where = this.parseOr();
    }
    if (this.isKeyword('ORDER')) {
      this.next();
      this.expectKeyword('BY');
      query.orderBy = this.parseOrderBy();
    }
    if (this.isKeyword('LIMIT')) {
      this.next();
      query.limit = this.parseNonNegativeInteger();
    }
    if (this.isKeyword('OFFSET')) {
      this.next();
      query.offset = this.parseNonNegativeInteger();
    }
    if (this.peek().kind !== 'end') throw this.unexpected('expecting end of query');
    return query;
  }

  private parseIdentifier(): string {
    if (this.peek().kind !== 'identifier') throw this.unexpected('expecting an identifier');
    return this.next().text;
  }

  private parsePath(): FieldPath {
    const path = this.parseIdentifier().split('.');
    if (path.length > 2) throw malformed('relationship queries are supported one level deep only');
    return path;
  }

  private parseSelectList(): SelectItem[] {
    const items: SelectItem[] = [];
    do {
      if (items.length > 0) this.next();
      if (this.isKeyword('COUNT') && this.tokens[this.index + 1]?.text === '(') {
        this.next();
        this.expectPunctuation('(');
        this.expectPunctuation(')');
        items.push({ kind: 'count' });
      } else {
        if (this.isKeyword('FROM')) throw this.unexpected('expecting a field name');
        items.push({ kind: 'field', path: this.parsePath() });
      }
    } while (this.peek().text === ',');
    if (items.some((item) => item.kind === 'count') && items.length > 1) {
      throw malformed('COUNT() must be the only element in the SELECT list');
    }
    return items;
  }

  private parseOrderBy(): OrderItem[] {
    const items: OrderItem[] = [];
    do {
      if (items.length > 0) this.next();
      const path = this.parsePath();
      let descending = false;
      if (this.isKeyword('ASC', 'DESC')) descending = this.next().text.toUpperCase() === 'DESC';
      // Default null ordering: NULLS FIRST ascending, NULLS LAST descending (SOQL ORDER BY docs).
      let nullsLast = descending;
      if (this.isKeyword('NULLS')) {
        this.next();
        if (!this.isKeyword('FIRST', 'LAST')) throw this.unexpected("expecting 'FIRST' or 'LAST'");
        nullsLast = this.next().text.toUpperCase() === 'LAST';
      }
      items.push({ path, descending, nullsLast });
    } while (this.peek().text === ',');
    return items;
  }

  private parseNonNegativeInteger(): number {
    const token = this.next();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text)) {
      throw malformed(`unexpected token: '${token.text}', expecting a non-negative integer`);
    }
    return Number(token.text);
  }

  private parseOr(): Condition {
    let left = this.parseAnd();
    while (this.isKeyword('OR')) {
      this.next();
      left = { kind: 'or', left, right: this.parseAnd() };
    }
    return left;
  }

  private parseAnd(): Condition {
    let left = this.parseUnary();
    while (this.isKeyword('AND')) {
      this.next();
      left = { kind: 'and', left, right: this.parseUnary() };
    }
    return left;
  }

  private parseUnary(): Condition {
    if (this.isKeyword('NOT')) {
      this.next();
      return { kind: 'not', operand: this.parseUnary() };
    }
    if (this.peek().text === '(' && this.peek().kind === 'punctuation') {
      this.next();
      const inner = this.parseOr();
      this.expectPunctuation(')');
      return inner;
    }
    return this.parseComparison();
  }

  private parseComparison(): Condition {
    const path = this.parsePath();
    const token = this.peek();
    if (token.kind === 'operator') {
      this.next();
      const operator = (token.text === '<>' ? '!=' : token.text) as ComparisonOperator;
      return { kind: 'comparison', path, operator, value: this.parseLiteral() };
    }
    if (this.isKeyword('LIKE')) {
      this.next();
      const pattern = this.next();
      if (pattern.kind !== 'string') throw malformed('LIKE needs a string pattern');
      return { kind: 'like', path, pattern: pattern.text };
    }
    let negated = false;
    if (this.isKeyword('NOT')) {
      this.next();
      negated = true;
      if (!this.isKeyword('IN')) throw this.unexpected("expecting 'IN'");
    }
    if (this.isKeyword('IN')) {
      this.next();
      this.expectPunctuation('(');
      const values: Literal[] = [this.parseLiteral()];
      while (this.peek().text === ',') {
        this.next();
        values.push(this.parseLiteral());
      }
      this.expectPunctuation(')');
      return { kind: 'in', path, negated, values };
    }
    throw this.unexpected('expecting a comparison operator');
  }

  private parseLiteral(): Literal {
    const token = this.next();
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
        throw malformed(`unexpected token: '${token.text}', expecting a value`);
    }
  }

  private parseWordLiteral(word: string): Literal {
    if (word === 'NULL') return { kind: 'null' };
    if (word === 'TRUE' || word === 'FALSE') return { kind: 'boolean', value: word === 'TRUE' };
    if (DATE_LITERALS.has(word)) return { kind: 'dateLiteral', name: word };
    if (DATE_LITERALS_WITH_N.has(word)) {
      this.expectPunctuation(':');
      return { kind: 'dateLiteral', name: word, n: this.parseNonNegativeInteger() };
    }
    throw malformed(`unexpected token: '${word}', expecting a value`);
  }
}

export function parseSoql(source: string): SoqlQuery {
  return new Parser(tokenize(source)).parseQuery();
}
