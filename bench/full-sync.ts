/**
 * A full sync of `count` Contacts → WordPress users, exactly as an operator runs it:
 * `sfwp sync --full --mapping Contact_User` as its own process (the connector's backfill:
 * SOQL pages, match by email, batched writes, id write-back), against a fresh org emulator
 * holding the Contacts and the reset WordPress. Timed from spawn to exit; its RSS is sampled
 * every 250 ms.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { connectorEnvironment } from '../test/integration/support/emulated-org.js';
import { onCleanup } from './cleanup.js';
import { RssSampler } from './connector-process.js';
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
    const started = performance.now();
    const child = spawn(
      process.execPath,
      ['--import', TSX, CLI, 'sync', '--full', '--mapping', USERS.mapping],
      { cwd: stateDir, env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const pid = child.pid;
    if (pid === undefined) throw new Error('could not start sfwp sync --full');
    const rss = new RssSampler(pid);
    const stop = onCleanup(`sfwp sync --full (${pid})`, () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-8000);
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const seconds = (performance.now() - started) / 1000;
    rss.stop();
    await stop();
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
      peakRssMb: round(rss.peakProcessMb),
      summary,
      visibleInWordPress: visible,
    };
  } finally {
    rmSync(stateDir, { recursive: true, force: true });
    await org.stop();
  }
}
