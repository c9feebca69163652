/**
 * Issue #20, Crash with replicas: two `sfwp start` replicas on one real PostgreSQL; the leader
 * is SIGKILLed at random points (seeded) during a two-way sync of `crashRecords` records — half
 * created as Contacts in Salesforce, half as WordPress users — `crashes` times (5; 20 with
 * `--long`), and started again as a standby each time. Afterwards both sides agree field by
 * field, nothing is duplicated, nothing is missing. Prints the failover times (kill to the
 * standby's "leadership acquired", and to its intake's "subscribed").
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WpapiWordPressClient } from '../../connector/src/wordpress/index.js';
import type { RunningEmulator } from '../emulator/index.js';
import {
  childProcessEnvironment,
  connectAs,
  startTrustedEmulator,
} from '../integration/support/emulated-org.js';
import { personClient } from '../integration/support/wordpress-people.js';
import { startPostgres, type PostgresInstance } from '../postgres/launcher.js';
import { findFreePort } from '../wordpress/php-server.js';
import { resetWordPress } from '../wordpress/reset.js';
import { compareSides } from './support/compare-sides.js';
import { lineTime, spawnConnector, type ConnectorChild } from './support/connector-child.js';
import { reliabilityScale, report } from './support/scale.js';

const scale = reliabilityScale();
const wordpress = inject('wordpress');
const PREFIX = 'hacrash.';
/** Short, as in ha-replicas.test.ts: renewed from the keeper's own thread, it holds under load. */
const LEASE_SECONDS = 5;
const root = mkdtempSync(join(tmpdir(), 'sfwp-ha-crash-'));
const seed = Number(process.env.SFWP_RELIABILITY_SEED ?? randomBytes(4).readUInt32LE(0));

/** mulberry32, as in crash.test.ts: a failing run replays with SFWP_RELIABILITY_SEED. */
function seededRandom(start: number): () => number {
  let state = start >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = seededRandom(seed);
const between = (min: number, max: number): number => Math.round(min + random() * (max - min));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Replica {
  child: ConnectorChild;
  acquiredAt: number | undefined;
  subscribedAt: number | undefined;
}

let postgres: PostgresInstance;
let emulator: RunningEmulator;
let admin: Connection;
let env: NodeJS.ProcessEnv;
const replicas: Replica[] = [];

async function startReplica(): Promise<Replica> {
  const child = spawnConnector({
    env: { ...env, SFWP_HTTP_PORT: String(await findFreePort()) },
    cwd: root,
    stateDir: root,
  });
  const replica: Replica = { child, acquiredAt: undefined, subscribedAt: undefined };
  child.onLine((line) => {
    // The line's own time: this process (the emulator runs in it) may read it seconds later.
    const at = lineTime(line) ?? Date.now();
    if (line.msg === 'leadership acquired') replica.acquiredAt ??= at;
    if (line.msg === 'subscribed') replica.subscribedAt ??= at;
  });
  replicas.push(replica);
  // Started: leading, or standing by having asked for the lease once.
  await child.whenStarted(120_000);
  return replica;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      const tails = replicas
        .filter((replica) => replica.child.running)
        .map((replica) => replica.child.tail(20));
      throw new Error(`${what} did not happen within ${timeoutMs} ms\n${tails.join('\n---\n')}`);
    }
    await sleep(200);
  }
}

const wp = new WpapiWordPressClient({
  siteUrl: wordpress.url,
  username: wordpress.username,
  applicationPassword: wordpress.applicationPassword,
});

async function workload(half: number): Promise<void> {
  const salesforceBorn = (async () => {
    for (let from = 0; from < half; from += 100) {
      const contacts = Array.from({ length: Math.min(100, half - from) }, (_, offset) => ({
        FirstName: 'Ada',
        LastName: `Sf ${from + offset}`,
        Email: `${PREFIX}sf-${from + offset}@example.test`,
        Description: `Born in Salesforce (${from + offset})`,
      }));
      const saved = await admin.sobject('Contact').create(contacts, { allowRecursive: true });
      expect(saved.filter((result) => !result.success)).toEqual([]);
      await sleep(between(200, 1500));
    }
  })();
  const editor = personClient(wordpress, 'editor');
  let next = 0;
  const wordpressBorn = Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < half) {
        const index = next++;
        await editor.create('user', {
          username: `hacrash-wp-${index}`,
          email: `${PREFIX}wp-${index}@example.test`,
          first_name: 'Grace',
          last_name: `Wp ${index}`,
          password: randomBytes(12).toString('hex'),
        });
      }
    }),
  );
  await Promise.all([salesforceBorn, wordpressBorn]);
}

beforeAll(async () => {
  postgres = await startPostgres();
  await postgres.createDatabase('sfwp');
  await resetWordPress(wordpress);
  emulator = await startTrustedEmulator();
  admin = await connectAs(emulator, 'admin');
  env = {
    ...(await childProcessEnvironment(emulator, wordpress, root)),
    SFWP_DATABASE_URL: postgres.url('sfwp'),
    SFWP_LEASE_SECONDS: String(LEASE_SECONDS),
  };
}, 120_000);

afterAll(async () => {
  for (const replica of replicas) await replica.child.kill();
  await emulator.stop();
  await postgres.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('crash with replicas: the leader SIGKILLed at random points during a two-way sync', () => {
  it('fails over each time and ends with both sides equal, nothing duplicated or missing', async () => {
    report(
      'ha-crash',
      `${scale.form} form: seed ${String(seed)}, ${String(scale.crashes)} leader kills, ${String(scale.crashRecords)} records`,
    );
    let leader = await startReplica();
    await until('the first replica leads', () => leader.acquiredAt !== undefined, 60_000);
    let standby = await startReplica();
    const work = workload(scale.crashRecords / 2);
    work.catch(() => undefined);

    const failovers: number[] = [];
    const intakes: number[] = [];
    for (let kill = 1; kill <= scale.crashes; kill++) {
      await sleep(between(1000, 6000));
      const killedAt = Date.now();
      await leader.child.kill();
      const next = standby;
      await until(`failover ${String(kill)}`, () => next.subscribedAt !== undefined, 60_000);
      failovers.push((next.acquiredAt as number) - killedAt);
      intakes.push((next.subscribedAt as number) - killedAt);
      leader = next;
      standby = await startReplica();
    }
    await work;
    await until(
      'both sides agree on every record',
      async () => {
        const comparison = await compareSides(admin, wp, PREFIX);
        return (
          comparison.compared === scale.crashRecords &&
          comparison.differences.length === 0 &&
          comparison.duplicates.length === 0 &&
          comparison.contacts === scale.crashRecords &&
          comparison.users === scale.crashRecords
        );
      },
      scale.form === 'long' ? 600_000 : 300_000,
    );
    const summary = (times: number[]): string => {
      const sorted = [...times].sort((left, right) => left - right);
      return `${times.map((ms) => `${String(ms)} ms`).join(', ')}; p50 ${String(sorted[Math.floor(sorted.length / 2)])} ms, max ${String(sorted.at(-1))} ms`;
    };
    report(
      'ha-crash',
      `failover times (lease ${String(LEASE_SECONDS)} s), kill -9 to leadership acquired: ${summary(failovers)}; to intake subscribed: ${summary(intakes)}`,
    );
    expect(failovers).toHaveLength(scale.crashes);
  }, 1_800_000);
});
