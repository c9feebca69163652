import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { loadVectorFiles, VECTORS_DIR } from '../../test/vectors/vectors.js';

/** Static resource the Apex tests read the vectors from (WPSyncRulesVectors_Tests). */
export const BUNDLE_RELATIVE_PATH = 'force-app/tests/staticresources/WPSyncRulesVectors.json';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The bundle's text for the vectors in `dir`: every file in name order, Prettier-formatted JSON. */
export async function renderVectorBundle(dir: string = VECTORS_DIR): Promise<string> {
  const files = await loadVectorFiles(dir);
  const bundle = {
    generatedBy: 'scripts/salesforce/build-vectors.ts from test/vectors/*.json; do not edit',
    files: files.map(({ file, vector }) => ({ file, vector })),
  };
  return prettier.format(JSON.stringify(bundle), { parser: 'json', printWidth: 100 });
}
