/**
 * Recursive-descent parser for the SOQL the emulator supports: field lists with one level of
 * parent relationships, parent-to-child subqueries, COUNT() and the aggregate functions with
 * aliases, WHERE, GROUP BY, HAVING, ORDER BY, LIMIT and OFFSET (at most 2,000). The documented
 * rules between clauses are checked in query-rules.ts; valid SOQL outside the subset answers the
 * emulator's unsupported-feature error.
 */
import { ApiError } from '../api-error.js';
import { type FieldPath, type OrderItem, type SelectItem, type SoqlQuery } from './ast.js';
import {
  aggregateName,
  ConditionParser,
  parseAggregateArgument,
  parseFieldPath,
} from './condition-parser.js';
import { unsupportedSoql } from './errors.js';
import { TokenStream } from './token-stream.js';
import { tokenize } from './tokenizer.js';
import { validateQuery } from './query-rules.js';

/** "The maximum offset is 2,000 rows" (SOQL and SOSL Reference, "OFFSET"). */
export const MAX_OFFSET = 2000;

/** Keywords after the FROM object; any other identifier there is FROM alias notation. */
const CLAUSE_KEYWORDS = [
  'FROM',
  'SELECT',
  'WHERE',
  'WITH',
  'GROUP',
  'HAVING',
  'ORDER',
  'LIMIT',
  'OFFSET',
  'FOR',
  'UPDATE',
  'USING',
];

class Parser {
  constructor(private readonly stream: TokenStream) {}

  parseQuery(nested: boolean): SoqlQuery {
    const stream = this.stream;
    stream.expectKeyword('SELECT');
    const select = this.parseSelectList(nested);
    stream.expectKeyword('FROM');
    const from = stream.identifier();
    const query: SoqlQuery = { select, from, groupBy: [], orderBy: [] };
    if (stream.peek().kind === 'identifier' && !stream.isKeyword(...CLAUSE_KEYWORDS)) {
      throw unsupportedSoql(`Alias notation in FROM ('${from} ${stream.peek().text}')`);
    }
    if (stream.isKeyword('USING')) throw unsupportedSoql('USING SCOPE');
    if (stream.isKeyword('WHERE')) {
      stream.next();
      query.where = new ConditionParser(stream, 'WHERE').parse();
    }
    if (stream.isKeyword('WITH')) {
      throw unsupportedSoql('WITH clauses (SECURITY_ENFORCED, USER_MODE, DATA CATEGORY)');
    }
    if (stream.isKeyword('GROUP')) {
      stream.next();
      stream.expectKeyword('BY');
      query.groupBy = this.parseGroupBy();
    }
    if (stream.isKeyword('HAVING')) {
      stream.next();
      query.having = new ConditionParser(stream, 'HAVING').parse();
    }
    if (stream.isKeyword('ORDER')) {
      stream.next();
      stream.expectKeyword('BY');
      query.orderBy = this.parseOrderBy();
    }
    if (stream.isKeyword('LIMIT')) {
      stream.next();
      query.limit = stream.nonNegativeInteger();
    }
    if (stream.isKeyword('OFFSET')) {
      stream.next();
      query.offset = this.parseOffset();
    }
    if (stream.isKeyword('FOR', 'UPDATE')) {
      throw unsupportedSoql(
        `${stream.peek().text.toUpperCase()} clauses (FOR VIEW, FOR UPDATE, UPDATE TRACKING)`,
      );
    }
    const atQueryEnd = nested ? stream.isPunctuation(')') : stream.atEnd();
    if (!atQueryEnd) {
      throw stream.unexpected(nested ? "expecting ')'" : 'expecting end of query');
    }
    validateQuery(query, nested);
    return query;
  }

  private parseOffset(): number {
    const offset = this.stream.nonNegativeInteger();
    if (offset > MAX_OFFSET) {
      // Code documented in the SOQL reference; the message is the platform's wording (our reading).
      throw new ApiError(
        400,
        'NUMBER_OUTSIDE_VALID_RANGE',
        `Maximum SOQL offset allowed is ${MAX_OFFSET}`,
      );
    }
    return offset;
  }

