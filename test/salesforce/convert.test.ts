import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { convertGate } from '../../scripts/salesforce/gates/convert.js';
import { materialize, type MaterializedProject } from './fixtures.js';

describe('convert gate (sf project convert source)', () => {
  let project: MaterializedProject | undefined;
  afterEach(async () => {
    await project?.remove();
    project = undefined;
  });

  it('passes the real package with every component converted', { timeout: 60_000 }, async () => {
    project = await materialize('package');
    const result = await convertGate({ projectDir: project.dir });
    expect(result.issues).toEqual([]);
    expect(result.summary).toMatch(/^\d+ components converted$/);
  });

  it('fails when sf cannot convert the source', { timeout: 60_000 }, async () => {
    project = await materialize('package', 'unknown-type');
    const result = await convertGate({ projectDir: project.dir });
    expect(result.ok).toBe(false);
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]?.message).toMatch(
      /^sf project convert source failed \(exit 1\): Unexpected child metadata/,
    );
  });

  it(
    'fails when convert silently drops a class without its -meta.xml',
    { timeout: 60_000 },
    async () => {
      project = await materialize('package');
      await rm(path.join(project.dir, 'force-app/main/default/classes/WPSyncChange.cls-meta.xml'));
      const result = await convertGate({ projectDir: project.dir });
      expect(result.issues).toEqual([
        {
          file: 'force-app/main/default/classes/WPSyncChange.cls',
          rule: 'sf-convert',
          message: 'missing from the converted package (expected classes/WPSyncChange.cls)',
        },
      ]);
    },
  );
});
