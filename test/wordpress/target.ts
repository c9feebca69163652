/** What a test or the connector needs to talk to a WordPress site. */
export interface WordPressTarget {
  url: string;
  username: string;
  applicationPassword: string;
}

/** How another process restores the launcher's clean-database snapshot. */
export interface ResetHandle {
  socket: string;
  snapshotFile: string;
}

/** A test user with an application password. */
export interface WordPressPerson {
  username: string;
  applicationPassword: string;
  id: number;
}

/**
 * Users besides the connector's administrator: `editor` stands in for a human (role
 * administrator, so its edits are `origin=wordpress`), `subscriber` has no sfwp access.
 */
export interface WordPressPeople {
  editor: WordPressPerson;
  subscriber: WordPressPerson;
}

/** The value the test run's global setup provides to every test file. */
export interface ProvidedWordPress extends WordPressTarget {
  /** Present only when this run started the WordPress itself. */
  reset?: ResetHandle;
  /** Present only when this run started the WordPress itself. */
  people?: WordPressPeople;
  /** The site's document root (for `php` run against it); only when this run started it. */
  siteDir?: string;
  startedByRun: boolean;
}

const ENV_KEYS = ['WP_URL', 'WP_USERNAME', 'WP_APP_PASSWORD'] as const;

/**
 * An existing WordPress named by WP_URL, WP_USERNAME and WP_APP_PASSWORD, or undefined when
 * none of them is set. Setting only some of them is a mistake worth stopping for.
 */
export function wordPressTargetFromEnv(env: NodeJS.ProcessEnv): WordPressTarget | undefined {
  const present = ENV_KEYS.filter((key) => env[key] !== undefined && env[key] !== '');
  if (present.length === 0) return undefined;
  const missing = ENV_KEYS.filter((key) => !present.includes(key));
  if (missing.length > 0) {
    throw new Error(
      `To use an existing WordPress set all of ${ENV_KEYS.join(', ')}; missing: ${missing.join(', ')}. ` +
        'Unset them all to let the tests start their own WordPress.',
    );
  }
  return {
    url: (env.WP_URL ?? '').replace(/\/+$/, ''),
    username: env.WP_USERNAME ?? '',
    applicationPassword: env.WP_APP_PASSWORD ?? '',
  };
}