  private parseSelectList(nested: boolean): SelectItem[] {
    const items: SelectItem[] = [];
    do {
      if (items.length > 0) this.stream.next();
      items.push(this.parseSelectItem(nested));
    } while (this.stream.isPunctuation(','));
    return items;
  }

  private parseSelectItem(nested: boolean): SelectItem {
    const stream = this.stream;
    if (stream.isPunctuation('(')) {
      if (nested) throw unsupportedSoql('Parent-to-child subqueries nested in a subquery');
      stream.next();
      const query = this.parseQuery(true);
      stream.expectPunctuation(')');
      return { kind: 'subquery', query };
    }
    if (stream.isKeyword('FROM')) throw stream.unexpected('expecting a field name');
    if (stream.isKeyword('TYPEOF')) throw unsupportedSoql('TYPEOF (polymorphic relationships)');
    if (stream.isCall()) return this.parseSelectCall();
    const item: SelectItem = { kind: 'field', path: parseFieldPath(stream) };
    const alias = this.parseAlias();
    if (alias !== undefined) item.alias = alias;
    return item;
  }

  private parseSelectCall(): SelectItem {
    const stream = this.stream;
    const name = stream.next().text;
    const upper = name.toUpperCase();
    if (upper === 'COUNT' && stream.isPunctuation(')', 1)) {
      stream.expectPunctuation('(');
      stream.expectPunctuation(')');
      return { kind: 'count' };
    }
    const fn = aggregateName(name);
    if (!fn) {
      throw unsupportedSoql(upper === 'FIELDS' ? 'FIELDS()' : `The function ${upper}() in SELECT`);
    }
    const item: SelectItem = { kind: 'aggregate', fn, path: parseAggregateArgument(stream, fn) };
    const alias = this.parseAlias();
    if (alias !== undefined) item.alias = alias;
    return item;
  }

  /** After a select item only `,` or FROM may follow, so any other identifier is an alias. */
  private parseAlias(): string | undefined {
    const token = this.stream.peek();
    if (token.kind !== 'identifier' || this.stream.isKeyword('FROM')) return undefined;
    if (token.text.includes('.')) throw this.stream.unexpected("expecting ',' or 'FROM'");
    return this.stream.next().text;
  }

  private parseGroupBy(): FieldPath[] {
    const stream = this.stream;
    if (stream.isKeyword('ROLLUP', 'CUBE') && stream.isPunctuation('(', 1)) {
      throw unsupportedSoql(`GROUP BY ${stream.peek().text.toUpperCase()}()`);
    }
    const paths: FieldPath[] = [];
    do {
      if (paths.length > 0) stream.next();
      if (stream.isCall()) {
        throw unsupportedSoql(`The function ${stream.peek().text.toUpperCase()}() in GROUP BY`);
      }
      paths.push(parseFieldPath(stream));
    } while (stream.isPunctuation(','));
    return paths;
  }

  private parseOrderBy(): OrderItem[] {
    const stream = this.stream;
    const items: OrderItem[] = [];
    do {
      if (items.length > 0) stream.next();
      const item: OrderItem = { path: [], descending: false, nullsLast: false };
      if (stream.isCall()) {
        const name = stream.next().text;
        const fn = aggregateName(name);
        if (!fn) throw unsupportedSoql(`The function ${name.toUpperCase()}() in ORDER BY`);
        item.aggregate = fn;
        item.path = parseAggregateArgument(stream, fn);
      } else {
        item.path = parseFieldPath(stream);
      }
      if (stream.isKeyword('ASC', 'DESC')) {
        item.descending = stream.next().text.toUpperCase() === 'DESC';
      }
      // Default null ordering: NULLS FIRST ascending, NULLS LAST descending (SOQL ORDER BY docs).
      item.nullsLast = item.descending;
      if (stream.isKeyword('NULLS')) {
        stream.next();
        if (!stream.isKeyword('FIRST', 'LAST'))
          throw stream.unexpected("expecting 'FIRST' or 'LAST'");
        item.nullsLast = stream.next().text.toUpperCase() === 'LAST';
      }
      items.push(item);
    } while (stream.isPunctuation(','));
    return items;
  }
}

export function parseSoql(source: string): SoqlQuery {
  return new Parser(new TokenStream(tokenize(source))).parseQuery(false);
}
