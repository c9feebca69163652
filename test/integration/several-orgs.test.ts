/**
 * Several orgs through one connector (#21), end to end: one real WordPress, two org emulators
 * (A and B) and one connector started with an `orgs:` config of both, each org with the
 * package's two-way Contact ⇄ user mapping. A WordPress user linked to a Contact in each org
 * carries an edit made in either org to WordPress and, through WordPress, to the other org;
 * one edit is one write per destination; org B unavailable leaves A syncing and B catches up;
 * org A's tokens revoked leave A `authentication-failed` while B keeps syncing.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startConnector, type ConnectorHandle } from '../../connector/src/app/connector.js';
import type { ConnectorStatus } from '../../connector/src/engine/status.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import { ConnectorMetrics } from '../../connector/src/observability/metrics.js';
import { startStatusServer, type StatusServer } from '../../connector/src/server/index.js';
import type { WpapiWordPressClient } from '../../connector/src/wordpress/index.js';
import { resetWordPress } from '../wordpress/reset.js';
import { eventually } from './support/eventually.js';
import { logCapture } from './support/log-lines.js';
import {
  reconnectAdmin,
  startTwoOrgs,
  twoOrgsConfig,
  writesTo,
  type TestOrg,
} from './support/two-orgs.js';
import { personClient } from './support/wordpress-people.js';
import { connectorWritesTo, latestFeedCursor } from './support/two-orgs-wordpress.js';

const wordpress = inject('wordpress');
const stateDir = mkdtempSync(join(tmpdir(), 'sfwp-several-orgs-'));
const { lines: logLines, stream: logStream } = logCapture();
const statusToken = randomBytes(24).toString('hex');
/** How long org B is unavailable in the outage test. */
const OUTAGE_MS = 30_000;

let a: TestOrg;
let b: TestOrg;
let connector: ConnectorHandle | undefined;
let server: StatusServer | undefined;
let editor: WpapiWordPressClient;
/** The WordPress user linked to a Contact in each org, and those Contacts. */
const linked = { userId: 0, contactA: '', contactB: '' };

interface ContactRow {
  Id: string;
  FirstName: string | null;
  LastName: string;
  Description: string | null;
}

async function contactOf(org: TestOrg, id: string): Promise<ContactRow> {
  const record: Record<string, unknown> = await org.admin.sobject('Contact').retrieve(id);
  return record as unknown as ContactRow;
}

/** Waits until the org's Contact holds `values`. */
async function contactHolds(org: TestOrg, id: string, values: Partial<ContactRow>, ms = 30_000) {
  return eventually(
    async () => {
      const record = await contactOf(org, id);
      return Object.entries(values).every(
        ([key, value]) => record[key as keyof ContactRow] === value,
      )
        ? record
        : undefined;
    },
    `org ${org.name}'s Contact ${id} to hold ${JSON.stringify(values)}`,
    ms,
    200,
  );
}

/** Waits until the linked WordPress user holds `values`. */
async function userHolds(values: Record<string, string>, ms = 30_000) {
  return eventually(
    async () => {
      const user = (await editor.get('user', linked.userId)) as unknown as Record<string, unknown>;
      return Object.entries(values).every(([key, value]) => user[key] === value) ? user : undefined;
    },
    `WordPress user ${linked.userId} to hold ${JSON.stringify(values)}`,
    ms,
    200,
  );
}

function orgStatus(name: string): ConnectorStatus | undefined {
  return connector?.status().orgs?.[name];
}

async function statusRoute(path: string): Promise<{ code: number; text: string }> {
  const response = await fetch(`${server?.url ?? ''}${path}`, {
    headers: { authorization: `Bearer ${statusToken}` },
  });
  return { code: response.status, text: await response.text() };
}

