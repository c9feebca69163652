import { afterEach, describe, expect, it } from 'vitest';
import { apexSemanticGate } from '../../scripts/salesforce/gates/apex-semantic.js';
import { materialize, type MaterializedProject } from './fixtures.js';

describe('apex-semantic gate (apex-ls)', () => {
  let project: MaterializedProject | undefined;
  afterEach(async () => {
    await project?.remove();
    project = undefined;
  });

  it(
    'passes valid Apex that uses a custom field of a standard object',
    { timeout: 60_000 },
    async () => {
      project = await materialize('minimal');
      const result = await apexSemanticGate({ projectDir: project.dir });
      expect(result.issues).toEqual([]);
      expect(result.ok).toBe(true);
    },
  );

  it(
    'fails on a type error and on an unknown Contact field despite the project having Contact fields',
    { timeout: 60_000 },
    async () => {
      project = await materialize('minimal', 'semantic-error');
      const result = await apexSemanticGate({ projectDir: project.dir });
      expect(result.ok).toBe(false);
      const messages = result.issues.map((issue) => `${String(issue.line)} ${issue.message}`);
      expect(messages).toEqual(
        expect.arrayContaining([
          expect.stringMatching(
            /^12 Unknown field 'No_Such_Field__c' on SObject 'Schema\.Contact'/,
          ),
          expect.stringMatching(/^13 Incompatible types in assignment/),
        ]),
      );
      expect(
        result.issues.every((issue) => issue.file === 'force-app/main/default/classes/Broken.cls'),
      ).toBe(true);
    },
  );
});
