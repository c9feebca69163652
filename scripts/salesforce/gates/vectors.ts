import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import {
  expectedEvents,
  loadVectorFiles,
  toId18,
  VECTORS_DIR,
  type SchemaLookup,
} from '../../../test/vectors/vectors.js';
import {
  findField,
  findObject,
  loadProject,
  type ProjectModel,
} from '../metadata/project-model.js';
import { BUNDLE_RELATIVE_PATH, renderVectorBundle } from '../vectors-bundle.js';
import { timed, type GateIssue, type GateResult } from '../types.js';

/** Key prefixes of the standard objects vectors may use. */
const KEY_PREFIXES: Record<string, string> = {
  Account: '001',
  Contact: '003',
  Lead: '00Q',
  User: '005',
};

export interface VectorsGateContext {
  projectDir: string;
  /** Folder of the vector files; test/vectors by default. */
  vectorsDir?: string;
}

export function schemaLookup(model: ProjectModel): SchemaLookup {
  return {
    objectName: (name) => findObject(model, name)?.name,
    fieldName: (objectName, field) => findField(findObject(model, objectName), field)?.name,
  };
}

/**
 * Gate: the shared rules vectors are valid, agree with the reference implementation of the rules against the
 * package's schema, use well-formed ids, and the static resource the Apex tests read is up to date.
 */
export function vectorsGate({
  projectDir,
  vectorsDir = VECTORS_DIR,
}: VectorsGateContext): Promise<GateResult> {
  return timed('vectors', async () => {
    const issues: GateIssue[] = [];
    const files = await loadVectorFiles(vectorsDir);
    const model = await loadProject(projectDir);
    const schema = schemaLookup(model);
    const where = (file: string): string =>
      path.relative(projectDir, path.join(vectorsDir, file)).split(path.sep).join('/');
    let cases = 0;
    for (const { file, vector } of files) {
      for (const field of vector.fieldMappings) {
        if (
          !vector.objectMappings.some(
            (mapping) => mapping.DeveloperName === field.Object_Mapping__c,
          )
        ) {
          issues.push({
            file: where(file),
            rule: 'vector-mapping',
            message: `${field.DeveloperName}: no object mapping ${field.Object_Mapping__c}`,
          });
        }
      }
      for (const testCase of vector.cases) {
        cases++;
        const objectName = schema.objectName(testCase.object);
        const prefix = objectName === undefined ? undefined : KEY_PREFIXES[objectName];
        for (const record of [testCase.before, testCase.after]) {
          const id = record === null ? undefined : String(record.Id);
          if (
            id !== undefined &&
            (id.length !== 18 ||
              toId18(id.slice(0, 15)) !== id ||
              (prefix !== undefined && !id.startsWith(prefix)))
          ) {
            issues.push({
              file: where(file),
              rule: 'vector-id',
              message: `${testCase.name}: ${id} is not an 18-character ${testCase.object} id`,
            });
          }
        }
        const actual = expectedEvents(vector, testCase, schema);
        if (!isDeepStrictEqual(actual, testCase.expected)) {
          issues.push({
            file: where(file),
            rule: 'vector-expected',
            message: `${testCase.name}: the reference rules give ${JSON.stringify(actual)}`,
          });
        }
      }
    }
    const bundlePath = path.join(projectDir, BUNDLE_RELATIVE_PATH);
    const current = await readFile(bundlePath, 'utf8').catch(() => undefined);
    if (current !== (await renderVectorBundle(vectorsDir))) {
      issues.push({
        file: BUNDLE_RELATIVE_PATH,
        rule: 'vector-bundle',
        message: 'out of date with test/vectors: run npx tsx scripts/salesforce/build-vectors.ts',
      });
    }
    return { issues, summary: `${files.length} files, ${cases} cases` };
  });
}
