/**
 * The drift audit beside live sync, on the real connector, real WordPress and the org emulator:
 * a few thousand linked pairs (seeded directly), live Salesforce → WordPress changes paced
 * before and during an audit the Audit command starts. The live changes all reach WordPress
 * while the audit runs (it yields to them), nothing is written twice and the audit, its pairs
 * in step throughout, reports them all equal. The latency p50 before and during is printed;
 * its goal belongs to the bench, not to this test.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { seedLinkedPairs, AUDIT_MAPPING, type SeededPair } from '../../bench/audit-seed.js';
import type { AuditSummary } from '../../connector/src/audit/summary.js';
import { startConnector, type ConnectorHandle } from '../../connector/src/app/connector.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import { ConnectorMetrics } from '../../connector/src/observability/metrics.js';
import { SqliteStateStore } from '../../connector/src/store/sqlite-state-store.js';
import { WpapiWordPressClient } from '../../connector/src/wordpress/index.js';
import {
  connectorSetting,
  tearDownConnectorSetting,
  type ConnectorSetting,
} from './support/connector-under-test.js';
import { eventually } from './support/eventually.js';
import { logCapture } from './support/log-lines.js';

const wordpress = inject('wordpress');
const stateDir = mkdtempSync(join(tmpdir(), 'sfwp-audit-live-'));
const { lines: logLines, stream: logStream } = logCapture();
const wp = new WpapiWordPressClient({
  siteUrl: wordpress.url,
  username: wordpress.username,
  applicationPassword: wordpress.applicationPassword,
});
const PAIRS = 3_000;
const PREFIX = 'audit.live.';
const LIVE_BEFORE = 20;
const PACE_MS = 200;

let setting: ConnectorSetting;
const metrics = new ConnectorMetrics();
let connector: ConnectorHandle | undefined;
let pairs: SeededPair[] = [];

/** One live change: its pair, the value written, when it was sent and when WordPress held it. */
interface LiveChange {
  pair: SeededPair;
  value: string;
  sentAt: number;
  seenAt?: number;
}
const changes: LiveChange[] = [];

/** Changes the next pair's FirstName as the org's admin (a sync event), paced by the caller. */
function sendChange(label: string): LiveChange {
  const pair = pairs[changes.length];
  if (!pair) throw new Error('more live changes than pairs');
  const change: LiveChange = { pair, value: `Live ${label} ${String(changes.length)}`, sentAt: 0 };
  changes.push(change);
  change.sentAt = Date.now();
  void setting.admin
    .sobject('Contact')
    .update({ Id: pair.salesforceId, FirstName: change.value })
    .catch((error: unknown) => {
      change.value = `update failed: ${(error as Error).message}`;
    });
  return change;
}

/** Reads the users of unseen changes (one request) and stamps those WordPress now holds. */
async function stampSeen(): Promise<void> {
  const unseen = changes.filter((change) => change.seenAt === undefined);
  if (unseen.length === 0) return;
  const page = await wp.list('user', {
    include: unseen.map((change) => change.pair.wordpressId),
    perPage: 100,
  });
  const now = Date.now();
  const firstNames = new Map(page.items.map((user) => [user.id, user.first_name]));
  for (const change of unseen)
    if (firstNames.get(change.pair.wordpressId) === change.value) change.seenAt = now;
}

