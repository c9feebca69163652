import { afterEach, describe, expect, it } from 'vitest';
import { sfgeGate } from '../../scripts/salesforce/gates/sfge.js';
import { unexplainedSuppressions } from '../../scripts/salesforce/sfge/suppressions.js';
import { materialize, REPO_ROOT, type MaterializedProject } from './fixtures.js';

const LEAKY = 'force-app/main/default/classes/Leaky.cls';

// Graph Engine builds a graph of every Apex file and walks each entry point's paths: minutes, not seconds.
const SFGE_TIMEOUT = 25 * 60_000;

describe('sfge gate (Salesforce Graph Engine)', () => {
  let project: MaterializedProject | undefined;
  afterEach(async () => {
    await project?.remove();
    project = undefined;
  });

  it('passes the real package', { timeout: SFGE_TIMEOUT }, async () => {
    const result = await sfgeGate({ projectDir: REPO_ROOT });
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.summary).toMatch(/^\d+ Apex files, 7 rules/);
  });

  it(
    'fails on FLS, sharing, DML-in-loop and null-pointer paths, and on a suppression without a reason',
    { timeout: SFGE_TIMEOUT },
    async () => {
      project = await materialize('minimal', 'sfge-violation');
      // Graph Engine itself must find these: no verdict kept from an earlier run of the same fixture.
      process.env.SFWP_SFGE_CACHE = 'off';
      const result = await sfgeGate({ projectDir: project.dir }).finally(() => {
        delete process.env.SFWP_SFGE_CACHE;
      });
      expect(result.ok).toBe(false);
      const found = result.issues.map((issue) => `${issue.rule} ${issue.file}:${issue.line}`);
      expect(found).toEqual(
        expect.arrayContaining([
          `sfge-suppression ${LEAKY}:5`,
          `sfge:ApexFlsViolation ${LEAKY}:13`,
          `sfge:ApexFlsViolation ${LEAKY}:15`,
          `sfge:AvoidDatabaseOperationInLoop ${LEAKY}:13`,
          `sfge:AvoidDatabaseOperationInLoop ${LEAKY}:15`,
          `sfge:DatabaseOperationsMustUseWithSharing ${LEAKY}:13`,
          `sfge:ApexNullPointerException ${LEAKY}:26`,
        ]),
      );
      expect(result.issues.filter((issue) => issue.file !== LEAKY)).toEqual([]);
    },
  );
});

describe('Graph Engine suppressions need a written reason', () => {
  it('accepts a marker followed by its reason', () => {
    const source = [
      '// code-analyzer-suppress(sfge:ApexFlsViolation) runs in system mode on purpose: the trigger user',
      '/* sfge-disable-next-line ApexFlsViolation the integration user holds every field it reads */',
    ].join('\n');
    expect(unexplainedSuppressions('A.cls', source)).toEqual([]);
  });

  it('refuses bare markers that silence sfge, ignores markers for other engines', () => {
    const source = [
      '// code-analyzer-suppress(sfge:ApexFlsViolation)',
      '// code-analyzer-suppress',
      '/* sfge-disable-stack ApexFlsViolation */',
      '// code-analyzer-suppress(pmd:ApexDoc)',
    ].join('\n');
    expect(unexplainedSuppressions('A.cls', source).map((issue) => issue.line)).toEqual([1, 2, 3]);
  });
});
