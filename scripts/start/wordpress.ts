/**
 * The demo's WordPress: the one WP_URL, WP_USERNAME and WP_APP_PASSWORD name, or the local stack
 * (Debian's WordPress on a private MariaDB, persistent in `.wordpress/local`). On the local one the
 * demo's own WordPress changes are made as the launcher's editor, a person other than the
 * connector.
 */
import { rm } from 'node:fs/promises';
import { startLocalWordPress, type LocalWordPress } from '../../test/wordpress/launcher.js';
import { WORDPRESS_PACKAGES, findMissingPieces } from '../../test/wordpress/system-packages.js';
import { wordPressTargetFromEnv, type WordPressTarget } from '../../test/wordpress/target.js';
import type { DemoCoordinates, DemoLogin } from './demo-file.js';

export interface DemoWordPress {
  target: WordPressTarget;
  adminUrl: string;
  /** The web login, when the demo started WordPress itself. */
  admin?: DemoLogin;
  /** Who `demo:change wordpress` acts as: the editor on the local site, else the given user. */
  changes: DemoCoordinates['wordpress']['changes'];
  /** The local stack, stopped with {@link DemoWordPress.stop}. */
  local?: LocalWordPress;
  stop(): Promise<void>;
}

/** Why the demo cannot start WordPress, in words that say what to do. */
export class DemoSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DemoSetupError';
  }
}

/** What to do when the Debian packages are missing and we may not install them. */
export function missingPackagesMessage(missing: readonly string[]): string {
  const packages = WORDPRESS_PACKAGES.join(' ');
  return [
    `npm start runs a real local WordPress, which needs the Debian packages ${packages}`,
    `(missing: ${missing.join(', ')}). Installing them needs root. Install them with`,
    '',
    `  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages}`,
    '',
    'and run npm start again, or use a WordPress you already have (an administrator and one of',
    'its application passwords):',
    '',
    '  WP_URL=https://blog.example.org WP_USERNAME=admin WP_APP_PASSWORD="abcd efgh …" npm start',
  ].join('\n');
}

export interface StartDemoWordPressOptions {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  /** Delete `dataDir` first: a new site, new admin password. */
  fresh: boolean;
  port: number;
  log: (line: string) => void;
}

export async function startDemoWordPress(
  options: StartDemoWordPressOptions,
): Promise<DemoWordPress> {
  const existing = wordPressTargetFromEnv(options.env);
  if (existing) {
    options.log(
      `Using the WordPress at ${existing.url} (WP_URL)${options.fresh ? '; it is never reset' : ''}.`,
    );
    return {
      target: existing,
      adminUrl: `${existing.url}/wp-admin/`,
      changes: {
        username: existing.username,
        applicationPassword: existing.applicationPassword,
        isConnectorUser: true,
      },
      stop: () => Promise.resolve(),
    };
  }
  const missing = await findMissingPieces();
  if (missing.length > 0 && process.getuid?.() !== 0) {
    throw new DemoSetupError(missingPackagesMessage(missing));
  }
  if (options.fresh) {
    options.log(`Starting the local WordPress afresh (${options.dataDir}; --keep keeps it)…`);
    await rm(options.dataDir, { recursive: true, force: true });
  }
  const local = await startLocalWordPress({
    dataDir: options.dataDir,
    port: options.port,
    log: options.log,
  });
  return {
    target: local,
    adminUrl: local.adminUrl,
    admin: { username: local.username, password: local.adminPassword },
    changes: {
      username: local.people.editor.username,
      applicationPassword: local.people.editor.applicationPassword,
      isConnectorUser: false,
    },
    local,
    stop: () => local.stop(),
  };
}
