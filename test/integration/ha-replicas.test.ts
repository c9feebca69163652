/**
 * Issue #20: two `sfwp start` replicas on one real PostgreSQL, between the org emulator and a
 * real WordPress. One leads, one stands by; the leader is SIGKILLed mid-sync and the standby
 * takes over; then the new leader is SIGSTOPped past its lease, the other takes over and
 * writes, and the paused one, woken, writes nothing more and steps down. Both sides end equal,
 * field by field, with nothing duplicated.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { WpapiWordPressClient } from '../../connector/src/wordpress/index.js';
import type { RunningEmulator } from '../emulator/index.js';
import { startPostgres, type PostgresInstance } from '../postgres/launcher.js';
import { compareSides } from '../reliability/support/compare-sides.js';
import {
  lineTime,
  spawnConnector,
  type ConnectorChild,
} from '../reliability/support/connector-child.js';
import { findFreePort } from '../wordpress/php-server.js';
import { resetWordPress } from '../wordpress/reset.js';
import {
  childProcessEnvironment,
  connectAs,
  startTrustedEmulator,
} from './support/emulated-org.js';
import { personClient } from './support/wordpress-people.js';

const wordpress = inject('wordpress');
const PREFIX = 'ha.';
// Short, on a loaded machine: the lease is renewed from its own thread, so a leader whose event
// loop is blocked by the store's calls must keep it (b must not take over while a is alive).
const LEASE_SECONDS = 5;
const RECORDS_PER_SIDE = 30;
const root = mkdtempSync(join(tmpdir(), 'sfwp-ha-'));

let postgres: PostgresInstance;
let emulator: RunningEmulator;
let admin: Connection;
let baseEnv: NodeJS.ProcessEnv;
const replicas: Replica[] = [];

interface Replica {
  name: string;
  child: ConnectorChild;
  /** GET /healthz: the HTTP status and the body. */
  health(): Promise<{
    status: number;
    body: { state?: string; leadership?: { role: string; leases: { holder: string }[] } };
  }>;
  /** When each "leadership acquired" / "leadership lost: stepping down" was logged. */
  acquiredAt: number[];
  /** When its Salesforce intake subscribed (it leads and takes events). */
  subscribedAt: number[];
  lostAt: number[];
  /** When each record outcome was logged as synced. */
  syncedAt: number[];
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function startReplica(name: string): Promise<Replica> {
  const stateDir = join(root, name);
  const env = {
    ...baseEnv,
    SFWP_HTTP_PORT: String(await findFreePort()),
    SFWP_STORE_PATH: join(stateDir, 'unused.sqlite'),
  };
  const child = spawnConnector({ env, cwd: root, stateDir: root });
  const health: Replica['health'] = async () => {
    const token = readFileSync(join(stateDir, 'status-token'), 'utf8').trim();
    const response = await fetch(`http://127.0.0.1:${env.SFWP_HTTP_PORT}/healthz`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    return { status: response.status, body: (await response.json()) as never };
  };
  const replica: Replica = {
    name,
    child,
    health,
    acquiredAt: [],
    subscribedAt: [],
    lostAt: [],
    syncedAt: [],
  };
  child.onLine((line) => {
    // The line's own time: this process (the emulator runs in it) may read it seconds later.
    const at = lineTime(line) ?? Date.now();
    if (line.msg === 'leadership acquired') replica.acquiredAt.push(at);
    if (line.msg === 'subscribed') replica.subscribedAt.push(at);
    if (line.msg === 'leadership lost: stepping down') replica.lostAt.push(at);
    if (line.msg === 'record synced') replica.syncedAt.push(at);
  });
  replicas.push(replica);
  return replica;
}

async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(
        `${what} did not happen within ${timeoutMs} ms\n${replicas.map((r) => `--- ${r.name}\n${r.child.tail(30)}`).join('\n')}`,
      );
    }
    await sleep(100);
  }
}

async function createOnBothSides(wave: string, count: number): Promise<void> {
  const contacts = Array.from({ length: count }, (_, index) => ({
    FirstName: 'Ada',
    LastName: `${wave} sf ${index}`,
    Email: `${PREFIX}${wave}-sf-${index}@example.test`,
    Description: `Born in Salesforce (${wave} ${index})`,
  }));
  const saved = await admin.sobject('Contact').create(contacts, { allowRecursive: true });
  expect(saved.filter((result) => !result.success)).toEqual([]);
  const editor = personClient(wordpress, 'editor');
  for (let index = 0; index < count; index++) {
    await editor.create('user', {
      username: `ha-${wave}-wp-${index}`,
      email: `${PREFIX}${wave}-wp-${index}@example.test`,
      first_name: 'Grace',
      last_name: `${wave} wp ${index}`,
      password: randomBytes(12).toString('hex'),
    });
  }
}

const wp = new WpapiWordPressClient({
  siteUrl: wordpress.url,
  username: wordpress.username,
  applicationPassword: wordpress.applicationPassword,
});

async function sidesAgree(expectedPairs: number): Promise<boolean> {
  const comparison = await compareSides(admin, wp, PREFIX);
  return (
    comparison.compared === expectedPairs &&
    comparison.differences.length === 0 &&
    comparison.duplicates.length === 0
  );
}

