/** A cursor over SOQL tokens with the keyword and punctuation checks the parsers share. */
import { malformed } from './errors.js';
import type { Token } from './tokenizer.js';

export class TokenStream {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  peek(ahead = 0): Token {
    return this.tokens[this.index + ahead] ?? { kind: 'end', text: '', position: -1 };
  }

  next(): Token {
    const token = this.peek();
    this.index += 1;
    return token;
  }

  atEnd(): boolean {
    return this.peek().kind === 'end';
  }

  isKeyword(...words: string[]): boolean {
    const token = this.peek();
    return token.kind === 'identifier' && words.includes(token.text.toUpperCase());
  }

  /** An identifier directly followed by `(`: a function call such as `COUNT(Id)`. */
  isCall(): boolean {
    return this.peek().kind === 'identifier' && this.isPunctuation('(', 1);
  }

  isPunctuation(text: string, ahead = 0): boolean {
    const token = this.peek(ahead);
    return token.kind === 'punctuation' && token.text === text;
  }

  expectKeyword(word: string): void {
    if (!this.isKeyword(word)) throw this.unexpected(`expecting '${word}'`);
    this.next();
  }

  expectPunctuation(text: string): void {
    const token = this.next();
    if (token.kind !== 'punctuation' || token.text !== text) {
      throw malformed(
        token.kind === 'end'
          ? `unexpected end of query, expecting '${text}'`
          : `unexpected token: '${token.text}', expecting '${text}'`,
      );
    }
  }

  identifier(): string {
    if (this.peek().kind !== 'identifier') throw this.unexpected('expecting an identifier');
    return this.next().text;
  }

  nonNegativeInteger(): number {
    const token = this.next();
    if (token.kind !== 'number' || !/^\d+$/.test(token.text)) {
      throw malformed(`unexpected token: '${token.text}', expecting a non-negative integer`);
    }
    return Number(token.text);
  }

  unexpected(detail: string): Error {
    const token = this.peek();
    return malformed(
      token.kind === 'end'
        ? `unexpected end of query, ${detail}`
        : `unexpected token: '${token.text}', ${detail}`,
    );
  }
}
