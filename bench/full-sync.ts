/**
 * A full sync of `count` Contacts → WordPress users, exactly as an operator runs it:
 * `sfwp sync --full --mapping Contact_User` as its own process (the connector's backfill:
 * SOQL pages, match by email, batched writes, id write-back), against a fresh org emulator
 * holding the Contacts and the reset WordPress. Timed from spawn to exit; its RSS is sampled
 * every 250 ms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectorEnvironment } from '../test/integration/support/emulated-org.js';
import { runMeasured } from './measured-process.js';
import { createBurst, USERS } from './sf-to-wp-changes.js';
import { countInWordPress } from './sf-to-wp-result.js';
import { startBenchOrg, type BenchWordPress } from './stack.js';
import { round } from './stats.js';

const CLI = fileURLToPath(new URL('../connector/src/cli/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

export interface FullSyncResult {
  mapping: string;
  records: number;
  /** From the command's spawn to its exit: start-up, login and mapping load included. */
  seconds: number;
  recordsPerSecond: number;
  peakRssMb: number;
  /** What the command printed at the end (created, updated, linked, unchanged, failed). */
  summary: string;
  visibleInWordPress: number;
}

export async function measureFullSync(
  wordpress: BenchWordPress,
  count: number,
  log: (line: string) => void,
): Promise<FullSyncResult> {
  await wordpress.reset();
  const before = await countInWordPress(wordpress, USERS);
  const org = await startBenchOrg();
  const stateDir = mkdtempSync(join(tmpdir(), 'sfwp-bench-full-sync-'));
  try {
    log(`  full sync: ${count} Contacts created in the org (as the integration user: no events)…`);
    await createBurst(org.integration, USERS, 'FullSync', count);
    log(`  full sync: sfwp sync --full --mapping ${USERS.mapping}…`);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...connectorEnvironment(org.emulator, wordpress, stateDir, 'client-credentials'),
      SFWP_LOG_LEVEL: 'warn',
    };
    delete env.SFWP_CONFIG;
    const exit = await runMeasured(
      'sfwp sync --full',
      process.execPath,
      ['--import', TSX, CLI, 'sync', '--full', '--mapping', USERS.mapping],
      { cwd: stateDir, env },
    );
    const { code, stdout, stderr, seconds } = exit;
    const summary = /created \d+.*failed \d+\./.exec(stdout)?.[0] ?? '';
    if (code !== 0) {
      throw new Error(
        `sfwp sync --full exited with ${String(code)}: ${summary}\n${stdout.slice(-2000)}\n${stderr.slice(-3000)}`,
      );
    }
    const visible = (await countInWordPress(wordpress, USERS)) - before;
    if (visible !== count) {
      throw new Error(
        `full sync: ${visible} of ${count} users in WordPress afterwards (${summary})`,
      );
    }
    return {
      mapping: USERS.mapping,
      records: count,
      seconds: round(seconds, 1),
      recordsPerSecond: round(count / seconds),
      peakRssMb: round(exit.peakRssMb),
      summary,
      visibleInWordPress: visible,
    };
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
    await org.stop();
  }
}
