import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, cp, mkdir, readdir, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCommand } from './process-group.js';
import { DEFAULT_THEME_DIR, WORDPRESS_SOURCE_DIR } from './system-packages.js';
import { phpString } from './site-php.js';

const HERE = dirname(fileURLToPath(import.meta.url));
export const INSTALL_SCRIPT = join(HERE, 'php', 'install.php');
export const BUILT_IN_MU_PLUGINS_DIR = join(HERE, 'mu-plugins');
/** The sfwp companion plugin's source; the installer activates it from wp-content/plugins/sfwp. */
export const COMPANION_PLUGIN_DIR = resolve(HERE, '../../connector/wordpress-plugin/sfwp');

export interface DatabaseSettings {
  name: string;
  user: string;
  password: string;
  socket: string;
}

function salt(): string {
  return randomBytes(48).toString('base64');
}

/**
 * Debian's own wp-config.php looks up /etc/wordpress/config-<host>.php, and a symlink does
 * not help because __FILE__ resolves to the target; so the site is a hard-link copy of the
 * package's tree (0.2 s, no disk) with its own config.
 */
export async function createSiteTree(siteDir: string): Promise<void> {
  await rm(siteDir, { recursive: true, force: true });
  await mkdir(dirname(siteDir), { recursive: true });
  await runCommand('cp', ['-al', WORDPRESS_SOURCE_DIR, siteDir]);
  await pointSymlinksAtPackageTargets(siteDir, WORDPRESS_SOURCE_DIR);
  // Deleting (not editing) keeps the hard-linked package files untouched.
  await rm(join(siteDir, 'wp-config.php'), { force: true });
  await rm(join(siteDir, '.htaccess'), { force: true });
  await mkdir(join(siteDir, 'wp-content', 'mu-plugins'), { recursive: true });
  await mkdir(join(siteDir, 'wp-content', 'uploads'), { recursive: true });
  await copyFile(join(HERE, 'php', 'router.php'), join(siteDir, 'router.php'));
}

/**
 * Debian links some of WordPress's files to other packages by relative paths (underscore.min.js →
 * ../../../javascript/underscore/…); copied elsewhere those links point at nothing, and
 * wp-admin's scripts that need them fail. Each one is made absolute, to what it means in the package.
 */
async function pointSymlinksAtPackageTargets(siteDir: string, packageDir: string): Promise<void> {
  const entries = await readdir(siteDir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isSymbolicLink()) continue;
    const link = join(entry.parentPath, entry.name);
    const target = await readlink(link);
    if (isAbsolute(target)) continue;
    const inPackage = join(packageDir, relative(siteDir, entry.parentPath));
    await rm(link);
    await symlink(resolve(inPackage, target), link);
  }
}

export async function writeWordPressConfig(
  siteDir: string,
  url: string,
  db: DatabaseSettings,
  debugLog: string,
  { allowPluginUploads = false }: { allowPluginUploads?: boolean } = {},
): Promise<void> {
  const keys = [
    'AUTH_KEY',
    'SECURE_AUTH_KEY',
    'LOGGED_IN_KEY',
    'NONCE_KEY',
    'AUTH_SALT',
    'SECURE_AUTH_SALT',
    'LOGGED_IN_SALT',
    'NONCE_SALT',
  ];
  const lines = [
    '<?php',
    '// Written by the sfwp WordPress launcher; rewritten at every start.',
    `define('DB_NAME', ${phpString(db.name)});`,
    `define('DB_USER', ${phpString(db.user)});`,
    `define('DB_PASSWORD', ${phpString(db.password)});`,
    `define('DB_HOST', ${phpString(`localhost:${db.socket}`)});`,
    "define('DB_CHARSET', 'utf8mb4');",
    "define('DB_COLLATE', '');",
    ...keys.map((key) => `define('${key}', ${phpString(salt())});`),
    "$table_prefix = 'wp_';",
    `define('WP_HOME', ${phpString(url)});`,
    `define('WP_SITEURL', ${phpString(url)});`,
    "define('WP_CONTENT_DIR', __DIR__ . '/wp-content');",
    `define('WP_CONTENT_URL', ${phpString(`${url}/wp-content`)});`,
    // Application passwords on plain http need the local environment type.
    "define('WP_ENVIRONMENT_TYPE', 'local');",
    "define('WP_HTTP_BLOCK_EXTERNAL', true);",
    "define('DISABLE_WP_CRON', true);",
    "define('AUTOMATIC_UPDATER_DISABLED', true);",
    // A site owner's upload in wp-admin writes plugin files as the php -S user, who owns them.
    ...(allowPluginUploads
      ? ["define('DISALLOW_FILE_MODS', false);", "define('FS_METHOD', 'direct');"]
      : ["define('DISALLOW_FILE_MODS', true);"]),
    // Errors and warnings (not PHP 8.2 deprecations in 6.1 core) go to a log, never into JSON.
    "define('WP_DEBUG', false);",
    "ini_set('display_errors', '0');",
    "ini_set('log_errors', '1');",
    `ini_set('error_log', ${phpString(debugLog)});`,
    "if (!defined('ABSPATH')) { define('ABSPATH', __DIR__ . '/'); }",
    "require_once ABSPATH . 'wp-settings.php';",
    '',
  ];
  await writeFile(join(siteDir, 'wp-config.php'), lines.join('\n'));
}

/** Copies must-use plugins (built-in test fixtures plus any the caller adds) into the site. */
export async function installMuPlugins(siteDir: string, extraFiles: string[]): Promise<void> {
  const target = join(siteDir, 'wp-content', 'mu-plugins');
  const builtIn = (await readdir(BUILT_IN_MU_PLUGINS_DIR)).map((name) =>
    join(BUILT_IN_MU_PLUGINS_DIR, name),
  );
  for (const file of [...builtIn, ...extraFiles]) {
    await copyFile(file, join(target, basename(file)));
  }
}

/** Copies the companion plugin into the site, replacing any earlier copy. */
export async function installCompanionPlugin(siteDir: string): Promise<void> {
  const target = join(siteDir, 'wp-content', 'plugins', 'sfwp');
  await rm(target, { recursive: true, force: true });
  await cp(COMPANION_PLUGIN_DIR, target, { recursive: true });
}

/**
 * Adds the default theme to a site kept from a run before the theme package was installed
 * (a new site tree has it already: it is part of the package's tree).
 */
export async function ensureDefaultTheme(siteDir: string): Promise<void> {
  const target = join(siteDir, 'wp-content', 'themes', basename(DEFAULT_THEME_DIR));
  if (existsSync(join(target, 'style.css'))) return;
  await mkdir(dirname(target), { recursive: true });
  await runCommand('cp', ['-al', DEFAULT_THEME_DIR, target]);
}
