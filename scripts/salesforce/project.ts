import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

interface SfdxProject {
  packageDirectories: { path: string }[];
  sourceApiVersion?: string;
}

/** Reads sfdx-project.json of a project directory. */
export async function readSfdxProject(projectDir: string): Promise<SfdxProject> {
  const raw = await readFile(path.join(projectDir, 'sfdx-project.json'), 'utf8');
  const parsed = JSON.parse(raw) as Partial<SfdxProject>;
  if (!Array.isArray(parsed.packageDirectories) || parsed.packageDirectories.length === 0) {
    throw new Error(`${projectDir}/sfdx-project.json has no packageDirectories`);
  }
  return {
    packageDirectories: parsed.packageDirectories,
    sourceApiVersion: parsed.sourceApiVersion,
  };
}

/** Every file below `dir` (absolute paths), skipping dot-directories and node_modules. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter(
      (file) =>
        !file.split(path.sep).some((part) => part.startsWith('.') || part === 'node_modules'),
    )
    .sort();
}

/** Every file of every package directory of the project (absolute paths). */
export async function packageFiles(projectDir: string): Promise<string[]> {
  const project = await readSfdxProject(projectDir);
  const lists = await Promise.all(
    project.packageDirectories.map((dir) => listFiles(path.resolve(projectDir, dir.path))),
  );
  return lists.flat();
}

export const isApexSource = (file: string): boolean =>
  file.endsWith('.cls') || file.endsWith('.trigger');

export const relativeTo =
  (projectDir: string) =>
  (file: string): string =>
    path.relative(projectDir, file).split(path.sep).join('/');

/** Environment for child `sf` processes: no update checks, no telemetry. */
export function sfEnvironment(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    SF_AUTOUPDATE_DISABLE: 'true',
    SF_DISABLE_TELEMETRY: 'true',
    SF_SKIP_NEW_VERSION_CHECK: 'true',
    SFDX_DISABLE_TELEMETRY: 'true',
  };
}
