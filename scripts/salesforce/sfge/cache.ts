import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SfgeRun } from './run-sfge.js';

const CACHE_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../node_modules/.cache/sfwp-sfge',
);

/**
 * Graph Engine takes minutes, and `npm test` asks for its verdict twice on the same bytes (the gate in
 * `check:salesforce`, then the gate's vitest test). A finished run is kept under the hash of everything it
 * depends on — every file SFGE reads (path and content), the engine's version and settings — so the second
 * ask reuses it; any change to any of those runs SFGE again. Incomplete runs (timeouts) are never kept.
 * `SFWP_SFGE_CACHE=off` makes the gate run SFGE regardless (the broken-fixture test does).
 */
export function cacheKey(parts: {
  engine: string;
  settings: unknown;
  files: [string, string][];
}): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ engine: parts.engine, settings: parts.settings }));
  for (const [file, content] of [...parts.files].sort(([a], [b]) => a.localeCompare(b))) {
    hash.update(`\0${file}\0${content}`);
  }
  return hash.digest('hex');
}

export async function readCached(key: string): Promise<SfgeRun | undefined> {
  try {
    return JSON.parse(await readFile(path.join(CACHE_DIR, `${key}.json`), 'utf8')) as SfgeRun;
  } catch {
    return undefined;
  }
}

export async function writeCached(key: string, run: SfgeRun): Promise<void> {
  if (run.incomplete) return;
  await mkdir(CACHE_DIR, { recursive: true });
  await writeFile(path.join(CACHE_DIR, `${key}.json`), JSON.stringify(run));
}
