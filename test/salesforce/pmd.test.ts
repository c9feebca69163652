import { afterEach, describe, expect, it } from 'vitest';
import { pmdGate } from '../../scripts/salesforce/gates/pmd.js';
import { materialize, type MaterializedProject } from './fixtures.js';

describe('pmd gate (pmd:Recommended)', () => {
  let project: MaterializedProject | undefined;
  afterEach(async () => {
    await project?.remove();
    project = undefined;
  });

  it('passes PMD-clean Apex', { timeout: 90_000 }, async () => {
    project = await materialize('minimal');
    const result = await pmdGate({ projectDir: project.dir });
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.summary).toMatch(/^1 Apex files, \d+ rules$/);
  });

  it('fails on PMD violations and names the rules', { timeout: 90_000 }, async () => {
    project = await materialize('minimal', 'pmd-violation');
    const result = await pmdGate({ projectDir: project.dir });
    expect(result.ok).toBe(false);
    expect(
      result.issues.every((issue) => issue.file === 'force-app/main/default/classes/Broken.cls'),
    ).toBe(true);
    expect(result.issues.map((issue) => issue.rule)).toEqual(
      expect.arrayContaining([
        'pmd:OperationWithLimitsInLoop',
        'pmd:ExcessiveParameterList',
        'pmd:EmptyCatchBlock',
      ]),
    );
  });
});
