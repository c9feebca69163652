import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { checkIntegrationGrants } from '../crosscheck/integration-grants.js';
import { mappingNeeds, sourceNeeds } from '../crosscheck/connector-access.js';
import { checkLayoutBehaviours } from '../crosscheck/layouts.js';
import { checkOffsetPaging } from '../crosscheck/offset-paging.js';
import { checkUserModeTests } from '../crosscheck/user-mode-tests.js';
import { loadProject } from '../metadata/project-model.js';
import { listFiles, relativeTo } from '../project.js';
import { timed, type GateContext, type GateResult } from '../types.js';

/** The connector's Salesforce-facing source, when the project has it (fixtures usually do not). */
async function connectorSalesforceSources(
  projectDir: string,
): Promise<{ file: string; source: string }[]> {
  const rel = relativeTo(projectDir);
  try {
    const files = await listFiles(path.join(projectDir, 'connector/src/salesforce'));
    return await Promise.all(
      files
        .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
        .map(async (file) => ({ file: rel(file), source: await readFile(file, 'utf8') })),
    );
  } catch {
    return [];
  }
}

/**
 * Gate: the cross-checks behind issue 14's defects — layout item behaviour against field requiredness; every
 * object, field, custom metadata type and event channel the connector uses (from its own SOQL and channels
 * and the shipped mappings) granted in WP_Sync_Integration_User; every Apex test reaching USER_MODE code
 * runs as a user holding the permission set it needs; no SOQL OFFSET paging over unbounded data.
 */
export function crossChecksGate({ projectDir }: GateContext): Promise<GateResult> {
  return timed('cross-checks', async () => {
    const model = await loadProject(projectDir);
    const needs = [...(await sourceNeeds(projectDir)), ...mappingNeeds(model)];
    const apex = [...model.classes].map(([file, source]) => ({ file, source }));
    const triggers = model.triggers.map(({ file, source }) => ({ file, source }));
    const issues = [
      ...checkLayoutBehaviours(model),
      ...checkIntegrationGrants(model, needs),
      ...checkUserModeTests(model),
      ...checkOffsetPaging([
        ...apex,
        ...triggers,
        ...(await connectorSalesforceSources(projectDir)),
      ]),
    ];
    return {
      issues,
      summary: `${needs.length} connector accesses, ${apex.length} Apex classes, layouts and SOQL checked`,
    };
  });
}
