import {
  checkApexMetaFiles,
  checkCustomMetadataRecords,
  checkPermissionSets,
  checkSoqlCustomFields,
  checkStaticResources,
  checkXmlDocuments,
} from '../metadata/checks.js';
import { checkExternalClientApps } from '../metadata/external-client-app-checks.js';
import { checkMappings } from '../metadata/mapping-checks.js';
import { checkPackageVersion } from '../metadata/package-version-checks.js';
import { loadProject } from '../metadata/project-model.js';
import { timed, type GateContext, type GateResult } from '../types.js';

/**
 * Gate: metadata sanity that `sf project convert source` does not check (toolchain.md: convert accepts
 * unclosed XML, bogus field types, CMDT records naming missing fields, and drops classes without -meta.xml).
 */
export function metadataGate({ projectDir }: GateContext): Promise<GateResult> {
  return timed('metadata', async () => {
    const model = await loadProject(projectDir);
    const issues = [
      ...checkXmlDocuments(model),
      ...checkApexMetaFiles(model),
      ...checkCustomMetadataRecords(model),
      ...checkMappings(model),
      ...checkPermissionSets(model),
      ...checkStaticResources(model),
      ...checkSoqlCustomFields(model),
      ...checkExternalClientApps(model),
      ...(await checkPackageVersion(model)),
    ];
    return {
      issues,
      summary: `${model.files.length} files, ${model.records.length} custom metadata records`,
    };
  });
}