/** Stamps changes as WordPress takes them, until `stop` says so. */
async function watchChanges(stop: () => boolean): Promise<void> {
  while (!stop()) {
    await stampSeen();
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

const latencies = (list: LiveChange[]): number[] =>
  list.map((change) => (change.seenAt ?? Number.NaN) - change.sentAt);

/** WordPress write requests (write, batch, bulk purposes) the connector counted, by status. */
async function wordpressWrites(): Promise<{ all: number; created: number }> {
  const counted = (await metrics.render())
    .split('\n')
    .filter(
      (line) =>
        line.startsWith('sfwp_wordpress_requests_total{') &&
        /purpose="(write|batch|bulk)"/.test(line),
    );
  const sum = (lines: string[]) =>
    lines.reduce((total, line) => total + Number(line.split(' ').at(-1)), 0);
  return {
    all: sum(counted),
    created: sum(counted.filter((line) => line.includes('status="201"'))),
  };
}

/** The audit summary the connector logged (`{ audit }`) after `from`, once it has. */
function loggedSummary(from: number): AuditSummary | undefined {
  for (const line of logLines.slice(from)) {
    const entry = JSON.parse(line) as { audit?: AuditSummary; msg?: string };
    if (entry.audit && entry.msg?.startsWith('Audit:')) return entry.audit;
  }
  return undefined;
}

beforeAll(async () => {
  setting = await connectorSetting(wordpress, stateDir, 'client-credentials');
  const store = new SqliteStateStore({ path: setting.config.store.path });
  pairs = await seedLinkedPairs(wordpress, setting.emulator, store, PAIRS, PREFIX);
  store.close();
  connector = await startConnector(setting.config, {
    logger: createLogger({ level: 'info', destination: logStream }),
    metrics,
  });
}, 300_000);

afterAll(async () => {
  await tearDownConnectorSetting(connector, setting.emulator, stateDir);
});

describe('the audit during live sync', () => {
  it('yields to live changes, writes nothing twice and reports every pair equal', async () => {
    // Before: paced live changes alone.
    let stopWatching = false;
    const watching = watchChanges(() => stopWatching);
    for (let n = 0; n < LIVE_BEFORE; n++) {
      sendChange('before');
      await new Promise((resolve) => setTimeout(resolve, PACE_MS));
    }
    await eventually(
      () => Promise.resolve(changes.every((change) => change.seenAt) ? true : undefined),
      'the live changes before the audit in WordPress',
      30_000,
    );
    const before = [...changes];
    const writesBefore = await wordpressWrites();

    // During: the Audit command starts an audit in the connector; changes keep coming.
    const from = logLines.length;
    await setting.admin
      .sobject('WP_Sync_Command__e')
      .create({ Command__c: 'Audit', Mapping__c: AUDIT_MAPPING });
    await eventually(
      () =>
        Promise.resolve(
          logLines.slice(from).some((line) => line.includes('"msg":"audit started"')) || undefined,
        ),
      'the audit to start',
      30_000,
    );
    const startedAt = Date.now();
    let summary: AuditSummary | undefined;
    while (!(summary = loggedSummary(from))) {
      if (Date.now() - startedAt > 240_000)
        throw new Error('the audit did not finish in 4 minutes');
      sendChange('during');
      await new Promise((resolve) => setTimeout(resolve, PACE_MS));
    }
    const finishedAt = Date.parse(summary.finishedAt);
    const during = changes.slice(before.length);
    await eventually(
      () => Promise.resolve(changes.every((change) => change.seenAt) ? true : undefined),
      'the live changes during the audit in WordPress',
      30_000,
    );
    stopWatching = true;
    await watching;
    const writesAfter = await wordpressWrites();

    console.log(
      `audit of ${String(PAIRS)} pairs: ${String(finishedAt - startedAt)} ms; live latency p50 ` +
        `before ${String(median(latencies(before)))} ms (${String(before.length)} changes), ` +
        `during ${String(median(latencies(during)))} ms (${String(during.length)} changes)`,
    );

    // The audit overlapped the live changes, and each one sent while it still had a while to
    // run reached WordPress before it finished: it yielded rather than holding them back. "A
    // while" is three times the live latency measured before it (at least a second): an audit
    // of these pairs takes 2 s on a quiet machine and 40 s on a loaded one.
    expect(during.length).toBeGreaterThanOrEqual(5);
    const margin = Math.max(1_000, 3 * median(latencies(before)));
    const sentWellBeforeTheEnd = during.filter((change) => change.sentAt < finishedAt - margin);
    expect(sentWellBeforeTheEnd.length).toBeGreaterThan(0);
    for (const change of sentWellBeforeTheEnd) expect(change.seenAt).toBeLessThan(finishedAt);
    expect(changes.filter((change) => change.value.startsWith('update failed'))).toEqual([]);

    // The audit's own figures: every seeded pair in step, nothing gone, nothing unlinked.
    expect(summary).toMatchObject({
      trigger: 'command',
      pairsChecked: PAIRS,
      pairsEqual: PAIRS,
      pairsDiffering: 0,
      goneLinks: 0,
      unlinkedMatches: 0,
      repaired: 0,
      incomplete: 0,
    });

    // Nothing written twice: no WordPress write beyond one per live change, no user created.
    expect(writesAfter.all - writesBefore.all).toBeLessThanOrEqual(during.length);
    expect(writesAfter.created).toBe(0);
    expect((await wp.list('user', { search: PREFIX, perPage: 1 })).total).toBe(PAIRS);
  }, 400_000);
});
