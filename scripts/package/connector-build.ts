/**
 * Compiles connector/src to connector/dist (ESM JavaScript with source maps) and copies the files
 * tsc does not emit (the SQL migrations), so connector/ can be packed as the `sfwp` npm package.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const CONNECTOR_DIR = fileURLToPath(new URL('../../connector/', import.meta.url));
const DIST_DIR = `${CONNECTOR_DIR}dist`;
const TSC = fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url));

/** Rebuilds connector/dist from scratch; returns the path of the `sfwp` entry point. */
export function buildConnector(): string {
  rmSync(DIST_DIR, { recursive: true, force: true });
  execFileSync(process.execPath, [TSC, '-p', `${CONNECTOR_DIR}tsconfig.build.json`], {
    stdio: 'inherit',
  });
  cpSync(`${CONNECTOR_DIR}src/store/migrations`, `${DIST_DIR}/store/migrations`, {
    recursive: true,
  });
  const entry = `${DIST_DIR}/cli/main.js`;
  chmodSync(entry, 0o755);
  return entry;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(`Built ${buildConnector()}`);
}
