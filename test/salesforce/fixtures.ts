import { cp, mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '../..');
export const FIXTURES = path.join(HERE, 'fixtures');

/**
 * Suffix of Apex fixture files. They are stored as `*.cls.fixture` so `prettier --check .` and other tools do
 * not trip over the deliberately broken ones; materializing a fixture strips the suffix.
 */
const FIXTURE_SUFFIX = '.fixture';

export interface MaterializedProject {
  dir: string;
  remove(): Promise<void>;
}

async function stripFixtureSuffixes(dir: string): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  for (const entry of entries) {
    if (entry.isFile() && entry.name.endsWith(FIXTURE_SUFFIX)) {
      const from = path.join(entry.parentPath, entry.name);
      await rename(from, from.slice(0, -FIXTURE_SUFFIX.length));
    }
  }
}

/**
 * Copies a base project into a temporary directory and lays the given overlays (folders under
 * fixtures/broken) over it. Base `minimal` is fixtures/minimal; base `package` is this repository's real
 * force-app with its sfdx-project.json.
 */
export async function materialize(
  base: 'minimal' | 'package',
  ...overlays: string[]
): Promise<MaterializedProject> {
  const dir = await mkdtemp(path.join(tmpdir(), 'sfwp-fixture-'));
  if (base === 'minimal') {
    await cp(path.join(FIXTURES, 'minimal'), dir, { recursive: true });
  } else {
    await cp(path.join(REPO_ROOT, 'sfdx-project.json'), path.join(dir, 'sfdx-project.json'));
    await cp(path.join(REPO_ROOT, 'force-app'), path.join(dir, 'force-app'), { recursive: true });
  }
  for (const overlay of overlays) {
    await cp(path.join(FIXTURES, 'broken', overlay), dir, { recursive: true });
  }
  await stripFixtureSuffixes(dir);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
