/**
 * The Salesforce package in Metadata API format, for admins who deploy with Workbench or a
 * change-set tool instead of installing the unlocked package:
 *
 *   npm run package:mdapi   → dist/sfwp-<version>-mdapi.zip (package.xml at the zip's root)
 *
 * `sf project convert source` writes the Metadata API layout into a temporary directory; `zip`
 * packs it the way scripts/package/plugin-zip.ts packs the WordPress plugin.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { run } from '../salesforce/child-process.js';
import { sfEnvironment } from '../salesforce/project.js';
import { REPOSITORY_DIR, zipInto } from './plugin-zip.js';

const SF = join(REPOSITORY_DIR, 'node_modules/.bin/sf');
const CONVERTED_DIR = 'mdapi';

export interface BuiltMdapiZip {
  file: string;
  version: string;
}

export class ConvertFailedError extends Error {
  constructor(output: string) {
    super(`sf project convert source failed: ${output}`);
    this.name = 'ConvertFailedError';
  }
}

/** The release version (package.json; the metadata gate keeps sfdx-project.json and WPSyncVersion in step). */
async function releaseVersion(projectDir: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(projectDir, 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  if (typeof manifest.version !== 'string') throw new Error('package.json has no version');
  return manifest.version;
}

async function convertSource(projectDir: string, outputDir: string): Promise<void> {
  const output = await run(
    SF,
    ['project', 'convert', 'source', '--output-dir', outputDir, '--json'],
    {
      cwd: projectDir,
      env: sfEnvironment(),
    },
  );
  const jsonStart = output.stdout.indexOf('{');
  const result = (jsonStart < 0 ? {} : JSON.parse(output.stdout.slice(jsonStart))) as {
    status?: number;
    message?: string;
  };
  if (output.code !== 0 || result.status !== 0) {
    throw new ConvertFailedError(result.message ?? (output.stderr.trim() || output.stdout.trim()));
  }
}

/**
 * Converts every package directory of `projectDir` to Metadata API format and zips it as
 * <outDir>/sfwp-<version>-mdapi.zip, package.xml at the root (what Workbench's deploy expects
 * with "Single Package").
 */
export async function buildMdapiZip(
  outDir = join(REPOSITORY_DIR, 'dist'),
  projectDir = REPOSITORY_DIR,
): Promise<BuiltMdapiZip> {
  const version = await releaseVersion(projectDir);
  const staging = await mkdtemp(join(tmpdir(), 'sfwp-mdapi-zip-'));
  try {
    const converted = join(staging, CONVERTED_DIR);
    await convertSource(projectDir, converted);
    const file = join(resolve(outDir), `sfwp-${version}-mdapi.zip`);
    await zipInto(file, converted, '.');
    return { file, version };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    const built = await buildMdapiZip();
    console.log(
      `Built ${relative(REPOSITORY_DIR, built.file)} (sfwp ${built.version}, Metadata API format)`,
    );
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