/** The intake lease's holder (host/pid/nonce) and token. */
async function lease(): Promise<{ pid: number; token: number }> {
  const row = await postgres.sql(
    "SELECT split_part(holder, '/', 2) || ' ' || token FROM leases WHERE name = 'intake'",
    'sfwp',
  );
  const [pid, token] = row.trim().split(' ').map(Number);
  return { pid: pid as number, token: token as number };
}

beforeAll(async () => {
  postgres = await startPostgres();
  await postgres.createDatabase('sfwp');
  await resetWordPress(wordpress);
  emulator = await startTrustedEmulator();
  admin = await connectAs(emulator, 'admin');
  baseEnv = {
    ...(await childProcessEnvironment(emulator, wordpress, root)),
    SFWP_DATABASE_URL: postgres.url('sfwp'),
    SFWP_LEASE_SECONDS: String(LEASE_SECONDS),
  };
}, 120_000);

afterAll(async () => {
  for (const replica of replicas) {
    try {
      process.kill(replica.child.pid, 'SIGCONT');
    } catch {
      // already gone
    }
    await replica.child.kill();
  }
  await emulator.stop();
  await postgres.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('two replicas on one PostgreSQL', () => {
  it('fail over on kill -9 and on a pause past the lease, losing and duplicating nothing', async () => {
    const a = await startReplica('a');
    await until('a leads', () => a.acquiredAt.length >= 1);
    const b = await startReplica('b');
    await b.child.whenStarted(120_000);
    await sleep(2 * LEASE_SECONDS * 1000);
    expect(b.acquiredAt).toEqual([]);
    // /healthz: 200 and role leader on a; 503 (not serving) and role standby on b, both
    // showing the lease held by a's process.
    const [onA, onB] = await Promise.all([a.health(), b.health()]);
    expect(onA.status).toBe(200);
    expect(onA.body.leadership?.role).toBe('leader');
    expect(onB.status).toBe(503);
    expect(onB.body.state).toBe('standby');
    expect(onB.body.leadership?.role).toBe('standby');
    expect(onB.body.leadership?.leases[0]?.holder).toContain(`/${String(a.child.pid)}/`);

    // Kill: mid-sync of the first wave.
    await createOnBothSides('one', RECORDS_PER_SIDE);
    await until('a syncs records', () => a.syncedAt.length >= 5);
    const killedAt = Date.now();
    await a.child.kill();
    await until('b takes over', () => b.subscribedAt.length >= 1);
    const failoverMs = (b.acquiredAt[0] as number) - killedAt;
    console.log(
      `[ha] failover after kill -9: lease ${String(failoverMs)} ms, intake ${String((b.subscribedAt[0] as number) - killedAt)} ms`,
    );
    expect(failoverMs).toBeGreaterThan(0);
    await until('both sides agree', () => sidesAgree(2 * RECORDS_PER_SIDE), 120_000);

    // Pause: a comes back as standby, b is frozen past its lease.
    const a2 = await startReplica('a2');
    await a2.child.whenStarted(120_000);
    await sleep(2000);
    expect(a2.acquiredAt).toEqual([]);
    process.kill(b.child.pid, 'SIGSTOP');
    const pausedAt = Date.now();
    await until('a2 takes over from the paused b', () => a2.acquiredAt.length >= 1);
    console.log(
      `[ha] failover after SIGSTOP: ${String((a2.acquiredAt[0] as number) - pausedAt)} ms`,
    );
    const taken = await lease();
    expect(taken.pid).toBe(a2.child.pid);
    expect(taken.token).toBeGreaterThanOrEqual(3);
    await createOnBothSides('two', 10);
    await until('a2 syncs the second wave', () => sidesAgree(2 * RECORDS_PER_SIDE + 20), 120_000);

    const syncedByBBefore = b.syncedAt.length;
    process.kill(b.child.pid, 'SIGCONT');
    const resumedAt = Date.now();
    await until('b steps down', () => b.lostAt.length >= 1, 30_000);
    await createOnBothSides('three', 5);
    await until('a2 syncs the third wave', () => sidesAgree(2 * RECORDS_PER_SIDE + 30), 120_000);
    // b wrote nothing after it woke: no record it synced, and the lease is still a2's.
    expect(b.syncedAt.filter((at) => at >= resumedAt)).toEqual([]);
    expect(b.syncedAt.length).toBe(syncedByBBefore);
    expect(await lease()).toEqual(taken);
    expect(b.child.running).toBe(true);
  }, 600_000);

  it('reconnect after PostgreSQL restarts mid-run, losing nothing', async () => {
    const running = replicas.filter((replica) => replica.child.running);
    expect(running.length).toBeGreaterThanOrEqual(2);
    const before = await compareSides(admin, wp, PREFIX);
    await createOnBothSides('four', 10);
    await sleep(1000);
    await postgres.restart();
    await createOnBothSides('five', 10);
    await until(
      'both sides agree after the restart',
      () => sidesAgree(before.compared + 40),
      180_000,
    );
    // A replica still leads (the same one, or a standby that took over if the leader gave up).
    const after = await lease();
    expect(replicas.find((replica) => replica.child.pid === after.pid)?.child.running).toBe(true);
  }, 600_000);
});
