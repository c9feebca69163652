/**
 * Failover time (issue 20): two `sfwp start` replicas on one real PostgreSQL, between a fresh
 * org emulator and the benchmark's WordPress. The leader is SIGKILLed `kills` times, each at a
 * random point of its renewal cycle, and started again as the standby. For each kill: the time
 * to the standby's "leadership acquired" (the lease moved) and to its "subscribed" (its intake
 * takes events again), both from the log lines' own timestamps.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres } from '../test/postgres/launcher.js';
import { connectorEnvironment } from '../test/integration/support/emulated-org.js';
import {
  lineTime,
  spawnConnector,
  type ConnectorChild,
} from '../test/reliability/support/connector-child.js';
import { findFreePort } from '../test/wordpress/php-server.js';
import { onCleanup } from './cleanup.js';
import { startBenchOrg, type BenchWordPress } from './stack.js';
import { percentile, sleep, waitUntil } from './stats.js';

export interface FailoverResult {
  kills: number;
  leaseSeconds: number;
  /** Kill to the standby's "leadership acquired", per kill (ms). */
  leaseMs: number[];
  /** Kill to the new leader's intake subscribed, per kill (ms). */
  intakeMs: number[];
  leaseP50Ms: number;
  leaseMaxMs: number;
  intakeP50Ms: number;
  intakeMaxMs: number;
}

interface Replica {
  child: ConnectorChild;
  acquiredAt?: number;
  subscribedAt?: number;
}

export async function measureFailover(
  wordpress: BenchWordPress,
  options: { kills: number; leaseSeconds: number; log: (line: string) => void },
): Promise<FailoverResult> {
  const postgres = await startPostgres();
  const stopPostgres = onCleanup('PostgreSQL', () => postgres.stop());
  await postgres.createDatabase('sfwp');
  const org = await startBenchOrg();
  const root = mkdtempSync(join(tmpdir(), 'sfwp-bench-ha-'));
  const replicas: Replica[] = [];
  const stopReplicas = onCleanup('the replicas', async () => {
    for (const replica of replicas) await replica.child.kill();
  });
  const start = async (): Promise<Replica> => {
    const stateDir = mkdtempSync(join(root, 'replica-'));
    const child = spawnConnector({
      env: {
        ...process.env,
        ...connectorEnvironment(org.emulator, wordpress, stateDir, 'client-credentials'),
        SFWP_DATABASE_URL: postgres.url('sfwp'),
        SFWP_LEASE_SECONDS: String(options.leaseSeconds),
        SFWP_HTTP_HOST: '127.0.0.1',
        SFWP_HTTP_PORT: String(await findFreePort()),
        SFWP_LOG_LEVEL: 'info',
      },
      cwd: stateDir,
      stateDir,
    });
    const replica: Replica = { child };
    child.onLine((line) => {
      const at = lineTime(line) ?? Date.now();
      if (line.msg === 'leadership acquired') replica.acquiredAt ??= at;
      if (line.msg === 'subscribed') replica.subscribedAt ??= at;
    });
    replicas.push(replica);
    await child.whenStarted(120_000);
    return replica;
  };
  const leading = async (replica: Replica, what: string): Promise<void> => {
    if (!(await waitUntil(() => replica.subscribedAt !== undefined, 120_000, 50))) {
      throw new Error(`${what}: no replica took the intake within 120 s:\n${replica.child.tail()}`);
    }
  };
  try {
    let leader = await start();
    await leading(leader, 'the first leader');
    let standby = await start();
    const leaseMs: number[] = [];
    const intakeMs: number[] = [];
    for (let kill = 1; kill <= options.kills; kill++) {
      // A random point in the leader's renewal cycle (a quarter of the lease).
      await sleep(1000 + Math.random() * options.leaseSeconds * 250);
      const killedAt = Date.now();
      await leader.child.kill();
      await leading(standby, `kill ${String(kill)}`);
      leaseMs.push((standby.acquiredAt as number) - killedAt);
      intakeMs.push((standby.subscribedAt as number) - killedAt);
      options.log(
        `  kill ${String(kill)}: lease after ${String(leaseMs.at(-1))} ms, intake after ${String(intakeMs.at(-1))} ms`,
      );
      leader = standby;
      standby = await start();
    }
    const figure = (values: number[], p: number): number => percentile(values, p) ?? 0;
    return {
      kills: options.kills,
      leaseSeconds: options.leaseSeconds,
      leaseMs,
      intakeMs,
      leaseP50Ms: figure(leaseMs, 50),
      leaseMaxMs: Math.max(...leaseMs),
      intakeP50Ms: figure(intakeMs, 50),
      intakeMaxMs: Math.max(...intakeMs),
    };
  } finally {
    await stopReplicas();
    await org.stop();
    await stopPostgres();
    rmSync(root, { recursive: true, force: true });
  }
}
