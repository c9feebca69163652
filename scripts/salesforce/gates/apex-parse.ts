import { readFile } from 'node:fs/promises';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import { isApexSource, packageFiles, relativeTo } from '../project.js';
import { timed, type GateContext, type GateIssue, type GateResult } from '../types.js';

class CollectingListener extends ApexErrorListener {
  readonly errors: { line: number; column: number; message: string }[] = [];
  apexSyntaxError(line: number, column: number, message: string): void {
    this.errors.push({ line, column, message });
  }
}

/** Syntax errors of one Apex class or trigger source. */
export function parseApex(source: string, isTrigger: boolean): CollectingListener['errors'] {
  const listener = new CollectingListener();
  const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
  if (isTrigger) {
    parser.triggerUnit();
  } else {
    parser.compilationUnit();
  }
  return listener.errors;
}

/** Gate: every .cls and .trigger parses with @apexdevtools/apex-parser. */
export function apexParseGate({ projectDir }: GateContext): Promise<GateResult> {
  return timed('apex-parse', async () => {
    const files = (await packageFiles(projectDir)).filter(isApexSource);
    const rel = relativeTo(projectDir);
    const issues: GateIssue[] = [];
    for (const file of files) {
      const errors = parseApex(await readFile(file, 'utf8'), file.endsWith('.trigger'));
      for (const error of errors) {
        issues.push({ file: rel(file), line: error.line, rule: 'syntax', message: error.message });
      }
    }
    return { issues, summary: `${files.length} Apex files` };
  });
}
