import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  folderOf,
  importsOf,
  sourceFiles,
  sourceFromText,
  stringsOf,
  type SourceFile,
} from './support/source-files.js';

/**
 * The layout of connector/src (issue #16), checked so it stays as designed: which folder may
 * depend on which, where queries live, and how big a file may grow. mapping/'s purity has its
 * own test (test/mapping/purity.test.ts).
 */
const files = sourceFiles();

/** Every import (type-only too: a type is a dependency) from `from` folders into `to` folders. */
function crossings(from: readonly string[], to: readonly string[]): string[] {
  return files
    .filter((file) => from.includes(folderOf(file.path)))
    .flatMap((file) =>
      importsOf(file)
        .filter((found) => found.target !== undefined && to.includes(folderOf(found.target)))
        .map((found) => `${file.path}:${found.line} imports '${found.specifier}'`),
    );
}

/** `SELECT …  FROM`: a SOQL query (or the start of one) in a string. */
const QUERY = /\bSELECT\s[\s\S]*\bFROM\b/;

/**
 * Folders whose strings may hold queries: salesforce/ owns every SOQL string and its escaping;
 * store/ holds the SQL of the connector's own SQLite database, which is not SOQL.
 */
const QUERY_FOLDERS = new Set(['salesforce', 'store']);

function queriesOutsideSalesforce(file: SourceFile): string[] {
  if (QUERY_FOLDERS.has(folderOf(file.path))) return [];
  const lines = new Set(
    stringsOf(file)
      .filter((found) => QUERY.test(found.text))
      .map((found) => found.line),
  );
  return [...lines].map((line) => `${file.path}:${line}`);
}

const MAX_LINES = 300;

describe('connector/src architecture', () => {
  it('finds the source files', () => {
    expect(files.length).toBeGreaterThan(50);
  });

  it('keeps SOQL in salesforce/', () => {
    expect(files.flatMap(queriesOutsideSalesforce)).toEqual([]);
  });

  it('sees a query however its string is built', () => {
    const file = sourceFromText(
      'engine/example.ts',
      [
        "const a = 'SELECT Id FROM Contact';",
        'const b = `SELECT ${fields} FROM ${object}`;',
        "const c = 'SELECT Id, Name ' +",
        "  'FROM Account';",
        "const d = 'SELECT ' + fields.join(', ') + ' FROM Lead';",
        "const e = log('select the rows from the feed');",
        "const f = 'SELECT an option';",
      ].join('\n'),
    );
    expect(queriesOutsideSalesforce(file)).toEqual([
      'engine/example.ts:1',
      'engine/example.ts:2',
      'engine/example.ts:3',
      'engine/example.ts:5',
    ]);
  });

  it('keeps observability/ free of app/', () => {
    expect(crossings(['observability'], ['app'])).toEqual([]);
  });

  it('keeps the two pipelines apart', () => {
    expect(crossings(['salesforce-to-wordpress'], ['wordpress-to-salesforce'])).toEqual([]);
    expect(crossings(['wordpress-to-salesforce'], ['salesforce-to-wordpress'])).toEqual([]);
  });

  it('keeps engine/ below both pipelines', () => {
    expect(crossings(['engine'], ['salesforce-to-wordpress', 'wordpress-to-salesforce'])).toEqual(
      [],
    );
  });

  it(`keeps every file within ${MAX_LINES} lines`, () => {
    const long = files
      .map((file) => ({ path: file.path, lines: file.text.split('\n').length - 1 }))
      .filter((file) => file.lines > MAX_LINES)
      .map((file) => `${file.path}: ${file.lines} lines`);
    expect(long).toEqual([]);
  });

  it('has a test folder for every source folder', () => {
    const folders = (dir: string): string[] =>
      readdirSync(new URL(dir, import.meta.url), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name);
    const tested = new Set(folders('./'));
    expect(folders('../src/').filter((folder) => !tested.has(folder))).toEqual([]);
  });
});
