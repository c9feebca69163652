/**
 * Regenerates the WPSyncRulesVectors static resource from test/vectors/*.json.
 * Run after editing a vector: `npx tsx scripts/salesforce/build-vectors.ts`. The vectors gate fails while the
 * static resource is out of date.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { BUNDLE_RELATIVE_PATH, renderVectorBundle, REPO_ROOT } from './vectors-bundle.js';

const target = path.join(REPO_ROOT, BUNDLE_RELATIVE_PATH);
await writeFile(target, await renderVectorBundle());
console.log(`wrote ${BUNDLE_RELATIVE_PATH}`);
