import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startMariaDb, type MariaDbInstance } from './mariadb.js';
import { findFreePort, startPhpServer, waitForWordPress } from './php-server.js';
import { runCommand, type ProcessGroup } from './process-group.js';
import {
  INSTALL_SCRIPT,
  createSiteTree,
  ensureDefaultTheme,
  installCompanionPlugin,
  installMuPlugins,
  writeWordPressConfig,
} from './site-files.js';
import { ensureWordPressPackages } from './system-packages.js';
import type { ResetHandle, WordPressPeople, WordPressTarget } from './target.js';

export interface LocalWordPressOptions {
  /** Keeps site and database here across runs; a fresh temporary directory when absent. */
  dataDir?: string;
  /** Loopback port; a free one when absent. */
  port?: number;
  /** php -S worker processes. */
  workers?: number;
  /** Extra must-use plugin files to install (the built-in test fixtures are always there). */
  muPlugins?: string[];
  /**
   * false: the companion plugin is neither copied nor activated, and wp-admin may upload
   * plugins (a site owner installing the zip). Default true.
   */
  companionPlugin?: boolean;
  log?: (line: string) => void;
}

export interface StartupTimings {
  packagesMs: number;
  databaseMs: number;
  installMs: number;
  webServerMs: number;
  totalMs: number;
}

export interface LocalWordPress extends WordPressTarget {
  readonly version: string;
  readonly adminPassword: string;
  readonly adminUrl: string;
  readonly timings: StartupTimings;
  readonly resetHandle: ResetHandle;
  /** Test users besides the administrator, each with an application password. */
  readonly people: WordPressPeople;
  /** Document root of the site (wp-load.php is here). */
  readonly siteDir: string;
  readonly logFiles: { php: string; debug: string; database: string };
  reset(): Promise<void>;
  stop(): Promise<void>;
}

interface StoredCredentials {
  adminUser: string;
  adminPassword: string;
  databasePassword: string;
}

const DATABASE = 'wordpress';
const ADMIN_USER = 'admin';
const APP_PASSWORD_NAME = 'sfwp';

async function loadOrCreateCredentials(file: string): Promise<StoredCredentials> {
  if (existsSync(file)) return JSON.parse(await readFile(file, 'utf8')) as StoredCredentials;
  const credentials: StoredCredentials = {
    adminUser: ADMIN_USER,
    adminPassword: randomBytes(12).toString('base64url'),
    databasePassword: randomBytes(18).toString('base64url'),
  };
  await writeFile(file, JSON.stringify(credentials, null, 2), { mode: 0o600 });
  return credentials;
}

interface InstallResult {
  applicationPassword: string;
  userId: number;
  version: string;
  people: WordPressPeople;
}

