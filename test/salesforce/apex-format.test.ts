import { afterEach, describe, expect, it } from 'vitest';
import { apexFormatGate } from '../../scripts/salesforce/gates/apex-format.js';
import { materialize, type MaterializedProject } from './fixtures.js';

describe('apex-format gate', () => {
  let project: MaterializedProject | undefined;
  afterEach(async () => {
    await project?.remove();
    project = undefined;
  });

  it('passes Apex formatted with the repository settings, even outside the repository', async () => {
    project = await materialize('minimal');
    const result = await apexFormatGate({ projectDir: project.dir });
    expect(result.issues).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it('fails on unformatted Apex', async () => {
    project = await materialize('minimal', 'unformatted');
    const result = await apexFormatGate({ projectDir: project.dir });
    expect(result.ok).toBe(false);
    expect(result.issues).toEqual([
      {
        file: 'force-app/main/default/classes/Broken.cls',
        rule: 'prettier',
        message: 'not formatted (run prettier --write)',
      },
    ]);
  });

  it('fails on Apex prettier cannot parse', async () => {
    project = await materialize('minimal', 'unparseable');
    const result = await apexFormatGate({ projectDir: project.dir });
    expect(result.ok).toBe(false);
    expect(result.issues[0]?.message).toMatch(/^cannot format: /);
  });
});
