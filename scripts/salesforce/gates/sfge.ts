import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { isApexSource, packageFiles, relativeTo } from '../project.js';
import { cacheKey, readCached, writeCached } from '../sfge/cache.js';
import { runSfge, SFGE_SETTINGS } from '../sfge/run-sfge.js';
import { unexplainedSuppressions } from '../sfge/suppressions.js';
import { timed, type GateContext, type GateResult } from '../types.js';

/** The files Graph Engine reads to build its graph (its own list: Apex, metadata, Visualforce). */
const SFGE_FILE = /(\.cls|\.trigger|-meta\.xml|\.page|\.component)$/i;

function sfgeEngineVersion(): string {
  const require = createRequire(import.meta.url);
  const manifest = require('@salesforce/code-analyzer-sfge-engine/package.json') as {
    version: string;
  };
  return manifest.version;
}

/**
 * Gate: Salesforce Graph Engine (`@salesforce/code-analyzer-sfge-engine` through Code Analyzer core, every
 * `sfge` rule: ApexFlsViolation, ApexNullPointerException, AvoidDatabaseOperationInLoop,
 * DatabaseOperationsMustUseWithSharing, AvoidMultipleMassSchemaLookups, MissingNullCheckOnSoqlVariable,
 * UnimplementedType) reports no violation and finishes every entry point. A violation may be silenced only
 * by a `code-analyzer-suppress(sfge:Rule)` marker (or SFGE's `sfge-disable…`) with a written reason.
 */
export function sfgeGate({ projectDir }: GateContext): Promise<GateResult> {
  return timed('sfge', async () => {
    const files = (await packageFiles(projectDir)).filter((file) => SFGE_FILE.test(file));
    const apexFiles = files.filter(isApexSource);
    if (apexFiles.length === 0) return { issues: [], summary: 'no Apex files' };
    const rel = relativeTo(projectDir);
    const contents = await Promise.all(
      files.map(async (file): Promise<[string, string]> => [
        rel(file),
        await readFile(file, 'utf8'),
      ]),
    );
    const suppressionIssues = contents
      .filter(([file]) => isApexSource(file))
      .flatMap(([file, source]) => unexplainedSuppressions(file, source));
    const key = cacheKey({ engine: sfgeEngineVersion(), settings: SFGE_SETTINGS, files: contents });
    const cached = process.env.SFWP_SFGE_CACHE === 'off' ? undefined : await readCached(key);
    const run = cached ?? (await runSfge(projectDir, files));
    if (cached === undefined) await writeCached(key, run);
    return {
      issues: [...suppressionIssues, ...run.issues],
      summary: `${apexFiles.length} Apex files, ${run.ruleCount} rules${cached === undefined ? '' : ' (unchanged since the last run: its verdict reused)'}`,
    };
  });
}
