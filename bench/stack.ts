/**
 * The two real things every comparison runs against: the local WordPress (or the one named by
 * WP_URL, WP_USERNAME, WP_APP_PASSWORD) and a fresh org emulator over HTTPS per measurement.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { globalAgent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'jsforce';
import { loadMappingsFromOrg } from '../connector/src/salesforce/mapping-loader.js';
import type { ObjectMapping } from '../connector/src/mapping/types.js';
import { startEmulator, type RunningEmulator } from '../test/emulator/index.js';
import { connectAs } from '../test/integration/support/emulated-org.js';
import { startLocalWordPress, type LocalWordPress } from '../test/wordpress/launcher.js';
import { wordPressTargetFromEnv, type WordPressTarget } from '../test/wordpress/target.js';
import { onCleanup } from './cleanup.js';

/** Organisation-sized API allowance: the benchmark counts calls, it must never run out of them. */
const BENCH_DAILY_API_LIMIT = 10_000_000;

let keepLogs = false;

/** After a failure: keep the local WordPress's logs when it is stopped, and say where. */
export function keepWordPressLogs(): void {
  keepLogs = true;
}

export interface BenchWordPress extends WordPressTarget {
  /** WordPress version, when the benchmark started the site itself. */
  version: string;
  /** The benchmark's own WordPress (reset between measurements) or an existing one (never reset). */
  local: boolean;
  phpWorkers: number | undefined;
  /** The site's document root (wp-load.php), for `php` run against it; only on the local WordPress. */
  siteDir: string | undefined;
  /**
   * A WordPress administrator other than the connector's user, standing in for a person: their
   * changes are `origin=wordpress` in the companion plugin's feed. Only on the local WordPress.
   */
  editor: WordPressTarget | undefined;
  /** Back to the freshly installed database; a no-op for an existing WordPress. */
  reset(): Promise<void>;
}

export async function startBenchWordPress(log: (line: string) => void): Promise<BenchWordPress> {
  const existing = wordPressTargetFromEnv(process.env);
  if (existing) {
    log(`Using the WordPress at ${existing.url} (WP_URL); it is not reset between measurements.`);
    return {
      ...existing,
      version: 'unknown (WP_URL)',
      local: false,
      phpWorkers: undefined,
      siteDir: undefined,
      editor: undefined,
      reset: () => Promise.resolve(),
    };
  }
  const workers = 4;
  // Our own data directory (not the launcher's temporary one), so that a failed run can keep
  // WordPress's logs for a look.
  const dataDir = mkdtempSync(join(tmpdir(), 'sfwp-bench-wp-'));
  let local: LocalWordPress;
  try {
    local = await startLocalWordPress({ workers, log, dataDir });
  } catch (error) {
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  onCleanup('the local WordPress', async () => {
    await local.stop();
    if (keepLogs) {
      console.error(
        `bench: WordPress's logs are kept: ${local.logFiles.php}, ${local.logFiles.debug}`,
      );
    } else rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    url: local.url,
    username: local.username,
    applicationPassword: local.applicationPassword,
    version: local.version,
    local: true,
    phpWorkers: workers,
    siteDir: local.siteDir,
    editor: {
      url: local.url,
      username: local.people.editor.username,
      applicationPassword: local.people.editor.applicationPassword,
    },
    reset: () => local.reset(),
  };
}

export interface BenchOrg {
  emulator: RunningEmulator;
  /** jsforce as the emulator's admin: its changes publish WP_Sync_Event__e. */
  admin: Connection;
  /** jsforce as the connector's integration user: its changes publish nothing. */
  integration: Connection;
  stop(): Promise<void>;
}

/** A fresh org emulator over HTTPS (the Pub/Sub client needs an https instance URL). */
export async function startBenchOrg(): Promise<BenchOrg> {
  const emulator = await startEmulator({ https: true, dailyApiLimit: BENCH_DAILY_API_LIMIT });
  const stop = onCleanup('the org emulator', () => emulator.stop());
  // This process's jsforce connections trust the emulator's self-signed certificate.
  globalAgent.options.ca = emulator.httpsCertificatePem;
  const admin = await connectAs(emulator, 'admin');
  const integration = await connectAs(emulator, 'integration');
  return { emulator, admin, integration, stop };
}

/** A mapping as the connector loads it from the org's custom metadata. */
export async function loadMapping(connection: Connection, name: string): Promise<ObjectMapping> {
  const loaded = await loadMappingsFromOrg(connection);
  const mapping = loaded.mappings.find((candidate) => candidate.name === name);
  if (!mapping) {
    throw new Error(
      `The org has no usable mapping ${name} (loaded: ${loaded.mappings.map((m) => m.name).join(', ') || 'none'})`,
    );
  }
  return mapping;
}