beforeAll(async () => {
  await resetWordPress(wordpress);
  editor = personClient(wordpress, 'editor');
  [a, b] = await startTwoOrgs();
  const config = twoOrgsConfig(a, b, wordpress, stateDir, randomBytes(32).toString('hex'));
  const metrics = new ConnectorMetrics({ defaultMetrics: false });
  const started = await startConnector(config, {
    logger: createLogger({ level: 'info', destination: logStream }),
    metrics,
  });
  connector = started;
  server = await startStatusServer({
    port: 0,
    token: statusToken,
    status: () => started.status(),
    metrics,
  });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await connector?.stop();
  // Either is unset when the set-up failed before starting it.
  for (const org of [a, b] as (TestOrg | undefined)[]) await org?.emulator.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('one connector, two orgs, one WordPress', () => {
  it('links a WordPress user to a Contact in each org; an edit anywhere reaches the other two', async () => {
    const email = `grace.${randomBytes(3).toString('hex')}@example.test`;
    const [created] = await a.admin
      .sobject('Contact')
      .create([{ FirstName: 'Grace', LastName: 'Hopper', Email: email }]);
    if (!created?.success) throw new Error('the Contact was not created in org A');
    linked.contactA = created.id;
    const stamped = await eventually(async () => {
      const record: Record<string, unknown> = await a.admin.sobject('Contact').retrieve(created.id);
      return record.WP_Id__c ? record : undefined;
    }, "org A's Contact linked to a WordPress user");
    linked.userId = Number(stamped.WP_Id__c);
    // A's write to WordPress reaches B as any new user would: B gets a linked Contact.
    const inB = await eventually(
      async () => {
        const rows = await b.admin.query<{ Id: string; Email: string }>(
          `SELECT Id, Email FROM Contact WHERE WP_Id__c = '${linked.userId}'`,
        );
        return rows.records[0];
      },
      'a Contact in org B linked to the same WordPress user',
      30_000,
      200,
    );
    linked.contactB = inB.Id;
    expect(inB.Email).toBe(email);
    expect(linked.contactB).not.toBe(linked.contactA);
    // Two orgs, two stores: neither emulator holds the other's Contact.
    expect(a.emulator.org.store.get('Contact', linked.contactB)).toBeUndefined();
    expect(b.emulator.org.store.get('Contact', linked.contactA)).toBeUndefined();

    await a.admin.sobject('Contact').update({ Id: linked.contactA, Description: 'Edited in A' });
    await userHolds({ description: 'Edited in A' });
    await contactHolds(b, linked.contactB, { Description: 'Edited in A' });

    await b.admin.sobject('Contact').update({ Id: linked.contactB, LastName: 'Hopper-B' });
    await userHolds({ last_name: 'Hopper-B' });
    await contactHolds(a, linked.contactA, { LastName: 'Hopper-B' });

    await editor.update('user', linked.userId, { first_name: 'Amazing' });
    await contactHolds(a, linked.contactA, { FirstName: 'Amazing' });
    await contactHolds(b, linked.contactB, { FirstName: 'Amazing' });
  }, 120_000);

  it('writes each destination exactly once for one edit, over 10 s', async () => {
    const counts = () => ({
      a: writesTo(a, 'Contact', linked.contactA),
      b: writesTo(b, 'Contact', linked.contactB),
    });
    // An edit in org A: one write to WordPress (A's), one to B's Contact, none back to A.
    let cursor = await latestFeedCursor(wordpress);
    let before = counts();
    await a.admin.sobject('Contact').update({ Id: linked.contactA, Description: 'Loop check A' });
    await contactHolds(b, linked.contactB, { Description: 'Loop check A' });
    await delay(10_000);
    let wordpressWrites = await connectorWritesTo(wordpress, linked.userId, cursor);
    expect(wordpressWrites).toEqual({ A: 1 });
    expect(counts()).toEqual({ a: before.a, b: before.b + 1 });

    // An edit in WordPress: one write to each org's Contact, none to WordPress.
    cursor = await latestFeedCursor(wordpress);
    before = counts();
    await editor.update('user', linked.userId, { description: 'Loop check WordPress' });
    await contactHolds(a, linked.contactA, { Description: 'Loop check WordPress' });
    await contactHolds(b, linked.contactB, { Description: 'Loop check WordPress' });
    await delay(10_000);
    wordpressWrites = await connectorWritesTo(wordpress, linked.userId, cursor);
    expect(wordpressWrites).toEqual({});
    expect(counts()).toEqual({ a: before.a + 1, b: before.b + 1 });
  }, 90_000);

  it('labels /metrics and /healthz by org', async () => {
    const metrics = await statusRoute('/metrics');
    expect(metrics.code).toBe(200);
    for (const org of ['A', 'B']) {
      expect(metrics.text).toMatch(
        new RegExp(
          `sfwp_events_total\\{org="${org}",mapping="Contact_User",outcome="applied"\\} [1-9]`,
        ),
      );
      expect(metrics.text).toContain(`sfwp_connector_state{org="${org}",state="running"} 1`);
    }
    const health = await statusRoute('/healthz');
    expect(health.code).toBe(200);
    const body = JSON.parse(health.text) as ConnectorStatus;
    expect(Object.keys(body.orgs ?? {})).toEqual(['A', 'B']);
    expect(body.orgs?.A?.state).toBe('running');
    expect(body.orgs?.B?.state).toBe('running');
  });

  it('keeps org A syncing while org B is unavailable, and B catches up after, nothing lost', async () => {
    const downAt = Date.now();
    b.emulator.faults.failNextRequests(Number.MAX_SAFE_INTEGER, 503);
    b.emulator.faults.pubSub?.dropStreams();
    try {
      await a.admin
        .sobject('Contact')
        .update({ Id: linked.contactA, Description: 'While B is down' });
      await userHolds({ description: 'While B is down' });
      await editor.update('user', linked.userId, { first_name: 'Outage' });
      await contactHolds(a, linked.contactA, { FirstName: 'Outage' });
      const aSyncedInMs = Date.now() - downAt;
      expect(aSyncedInMs).toBeLessThan(OUTAGE_MS);
      await delay(OUTAGE_MS - aSyncedInMs);
      // B's own store (its API answers 503 to the test too): nothing reached it meanwhile.
      expect(b.emulator.org.store.get('Contact', linked.contactB)).toMatchObject({
        FirstName: 'Amazing',
        Description: 'Loop check WordPress',
      });
      expect(orgStatus('A')?.state).toBe('running');
      expect(orgStatus('B')?.state).toBe('unavailable');
    } finally {
      b.emulator.faults.failNextRequests(0);
    }
    await contactHolds(
      b,
      linked.contactB,
      { FirstName: 'Outage', Description: 'While B is down' },
      60_000,
    );
    await eventually(
      () => Promise.resolve(orgStatus('B')?.state === 'running' ? true : undefined),
      'org B running again',
    );
    expect(orgStatus('A')?.deadLetters.open).toBe(0);
    expect(orgStatus('B')?.deadLetters.open).toBe(0);
  }, 120_000);

  it('shows org A authentication-failed once its tokens are revoked, while B keeps syncing', async () => {
    a.emulator.faults.revokeAllTokens();
    await reconnectAdmin(a);
    // A change for A makes the connector call A, which refuses the token and every new sign-in.
    await editor.update('user', linked.userId, { last_name: 'Revoked' });
    await eventually(
      () => Promise.resolve(orgStatus('A')?.state === 'authentication-failed' ? true : undefined),
      "org A's status to be authentication-failed",
      30_000,
      200,
    );
    await contactHolds(b, linked.contactB, { LastName: 'Revoked' });
    await b.admin
      .sobject('Contact')
      .update({ Id: linked.contactB, Description: 'B after A revoked' });
    await userHolds({ description: 'B after A revoked' });

    const health = await statusRoute('/healthz');
    expect(health.code).toBe(200);
    const body = JSON.parse(health.text) as ConnectorStatus;
    expect(body.orgs?.A?.state).toBe('authentication-failed');
    expect(body.orgs?.B?.state).toBe('running');
    expect(body.reason).toMatch(/^org A: authentication-failed/);
    // A's intake is what stopped: the WordPress edit waits for A instead of reaching it.
    expect(a.emulator.org.store.get('Contact', linked.contactA)).toMatchObject({
      LastName: 'Hopper-B',
    });
    expect(
      logLines.some((line) => line.includes('"org":"A"') && line.includes('connector degraded')),
    ).toBe(true);
  }, 90_000);
});
