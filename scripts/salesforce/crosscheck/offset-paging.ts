import type { GateIssue } from '../types.js';

/** Source without `//` and `/* *\/` comments (same length), strings kept: dynamic SOQL lives in strings. */
function withoutComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, ' '))
    .replace(/\/\/[^\n]*/g, (comment) => ' '.repeat(comment.length));
}

/**
 * No SOQL pages with OFFSET over data that grows: Salesforce caps OFFSET at 2,000 (beyond it the query fails
 * with NUMBER_OUTSIDE_VALID_RANGE), so such paging breaks once enough rows pile up; page by key instead
 * (ORDER BY a unique key, WHERE key > the last one seen). Custom metadata types are bounded by the org's
 * metadata and may be paged with OFFSET. Checks Apex (static and dynamic SOQL) and the connector's source.
 */
export function checkOffsetPaging(sources: { file: string; source: string }[]): GateIssue[] {
  const issues: GateIssue[] = [];
  for (const { file, source } of sources) {
    const code = withoutComments(source);
    const flagged = new Set<number>();
    for (const match of code.matchAll(/(?<![:.\w])OFFSET\b/gi)) {
      const offset = match.index;
      const statementStart = Math.max(
        code.lastIndexOf(';', offset),
        code.lastIndexOf('{', offset),
        0,
      );
      const statement = code.slice(statementStart, offset);
      const object = [...statement.matchAll(/\bSELECT\b[\s\S]*?\bFROM\s+(\w+)/gi)].at(-1)?.[1];
      const line = code.slice(code.lastIndexOf('\n', offset) + 1, offset);
      const inString = [...line.matchAll(/['"`]/g)].length % 2 === 1;
      // In a string, OFFSET is SOQL when a bind, a number or the string's end (a concatenated value) follows.
      const soqlFollows = /^OFFSET\s*(?::|\d|['"`]|\$\{)/i.test(code.slice(offset, offset + 20));
      if (object === undefined && !(inString && soqlFollows)) continue; // prose or an identifier, not SOQL
      if (object?.toLowerCase().endsWith('__mdt') === true || flagged.has(statementStart)) continue;
      flagged.add(statementStart);
      issues.push({
        file,
        line: code.slice(0, offset).split('\n').length,
        rule: 'offset-paging',
        message: `SOQL OFFSET on ${object ?? 'a dynamic query'}: OFFSET stops at 2,000 rows; page by key (ORDER BY the key, WHERE key > the last seen)`,
      });
    }
  }
  return issues;
}
