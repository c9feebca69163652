/**
 * Static checks of the PHP the tests load into WordPress: the companion plugin and the
 * must-use test fixtures. `php -l` on every file, and the plugin's house rules.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_MU_PLUGINS_DIR, COMPANION_PLUGIN_DIR } from './site-files.js';

const execFileAsync = promisify(execFile);
const REPOSITORY = resolve(COMPANION_PLUGIN_DIR, '../../..');

async function phpFilesIn(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.php'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const pluginFiles = await phpFilesIn(COMPANION_PLUGIN_DIR);
const allFiles = [...pluginFiles, ...(await phpFilesIn(BUILT_IN_MU_PLUGINS_DIR))].map((file) =>
  relative(REPOSITORY, file),
);

async function read(name: string): Promise<string> {
  return readFile(join(COMPANION_PLUGIN_DIR, name), 'utf8');
}

describe('PHP syntax (php -l)', () => {
  it('finds the plugin and the must-use fixtures', () => {
    expect(allFiles).toEqual(
      expect.arrayContaining([
        'connector/wordpress-plugin/sfwp/sfwp.php',
        'connector/wordpress-plugin/sfwp/uninstall.php',
        'test/wordpress/mu-plugins/sfwp-test-fixtures.php',
      ]),
    );
  });

  it.each(allFiles)('%s parses', async (file) => {
    try {
      await execFileAsync('php', ['-l', join(REPOSITORY, file)]);
    } catch (error) {
      const { stdout, stderr, message } = error as Error & { stdout?: string; stderr?: string };
      const output = `${stdout ?? ''}${stderr ?? ''}`.trim() || message;
      throw new Error(`${file} does not parse:\n${output}`, { cause: error });
    }
  });
});

describe('companion plugin conventions', () => {
  it('has the header WordPress reads, with a version matching SFWP_Plugin::VERSION', async () => {
    const main = await read('sfwp.php');
    const header = (name: string): string | undefined =>
      new RegExp(`^\\s*\\*\\s*${name}:\\s*(.+?)\\s*$`, 'm').exec(main)?.[1];
    expect(header('Plugin Name')).toBe('sfwp — Salesforce sync companion');
    expect(header('Requires PHP')).toBe('8.1');
    expect(header('Requires at least')).toBe('6.1');
    expect(header('Text Domain')).toBe('sfwp');
    const plugin = await read('includes/class-sfwp-plugin.php');
    expect(plugin).toContain(`const VERSION = '${header('Version') ?? 'missing'}';`);
  });

  it('guards every file against direct loading', async () => {
    for (const file of pluginFiles) {
      const source = await readFile(file, 'utf8');
      const guard =
        basename(file) === 'uninstall.php'
          ? "defined( 'WP_UNINSTALL_PLUGIN' ) || exit;"
          : "defined( 'ABSPATH' ) || exit;";
      expect(source, relative(REPOSITORY, file)).toContain(guard);
    }
  });

  it('loads every class file from sfwp.php or uninstall.php', async () => {
    const loaders = `${await read('sfwp.php')}\n${await read('uninstall.php')}`;
    const includes = pluginFiles.filter((file) => file.includes(`${join('sfwp', 'includes')}/`));
    expect(includes.length).toBeGreaterThan(5);
    for (const file of includes) {
      expect(loaders, relative(REPOSITORY, file)).toContain(
        `/${relative(COMPANION_PLUGIN_DIR, file)}'`,
      );
    }
  });

  it('prepares every query that takes a value, and never puts input into SQL', async () => {
    const query = /\$wpdb->(get_results|get_var|get_col|get_row|query)\(/;
    let queries = 0;
    for (const file of pluginFiles) {
      const lines = (await readFile(file, 'utf8')).split('\n');
      for (const line of lines.filter((candidate) => query.test(candidate))) {
        queries += 1;
        const where = `${relative(REPOSITORY, file)}: ${line.trim()}`;
        if (/%[ds]/.test(line)) expect(line, where).toContain('$wpdb->prepare(');
        expect(line, where).not.toMatch(/\$_(GET|POST|REQUEST|SERVER|COOKIE)|\$request/);
      }
    }
    expect(queries).toBeGreaterThan(3);
  });
});
