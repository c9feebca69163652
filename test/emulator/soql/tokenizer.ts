/** Splits SOQL text into tokens. Keywords are identifiers, told apart by the parser. */
import { malformed } from './errors.js';

export type TokenKind =
  'identifier' | 'string' | 'number' | 'date' | 'datetime' | 'operator' | 'punctuation' | 'end';

export interface Token {
  kind: TokenKind;
  text: string;
  position: number;
}

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})/;
const DATE = /^\d{4}-\d{2}-\d{2}(?![\d:T])/;
const NUMBER = /^-?\d+(\.\d+)?/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/;
const OPERATORS = ['!=', '<>', '<=', '>=', '=', '<', '>'];
const ESCAPES: Readonly<Record<string, string>> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
  _: '\\_',
  '%': '\\%',
};

function readString(source: string, start: number): { value: string; end: number } {
  let value = '';
  let index = start + 1;
  while (index < source.length) {
    const char = source.charAt(index);
    if (char === "'") return { value, end: index + 1 };
    if (char === '\\') {
      const escaped = ESCAPES[source.charAt(index + 1)];
      if (escaped === undefined) throw malformed(`Invalid string literal escape at ${index}`);
      value += escaped;
      index += 2;
      continue;
    }
    value += char;
    index += 1;
  }
  throw malformed('unterminated string literal');
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < source.length) {
    const char = source.charAt(index);
    if (/\s/.test(char)) {
      index += 1;
      continue;
    }
    const rest = source.slice(index);
    if (char === "'") {
      const { value, end } = readString(source, index);
      tokens.push({ kind: 'string', text: value, position: index });
      index = end;
      continue;
    }
    const datetime = DATETIME.exec(rest);
    const date = datetime ? null : DATE.exec(rest);
    const number = (datetime ?? date) ? null : NUMBER.exec(rest);
    const identifier = IDENTIFIER.exec(rest);
    const operator = OPERATORS.find((candidate) => rest.startsWith(candidate));
    const match: [TokenKind, string] | undefined = datetime
      ? ['datetime', datetime[0]]
      : date
        ? ['date', date[0]]
        : number
          ? ['number', number[0]]
          : identifier
            ? ['identifier', identifier[0]]
            : operator !== undefined
              ? ['operator', operator]
              : '(),:'.includes(char)
                ? ['punctuation', char]
                : undefined;
    if (!match) throw malformed(`unexpected character '${char}' at position ${index}`);
    tokens.push({ kind: match[0], text: match[1], position: index });
    index += match[1].length;
  }
  tokens.push({ kind: 'end', text: '', position: source.length });
  return tokens;
}
