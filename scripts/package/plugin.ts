/**
 * Builds the WordPress plugin zip a site owner uploads in wp-admin:
 *
 *   npm run package:plugin   → dist/sfwp-<version>.zip
 */
import { relative } from 'node:path';
import { buildPluginZip, REPOSITORY_DIR } from './plugin-zip.js';

try {
  const built = await buildPluginZip();
  console.log(`Built ${relative(REPOSITORY_DIR, built.file)} (sfwp ${built.version})`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
