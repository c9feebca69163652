/**
 * Runs every shared rules vector (test/vectors/*.json, also run by the Apex tests) through the
 * emulator's rule engine: mappings as written in the vector, records as given, the running
 * user's permissions, and the org schema read from force-app.
 */
import { describe, expect, it } from 'vitest';
import { loadVectorFiles, type VectorCase, type VectorRecord } from '../../vectors/vectors.js';
import { DEFAULT_PACKAGE_DIR } from '../index.js';
import { INTEGRATION_PERMISSION } from '../org-config.js';
import { loadOrgSchema, type OrgSchema } from '../schema/org-schema.js';
import type { Row } from '../store/record-store.js';
import { syncEventsFor } from './sync-event-rules.js';
import { buildSyncMappings } from './sync-mappings.js';

const schema = loadOrgSchema(DEFAULT_PACKAGE_DIR);
const vectorFiles = await loadVectorFiles();

/** Field names as the org stores them (canonical API names); unknown names stay as written. */
function canonicalRecord(
  objectName: string,
  record: VectorRecord | null,
  orgSchema: OrgSchema,
): Row | undefined {
  if (record === null) return undefined;
  return Object.fromEntries(
    Object.entries(record).map(([name, value]) => [
      orgSchema.getField(objectName, name)?.name ?? name,
      value,
    ]),
  );
}

function eventsFor(vector: (typeof vectorFiles)[number]['vector'], testCase: VectorCase) {
  const mappings = buildSyncMappings(vector.objectMappings, vector.fieldMappings, schema);
  const objectName = schema.getObject(testCase.object)?.name ?? testCase.object;
  const events = syncEventsFor(
    mappings,
    objectName,
    {
      operation: testCase.operation,
      before: canonicalRecord(objectName, testCase.before, schema),
      after: canonicalRecord(objectName, testCase.after, schema),
      now: new Date(testCase.now),
    },
    testCase.runningUser.customPermissions.includes(INTEGRATION_PERMISSION),
  );
  return events.map((event) => ({ ...event, Payload__c: JSON.parse(event.Payload__c) as unknown }));
}

describe('shared rules vectors', () => {
  it('finds vector files with cases', () => {
    expect(vectorFiles.length).toBeGreaterThan(0);
    expect(vectorFiles.every(({ vector }) => vector.cases.length > 0)).toBe(true);
  });

  for (const { file, vector } of vectorFiles) {
    describe(file, () => {
      it.each(vector.cases.map((testCase) => [testCase.name, testCase] as const))(
        '%s',
        (_name, testCase) => {
          expect(eventsFor(vector, testCase)).toEqual(testCase.expected);
        },
      );
    });
  }
});
