import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  pluginHeaderVersion,
  readmeStableTag,
  VersionMismatchError,
} from '../../scripts/package/plugin-version.js';
import { buildPluginZip, PLUGIN_DIR, REPOSITORY_DIR } from '../../scripts/package/plugin-zip.js';

const run = promisify(execFile);

async function entries(zip: string): Promise<string[]> {
  const { stdout } = await run('unzip', ['-Z1', zip]);
  return stdout.split('\n').filter(Boolean);
}

async function member(zip: string, path: string): Promise<string> {
  const { stdout } = await run('unzip', ['-p', zip, path]);
  return stdout;
}

let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'sfwp-plugin-zip-test-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('the WordPress plugin zip', () => {
  it('holds the plugin under sfwp/ with readme.txt, and one version everywhere', async () => {
    const built = await buildPluginZip(join(workDir, 'dist'));
    const manifest = JSON.parse(await readFile(join(REPOSITORY_DIR, 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(built.version).toBe(manifest.version);
    expect(built.file).toBe(join(workDir, 'dist', `sfwp-${manifest.version}.zip`));

    const names = await entries(built.file);
    expect(names.every((name) => name.startsWith('sfwp/'))).toBe(true);
    for (const required of [
      'sfwp/sfwp.php',
      'sfwp/uninstall.php',
      'sfwp/readme.txt',
      'sfwp/includes/class-sfwp-plugin.php',
      'sfwp/includes/class-sfwp-uninstaller.php',
    ]) {
      expect(names).toContain(required);
    }
    expect(names.filter((name) => /test|fixture|(^|\/)\./i.test(name))).toEqual([]);

    const readme = await member(built.file, 'sfwp/readme.txt');
    const header = await member(built.file, 'sfwp/sfwp.php');
    expect(readme.split('\n')[0]).toBe('=== sfwp ===');
    expect(readmeStableTag(readme)).toBe(manifest.version);
    expect(pluginHeaderVersion(header)).toBe(manifest.version);
    const requiresPhp = /Requires PHP:\s*(\S+)/.exec(header)?.[1];
    expect(requiresPhp).toBeDefined();
    expect(readme).toContain(`Requires PHP: ${requiresPhp ?? ''}`);
    for (const section of ['Description', 'Installation', 'Frequently Asked Questions']) {
      expect(readme).toContain(`== ${section} ==`);
    }
    expect(readme).toContain(`== Changelog ==\n\n= ${manifest.version} =`);
  });

  it('leaves out tests, fixtures and dotfiles that sit in the plugin folder', async () => {
    const pluginCopy = join(workDir, 'with-tests', 'sfwp');
    await cp(PLUGIN_DIR, pluginCopy, { recursive: true });
    await mkdir(join(pluginCopy, 'tests', 'fixtures'), { recursive: true });
    await writeFile(join(pluginCopy, 'tests', 'fixtures', 'people.json'), '[]');
    await writeFile(join(pluginCopy, 'includes', 'class-sfwp-time.test.php'), '<?php');
    await writeFile(join(pluginCopy, 'phpunit.xml.dist'), '<phpunit/>');
    await writeFile(join(pluginCopy, '.phpcs.xml'), '<ruleset/>');

    const built = await buildPluginZip(join(workDir, 'dist-with-tests'), pluginCopy);
    const names = await entries(built.file);
    expect(names).toContain('sfwp/includes/class-sfwp-time.php');
    expect(names.filter((name) => /tests|fixtures|\.test\.|phpunit|phpcs/.test(name))).toEqual([]);
  });

  it('refuses to build when readme.txt names another version, and writes no zip', async () => {
    const pluginCopy = join(workDir, 'mismatch', 'sfwp');
    await cp(PLUGIN_DIR, pluginCopy, { recursive: true });
    const readme = await readFile(join(pluginCopy, 'readme.txt'), 'utf8');
    await writeFile(
      join(pluginCopy, 'readme.txt'),
      readme.replace(/^Stable tag:.*$/m, 'Stable tag: 9.9.9'),
    );
    const outDir = join(workDir, 'dist-mismatch');

    await expect(buildPluginZip(outDir, pluginCopy)).rejects.toThrow(VersionMismatchError);
    await expect(buildPluginZip(outDir, pluginCopy)).rejects.toThrow(/Stable tag 9\.9\.9/);
    expect(existsSync(outDir)).toBe(false);
  });
});
