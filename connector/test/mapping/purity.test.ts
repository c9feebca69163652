import { describe, expect, it } from 'vitest';
import {
  importsOf,
  sourceFiles,
  sourceFromText,
  type SourceFile,
} from '../support/source-files.js';

/**
 * mapping/ is pure: what it computes depends on its arguments alone, so it is tested without
 * a database, a network or a WordPress, and any part of the connector may call it. It may
 * import other mapping files, types from wordpress/types.ts (the shapes it maps to), and
 * libraries that do no I/O.
 */
const PURE_LIBRARIES = new Set(['node:crypto']);

/** Named in the failure so the reason is plain; anything outside PURE_LIBRARIES fails anyway. */
const IO_LIBRARIES = [
  'node:fs',
  'node:fs/promises',
  'node:net',
  'node:http',
  'node:https',
  'node:http2',
  'node:tls',
  'node:dns',
  'node:child_process',
  'node:worker_threads',
  'pg',
  'better-sqlite3',
  'jsforce',
  'wpapi',
  'undici',
];

const WORDPRESS_TYPES = 'wordpress/types.js';

function impurities(file: SourceFile): string[] {
  return importsOf(file).flatMap((found) => {
    const where = `${file.path}:${found.line} imports '${found.specifier}'`;
    if (found.target !== undefined) {
      if (found.target.startsWith('mapping/')) return [];
      if (found.target === WORDPRESS_TYPES) {
        return found.typeOnly ? [] : [`${where} for values (import types only)`];
      }
      return [`${where}, outside mapping/`];
    }
    const bare = found.specifier;
    if (PURE_LIBRARIES.has(bare)) return [];
    const io = IO_LIBRARIES.some(
      (library) => bare === library || bare === library.replace(/^node:/, ''),
    );
    return [
      io
        ? `${where}, which does I/O`
        : `${where}, not a known pure library (add it to PURE_LIBRARIES if it does no I/O)`,
    ];
  });
}

describe('mapping/ purity', () => {
  it('imports only mapping files, wordpress/types.ts types and pure libraries', () => {
    const files = sourceFiles('mapping');
    expect(files.length).toBeGreaterThan(5);
    expect(files.flatMap(impurities)).toEqual([]);
  });

  it('would catch every way of reaching I/O', () => {
    const file = sourceFromText(
      'mapping/example.ts',
      [
        "import type { SyncState } from '../store/state-store.js';",
        "import { USER_TYPE } from '../wordpress/types.js';",
        "import { WordPressHttp } from '../wordpress/http.js';",
        "export * from '../app/runtime.js';",
        "import { readFileSync } from 'node:fs';",
        "import Database from 'better-sqlite3';",
        "import 'some-library';",
        "const http = await import('http');",
        "const pg = require('pg');",
        "type Link = import('../engine/status.js').Status;",
        // Allowed:
        "import type { WordPressObject } from '../wordpress/types.js';",
        "import { type WordPressFields } from '../wordpress/types.js';",
        "import { sameValue } from './content-hash.js';",
        "import { createHash } from 'node:crypto';",
      ].join('\n'),
    );
    expect(
      impurities(file).map((problem) => problem.replace(/^mapping\/example\.ts:/, '')),
    ).toEqual([
      "1 imports '../store/state-store.js', outside mapping/",
      "2 imports '../wordpress/types.js' for values (import types only)",
      "3 imports '../wordpress/http.js', outside mapping/",
      "4 imports '../app/runtime.js', outside mapping/",
      "5 imports 'node:fs', which does I/O",
      "6 imports 'better-sqlite3', which does I/O",
      "7 imports 'some-library', not a known pure library (add it to PURE_LIBRARIES if it does no I/O)",
      "8 imports 'http', which does I/O",
      "9 imports 'pg', which does I/O",
      "10 imports '../engine/status.js', outside mapping/",
    ]);
  });
});
