/**
 * A burst of Salesforce changes reaches WordPress in few requests: the connector sends users and
 * organization posts through the companion plugin's bulk route, 200 a request, with the match
 * lookups of new records shared. Real WordPress, the org emulator, the connector in process.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ConnectorHandle } from '../../connector/src/app/connector.js';
import { startConnector } from '../../connector/src/app/connector.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import { ConnectorMetrics } from '../../connector/src/observability/metrics.js';
import type { RequestRecord } from '../../connector/src/wordpress/types.js';
import { WpapiWordPressClient } from '../../connector/src/wordpress/index.js';
import {
  connectorSetting,
  tearDownConnectorSetting,
  type ConnectorSetting,
} from './support/connector-under-test.js';
import { eventually } from './support/eventually.js';
import { logCapture } from './support/log-lines.js';

const wordpress = inject('wordpress');
const stateDir = mkdtempSync(join(tmpdir(), 'sfwp-bulk-writes-'));
const { lines: logLines, stream: logStream } = logCapture();
const CONTACTS = 400;
const ACCOUNTS = 400;

/** The change feed's own traffic (WordPress → Salesforce), which a burst from Salesforce does not cause. */
const FEED_ROUTES = ['/sfwp/v1/changes', '/sfwp/v1/ack', '/sfwp/v1/settings'];

/** Metrics that also keep every WordPress request the connector makes. */
class RecordingMetrics extends ConnectorMetrics {
  readonly requests: RequestRecord[] = [];
  override recordWordPressRequest(record: RequestRecord): void {
    this.requests.push(record);
    super.recordWordPressRequest(record);
  }
}

let setting: ConnectorSetting;
let connector: ConnectorHandle | undefined;
const wp = new WpapiWordPressClient({
  siteUrl: wordpress.url,
  username: wordpress.username,
  applicationPassword: wordpress.applicationPassword,
});

function start(metrics: ConnectorMetrics): Promise<ConnectorHandle> {
  return startConnector(setting.config, {
    logger: createLogger({ level: 'info', destination: logStream }),
    metrics,
  });
}

/** Records of `object` (this test's only ones in its emulator) Salesforce holds a WordPress id for. */
async function linked(object: 'Contact' | 'Account'): Promise<number> {
  const rows = await setting.admin.query(`SELECT Id FROM ${object} WHERE WP_Id__c != null`);
  return rows.totalSize;
}

beforeAll(async () => {
  setting = await connectorSetting(wordpress, stateDir, 'jwt');
  // A first start gives the companion plugin the shared secret and the tracked post types (the
  // bulk route takes only signed requests); it stops before anything is published.
  connector = await start(new ConnectorMetrics());
  await eventually(
    () =>
      Promise.resolve(
        logLines.some((line) => line.includes('"msg":"companion plugin found"')) ? true : undefined,
      ),
    'the companion plugin configured by the connector',
  );
  await connector.stop();
  connector = undefined;
});

afterAll(async () => {
  await tearDownConnectorSetting(connector, setting.emulator, stateDir);
});

describe('a burst of Contact → user and Account → organization changes', () => {
  it('lands every record in bulk requests, with fewer WordPress requests than 4 per 100 records', async () => {
    const contacts = Array.from({ length: CONTACTS }, (_, index) => ({
      FirstName: 'Bulk',
      LastName: `Person ${index}`,
      Email: `bulk.person${index}@example.test`,
    }));
    const accounts = Array.from({ length: ACCOUNTS }, (_, index) => ({
      Name: `Bulk Organization ${index}`,
    }));
    // The burst is published while no connector runs, then met by one start.
    const createdContacts = await setting.admin
      .sobject('Contact')
      .create(contacts, { allowRecursive: true });
    const createdAccounts = await setting.admin
      .sobject('Account')
      .create(accounts, { allowRecursive: true });
    expect([...createdContacts, ...createdAccounts].every((result) => result.success)).toBe(true);

    const metrics = new RecordingMetrics();
    connector = await start(metrics);
    const counts = { contacts: 0, accounts: 0 };
    await eventually(
      async () => {
        counts.contacts = await linked('Contact');
        counts.accounts = await linked('Account');
        return counts.contacts === CONTACTS && counts.accounts === ACCOUNTS ? true : undefined;
      },
      `all ${CONTACTS} Contacts and ${ACCOUNTS} Accounts linked`,
      180_000,
      500,
    ).catch((error: unknown) => {
      throw new Error(
        `${(error as Error).message}: ${JSON.stringify(counts)} linked; ` +
          `${metrics.requests.length} requests; warnings and errors:\n` +
          logLines
            .filter((line) => !line.includes('"level":"info"') || !line.includes('record synced'))
            .slice(-40)
            .join(''),
      );
    });

    const users = await wp.list('user', { search: 'bulk.person', perPage: 1 });
    expect(users.total).toBe(CONTACTS);
    const organizations = await wp.list('organization', {
      search: 'Bulk Organization',
      perPage: 1,
      status: 'any',
    });
    expect(organizations.total).toBe(ACCOUNTS);

    const burst = metrics.requests.filter(
      (request) => !FEED_ROUTES.some((route) => request.route.startsWith(route)),
    );
    const byKind = new Map<string, number>();
    for (const request of burst) {
      const kind = `${request.purpose} ${request.method} ${request.route.replace(/\/\d+$/, '/:id')}`;
      byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    }
    const bulk = burst.filter((request) => request.purpose === 'bulk');
    const bulkSizes = bulk.map((request) => request.batchSize);
    console.log(
      `[bulk-writes] bulk requests (items, ms, status): ${JSON.stringify(
        bulk.map((request) => [request.batchSize, Math.round(request.durationMs), request.status]),
      )}`,
    );
    console.log(
      `[bulk-writes] ${burst.length} WordPress requests for ${CONTACTS + ACCOUNTS} records; ` +
        `bulk request sizes ${JSON.stringify(bulkSizes)}; ${JSON.stringify([...byKind])}`,
    );
    expect(burst.filter((request) => request.purpose === 'write')).toEqual([]);
    expect(bulkSizes.reduce((sum = 0, size = 0) => sum + size, 0)).toBe(CONTACTS + ACCOUNTS);
    // Issue #17 aims at 2 per 100 (10 per 1,000 in the benchmark); measured here: 22 for 800 (11
    // bulk writes, 7 match-lookup rounds, 4 one-time discoveries), as the records of a burst
    // reach the writer in groups. Without the bulk route this burst took over 800 requests.
    expect(burst.length).toBeLessThan(((CONTACTS + ACCOUNTS) / 100) * 4);
  }, 300_000);
});