async function runInstaller(
  siteDir: string,
  url: string,
  credentials: StoredCredentials,
  activateCompanionPlugin: boolean,
): Promise<InstallResult> {
  const output = await runCommand('/usr/bin/php', [INSTALL_SCRIPT, siteDir], {
    env: {
      ...process.env,
      SFWP_URL: url,
      SFWP_ADMIN_USER: credentials.adminUser,
      SFWP_ADMIN_PASSWORD: credentials.adminPassword,
      SFWP_ADMIN_EMAIL: 'admin@example.test',
      SFWP_APP_PASSWORD_NAME: APP_PASSWORD_NAME,
      SFWP_ACTIVATE_COMPANION: activateCompanionPlugin ? '1' : '0',
    },
  });
  const line = output.split('\n').find((candidate) => candidate.startsWith('SFWP_RESULT '));
  if (!line) throw new Error(`The WordPress installer printed no result:\n${output}`);
  return JSON.parse(line.slice('SFWP_RESULT '.length)) as InstallResult;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/**
 * Starts a real WordPress (Debian's package) on a private MariaDB and `php -S`, installs it
 * non-interactively with the sfwp companion plugin active (unless `companionPlugin: false`), and returns an administrator
 * application password and the test people's.
 */
export async function startLocalWordPress(
  options: LocalWordPressOptions = {},
): Promise<LocalWordPress> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  await ensureWordPressPackages(log);
  const packagesDone = performance.now();

  const temporary = options.dataDir === undefined;
  const baseDir = options.dataDir
    ? resolve(options.dataDir)
    : await mkdtemp(join(tmpdir(), 'sfwp-wp-'));
  await mkdir(baseDir, { recursive: true });
  // A unix socket path must stay under ~108 bytes, so it never lives in a deep checkout.
  const socketDir = await mkdtemp(join(tmpdir(), 'sfwp-db-'));
  const socket = join(socketDir, 'mariadb.sock');
  // If the process dies without stop(), the process-group hook kills the servers; this
  // removes what they leave behind.
  process.once('exit', () => {
    rmSync(socketDir, { recursive: true, force: true });
    if (temporary) rmSync(baseDir, { recursive: true, force: true });
  });
  const siteDir = join(baseDir, 'site');
  const logDir = join(baseDir, 'logs');
  await mkdir(logDir, { recursive: true });
  const logFiles = {
    php: join(logDir, 'php-server.log'),
    debug: join(logDir, 'wordpress-debug.log'),
    database: join(baseDir, 'mysql', 'mariadbd.log'),
  };
  const credentials = await loadOrCreateCredentials(join(baseDir, 'credentials.json'));

  let database: MariaDbInstance | undefined;
  let server: ProcessGroup | undefined;
  const cleanUp = async (): Promise<void> => {
    await server?.stop();
    await database?.stop();
    await rm(socketDir, { recursive: true, force: true });
    if (temporary) await rm(baseDir, { recursive: true, force: true });
  };

  try {
    database = await startMariaDb(join(baseDir, 'mysql'), socket);
    await database.sql(
      `CREATE DATABASE IF NOT EXISTS \`${DATABASE}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n` +
        `CREATE USER IF NOT EXISTS 'wordpress'@'localhost' IDENTIFIED BY '${credentials.databasePassword}';\n` +
        `GRANT ALL PRIVILEGES ON \`${DATABASE}\`.* TO 'wordpress'@'localhost';\n`,
    );
    const databaseDone = performance.now();

    const port = options.port ?? (await findFreePort());
    const url = `http://127.0.0.1:${port}`;
    if (!existsSync(join(siteDir, 'wp-settings.php'))) await createSiteTree(siteDir);
    await ensureDefaultTheme(siteDir);
    const withCompanionPlugin = options.companionPlugin ?? true;
    await writeWordPressConfig(
      siteDir,
      url,
      { name: DATABASE, user: 'wordpress', password: credentials.databasePassword, socket },
      logFiles.debug,
      { allowPluginUploads: !withCompanionPlugin },
    );
    await installMuPlugins(siteDir, options.muPlugins ?? []);
    if (withCompanionPlugin) await installCompanionPlugin(siteDir);
    const installed = await runInstaller(siteDir, url, credentials, withCompanionPlugin);
    const snapshotFile = join(baseDir, 'snapshot.sql');
    await database.dump(DATABASE, snapshotFile);
    const installDone = performance.now();

    server = startPhpServer({
      siteDir,
      port,
      workers: options.workers ?? 4,
      logFile: logFiles.php,
    });
    await waitForWordPress(url, server, 20_000);
    const ready = performance.now();

    const timings: StartupTimings = {
      packagesMs: packagesDone - started,
      databaseMs: databaseDone - packagesDone,
      installMs: installDone - databaseDone,
      webServerMs: ready - installDone,
      totalMs: ready - started,
    };
    log(
      `WordPress ${installed.version} up at ${url} in ${seconds(timings.totalMs - timings.packagesMs)} ` +
        `once packages were present (database ${seconds(timings.databaseMs)}, install ` +
        `${seconds(timings.installMs)}, web server ${seconds(timings.webServerMs)}; package check ` +
        `${seconds(timings.packagesMs)})`,
    );
    const resetHandle: ResetHandle = { socket, snapshotFile };
    const db = database;
    return {
      url,
      username: credentials.adminUser,
      applicationPassword: installed.applicationPassword,
      version: installed.version,
      adminPassword: credentials.adminPassword,
      adminUrl: `${url}/wp-admin/`,
      timings,
      resetHandle,
      people: installed.people,
      siteDir,
      logFiles,
      reset: () => db.restore(DATABASE, snapshotFile),
      stop: cleanUp,
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
