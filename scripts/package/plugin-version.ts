import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Where one release version is written down for the WordPress plugin zip. */
export interface PluginVersions {
  packageJson: string;
  pluginHeader: string;
  readmeStableTag: string;
}

export class VersionMismatchError extends Error {
  constructor(readonly versions: PluginVersions) {
    super(
      `The plugin's versions differ: package.json ${versions.packageJson}, ` +
        `sfwp.php header Version ${versions.pluginHeader}, readme.txt Stable tag ` +
        `${versions.readmeStableTag}. Set all three to the release version.`,
    );
    this.name = 'VersionMismatchError';
  }
}

export class MissingVersionError extends Error {
  constructor(file: string, field: string) {
    super(`${file} has no "${field}" line`);
    this.name = 'MissingVersionError';
  }
}

/** The `Version:` line of a plugin's main file header (WordPress reads it the same way). */
export function pluginHeaderVersion(php: string): string {
  const match = /^[ \t/*#@]*Version:[ \t]*(\S+)/im.exec(php);
  if (!match?.[1]) throw new MissingVersionError('sfwp.php', 'Version:');
  return match[1];
}

/** The `Stable tag:` line of a WordPress.org readme.txt. */
export function readmeStableTag(readme: string): string {
  const match = /^Stable tag:[ \t]*(\S+)/im.exec(readme);
  if (!match?.[1]) throw new MissingVersionError('readme.txt', 'Stable tag:');
  return match[1];
}

/** The one version all three agree on; throws VersionMismatchError when they do not. */
export function agreedVersion(versions: PluginVersions): string {
  const { packageJson, pluginHeader, readmeStableTag: stableTag } = versions;
  if (packageJson !== pluginHeader || packageJson !== stableTag) {
    throw new VersionMismatchError(versions);
  }
  return packageJson;
}

export async function readPluginVersions(
  repositoryDir: string,
  pluginDir: string,
): Promise<PluginVersions> {
  const manifest = JSON.parse(await readFile(join(repositoryDir, 'package.json'), 'utf8')) as {
    version?: unknown;
  };
  if (typeof manifest.version !== 'string') {
    throw new MissingVersionError('package.json', 'version');
  }
  return {
    packageJson: manifest.version,
    pluginHeader: pluginHeaderVersion(await readFile(join(pluginDir, 'sfwp.php'), 'utf8')),
    readmeStableTag: readmeStableTag(await readFile(join(pluginDir, 'readme.txt'), 'utf8')),
  };
}
