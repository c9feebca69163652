import { access, constants } from 'node:fs/promises';
import { runCommand } from './process-group.js';

/**
 * Debian packages that provide the real WordPress stack used by the tests. The wordpress
 * package ships no theme; Twenty Twenty-One (a default theme of 6.1) renders the front end.
 */
export const WORDPRESS_PACKAGES = [
  'wordpress',
  'wordpress-theme-twentytwentyone',
  'php-cli',
  'php-mysql',
  'mariadb-server',
] as const;

export const WORDPRESS_SOURCE_DIR = '/usr/share/wordpress';

/** The theme the test site runs, from `wordpress-theme-twentytwentyone`. */
export const DEFAULT_THEME = 'twentytwentyone';
export const DEFAULT_THEME_DIR = `${WORDPRESS_SOURCE_DIR}/wp-content/themes/${DEFAULT_THEME}`;

const REQUIRED_FILES = [
  `${WORDPRESS_SOURCE_DIR}/wp-settings.php`,
  `${DEFAULT_THEME_DIR}/style.css`,
  '/usr/bin/php',
  '/usr/sbin/mariadbd',
  '/usr/bin/mariadb-install-db',
  '/usr/bin/mariadb',
  '/usr/bin/mariadb-dump',
  '/usr/bin/mariadb-admin',
];

export class MissingPackagesError extends Error {
  constructor(missing: string[], reason: string) {
    super(
      `The local WordPress stack needs the Debian packages ${WORDPRESS_PACKAGES.join(' ')} ` +
        `(missing: ${missing.join(', ')}). ${reason}\n` +
        `Install them with:\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${WORDPRESS_PACKAGES.join(' ')}\n` +
        'or point the tests at an existing WordPress with WP_URL, WP_USERNAME and WP_APP_PASSWORD.',
    );
    this.name = 'MissingPackagesError';
  }
}

async function isPresent(path: string): Promise<boolean> {
  try {
    await access(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

async function phpHasMysqli(): Promise<boolean> {
  try {
    await runCommand('/usr/bin/php', ['-r', 'exit(extension_loaded("mysqli") ? 0 : 1);']);
    return true;
  } catch {
    return false;
  }
}

export async function findMissingPieces(): Promise<string[]> {
  const missing: string[] = [];
  for (const file of REQUIRED_FILES) {
    if (!(await isPresent(file))) missing.push(file);
  }
  if (!missing.includes('/usr/bin/php') && !(await phpHasMysqli())) missing.push('php mysqli');
  return missing;
}

/**
 * Makes sure the packages are installed, installing them with apt when running as root.
 * Anyone else gets an error that says exactly what to install.
 */
export async function ensureWordPressPackages(log: (line: string) => void): Promise<void> {
  const missing = await findMissingPieces();
  if (missing.length === 0) return;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot) {
    throw new MissingPackagesError(missing, 'Installing them needs root.');
  }
  if (!(await isPresent('/usr/bin/apt-get'))) {
    throw new MissingPackagesError(missing, 'apt-get is not available on this machine.');
  }
  log(`Installing ${WORDPRESS_PACKAGES.join(' ')} with apt-get (missing: ${missing.join(', ')})…`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  await runCommand('apt-get', ['update', '-qq'], { env });
  await runCommand(
    'apt-get',
    ['install', '-y', '-qq', '--no-install-recommends', ...WORDPRESS_PACKAGES],
    { env },
  );
  const stillMissing = await findMissingPieces();
  if (stillMissing.length > 0) {
    throw new MissingPackagesError(stillMissing, 'apt-get ran but they are still missing.');
  }
}
