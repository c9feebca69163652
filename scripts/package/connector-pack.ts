/**
 * Builds the connector and packs it with `npm pack` into dist/sfwp-<version>.tgz, after checking
 * that connector/package.json carries the repository's version (one version across the artifacts).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildConnector, CONNECTOR_DIR } from './connector-build.js';

const ROOT_DIR = fileURLToPath(new URL('../../', import.meta.url));
export const PACK_DIR = `${ROOT_DIR}dist`;

function versionOf(packageJson: string): string {
  return (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
}

/** Builds and packs the connector; returns the tarball's path. */
export function packConnector(): string {
  const rootVersion = versionOf(`${ROOT_DIR}package.json`);
  const connectorVersion = versionOf(`${CONNECTOR_DIR}package.json`);
  if (rootVersion !== connectorVersion) {
    throw new Error(
      `connector/package.json has version ${connectorVersion} but package.json has ${rootVersion}; set them equal before packing`,
    );
  }
  buildConnector();
  mkdirSync(PACK_DIR, { recursive: true });
  const output = execFileSync('npm', ['pack', '--json', '--pack-destination', PACK_DIR], {
    cwd: CONNECTOR_DIR,
    encoding: 'utf8',
  });
  const [packed] = JSON.parse(output) as { filename: string }[];
  if (!packed) throw new Error(`npm pack printed no tarball: ${output}`);
  return `${PACK_DIR}/${packed.filename}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(packConnector());
}
