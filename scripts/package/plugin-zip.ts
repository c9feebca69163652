import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { agreedVersion, readPluginVersions } from './plugin-version.js';

const run = promisify(execFile);

export const REPOSITORY_DIR = resolve(import.meta.dirname, '../..');
export const PLUGIN_DIR = join(REPOSITORY_DIR, 'connector/wordpress-plugin/sfwp');
/** WordPress installs an uploaded zip into wp-content/plugins/<its root folder>. */
export const ZIP_ROOT = 'sfwp';

/** Folders and files a site owner never needs: tests, fixtures, tool settings, dotfiles. */
const LEFT_OUT_SEGMENT = /^(\..*|tests?|fixtures?|node_modules|phpunit\.xml.*|phpcs\.xml.*)$/i;
const LEFT_OUT_FILE = /\.(test|spec)\.[a-z]+$/i;

export function shippedInZip(pathInPlugin: string): boolean {
  const segments = pathInPlugin.split(/[\\/]/).filter(Boolean);
  return (
    !segments.some((segment) => LEFT_OUT_SEGMENT.test(segment)) &&
    !LEFT_OUT_FILE.test(segments.at(-1) ?? '')
  );
}

export interface BuiltPluginZip {
  file: string;
  version: string;
}

export class ZipToolMissingError extends Error {
  constructor(cause: unknown) {
    super("`zip` was not found: install Debian's zip package (apt-get install zip)", { cause });
    this.name = 'ZipToolMissingError';
  }
}

/**
 * Zips `entry` (a path inside `cwd`) into `file` afresh, creating its folder: `zip -r -X`, so the
 * archive carries no uid/gid or extended timestamps of this machine.
 */
export async function zipInto(file: string, cwd: string, entry: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  // zip adds to an existing archive, so a rebuild starts from nothing.
  await rm(file, { force: true });
  try {
    await run('zip', ['-r', '-X', '-q', file, entry], { cwd });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ZipToolMissingError(error);
    throw error;
  }
}

/**
 * Builds <outDir>/sfwp-<version>.zip with the plugin under one `sfwp/` folder, after checking
 * that package.json, the plugin header and readme.txt name the same version.
 */
export async function buildPluginZip(
  outDir = join(REPOSITORY_DIR, 'dist'),
  pluginDir = PLUGIN_DIR,
): Promise<BuiltPluginZip> {
  const version = agreedVersion(await readPluginVersions(REPOSITORY_DIR, pluginDir));
  const staging = await mkdtemp(join(tmpdir(), 'sfwp-plugin-zip-'));
  try {
    await cp(pluginDir, join(staging, ZIP_ROOT), {
      recursive: true,
      filter: (source) => shippedInZip(relative(pluginDir, source).split(sep).join('/')),
    });
    const file = join(resolve(outDir), `sfwp-${version}.zip`);
    await zipInto(file, staging, ZIP_ROOT);
    return { file, version };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
