import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterEach, describe, expect, it } from 'vitest';
import { lwcLintGate } from '../../scripts/salesforce/gates/lwc-lint.js';
import { FIXTURES, materialize, REPO_ROOT, type MaterializedProject } from './fixtures.js';

const BROKEN_WIDGET = 'force-app/main/default/lwc/brokenWidget/brokenWidget.js';

/** One rule per line of the fixture: what Salesforce's LWC platform lint must report. */
const EXPECTED_RULES = [
  [9, '@lwc/lwc/no-unknown-wire-adapters'],
  [13, '@lwc/lwc/no-api-reassignments'],
  [14, '@lwc/lwc/no-async-operation'],
  [15, '@lwc/lwc/no-document-query'],
  [19, '@lwc/lwc/no-inner-html'],
  [23, '@salesforce/lightning/valid-apex-method-invocation'],
] as const;

describe('lwc-lint gate (@salesforce/eslint-config-lwc recommended)', () => {
  let project: MaterializedProject | undefined;
  afterEach(async () => {
    await project?.remove();
    project = undefined;
  });

  it('passes the real package', { timeout: 180_000 }, async () => {
    const result = await lwcLintGate({ projectDir: REPO_ROOT });
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.summary).toMatch(/^\d+ LWC files$/);
  });

  it(
    'fails on LWC platform violations, one rule per broken line',
    { timeout: 180_000 },
    async () => {
      project = await materialize('minimal', 'lwc-violation');
      const result = await lwcLintGate({ projectDir: project.dir });
      expect(result.ok).toBe(false);
      expect(result.issues.map((issue) => [issue.line, issue.rule])).toEqual(EXPECTED_RULES);
      expect(result.issues.every((issue) => issue.file === BROKEN_WIDGET)).toBe(true);
    },
  );

  it(
    'is wired into eslint.config.js, so npm run lint reports the same',
    { timeout: 180_000 },
    async () => {
      const source = await readFile(
        path.join(FIXTURES, 'broken/lwc-violation', `${BROKEN_WIDGET}.fixture`),
        'utf8',
      );
      const eslint = new ESLint({ cwd: REPO_ROOT });
      const [result] = await eslint.lintText(source, {
        filePath: path.join(REPO_ROOT, BROKEN_WIDGET),
      });
      const reported = (result?.messages ?? []).map((message) => [message.line, message.ruleId]);
      expect(reported).toEqual(expect.arrayContaining(EXPECTED_RULES.map((entry) => [...entry])));
    },
  );
});
