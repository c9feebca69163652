/**
 * Several orgs through one connector (#21): the companion plugin keeps, on a connector change,
 * the org the connector wrote for (`X-Sfwp-Source-Org`), so the other orgs' readers pass it
 * on. Run against the run's real WordPress with the connector's own WordPress client.
 */
import { randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import {
  SOURCE_ORG_HEADER,
  WpapiWordPressClient,
  originHeaders,
  type WordPressChange,
} from '../../connector/src/wordpress/index.js';
import { resetWordPress } from '../wordpress/reset.js';
import { runInSite } from '../wordpress/site-php.js';

const wordpress = inject('wordpress');

const php = <T>(code: string): Promise<T> =>
  runInSite<T>({ url: wordpress.url, siteDir: wordpress.siteDir }, code);

interface FeedRow {
  cursor: number;
  type: string;
  id: number;
  operation: string;
  origin: string;
  reason: string;
  source_org?: string;
  time: string;
}

function authorization(): string {
  const pair = `${wordpress.username}:${wordpress.applicationPassword}`;
  return `Basic ${Buffer.from(pair).toString('base64')}`;
}

/** A REST call as the admin that must succeed; returns the body. */
async function rest<T>(
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(`${wordpress.url}/wp-json${route}`, {
    method,
    headers: {
      authorization: authorization(),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  if (response.status >= 300)
    throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** The raw feed rows after a cursor, as the plugin sends them. */
async function rowsAfter(cursor: number): Promise<FeedRow[]> {
  const page = await rest<{ changes: FeedRow[]; has_more: boolean }>(
    'GET',
    `/sfwp/v1/changes?after=${cursor}&limit=1000`,
  );
  expect(page.has_more).toBe(false);
  return page.changes;
}

async function latestCursor(): Promise<number> {
  return (await rest<{ latest_cursor: number }>('GET', '/sfwp/v1/status')).latest_cursor;
}

const unique = (prefix: string) => `${prefix}${randomBytes(4).toString('hex')}`;
const newUser = () => {
  const username = unique('member');
  return { username, email: `${username}@example.test`, password: randomBytes(12).toString('hex') };
};

/** The connector's WordPress client as the runtime builds it for one org of several. */
function clientFor(
  org: string | undefined,
  secret: string | undefined,
  routes: string[] = [],
): WpapiWordPressClient {
  return new WpapiWordPressClient({
    siteUrl: wordpress.url,
    username: wordpress.username,
    applicationPassword: wordpress.applicationPassword,
    onRequest: (record) => routes.push(`${record.method} ${record.route}`),
    ...(secret === undefined ? {} : { originSecret: secret }),
    ...(org === undefined ? {} : { sourceOrg: org }),
  });
}

const summary = (row: FeedRow) => [row.type, row.id, row.operation, row.origin, row.source_org];

beforeEach(async () => {
  await resetWordPress(wordpress);
});

describe('source_org on change rows', () => {
  it('is the org a signed connector write names, over single requests and the bulk route', async () => {
    const secret = randomBytes(32).toString('hex');
    await rest('PUT', '/sfwp/v1/settings', { shared_secret: secret });
    const start = await latestCursor();

    const salesRoutes: string[] = [];
    const sales = clientFor('sales', secret, salesRoutes);
    const created = await sales.create('user', newUser());
    await sales.update('user', created.id, { first_name: 'Ada' });
    const bulk = await sales.writeMany([
      { kind: 'create', type: 'user', fields: newUser() },
      { kind: 'create', type: 'user', fields: newUser() },
    ]);
    const bulkIds = bulk.map((result) => (result.ok ? result.id : 0));
    expect(salesRoutes).toContain('POST /sfwp/v1/bulk');
    const service = clientFor('service', secret);
    await service.update('user', created.id, { last_name: 'Lovelace' });
    const oneOrg = clientFor(undefined, secret);
    await oneOrg.update('user', created.id, { nickname: 'countess' });

    expect((await rowsAfter(start)).map(summary)).toEqual([
      ['user', created.id, 'create', 'connector', 'sales'],
      ['user', created.id, 'update', 'connector', 'sales'],
      ['user', bulkIds[0], 'create', 'connector', 'sales'],
      ['user', bulkIds[1], 'create', 'connector', 'sales'],
      ['user', created.id, 'update', 'connector', 'service'],
      ['user', created.id, 'update', 'connector', ''],
    ]);
    // The connector reads it the same way: a reader for `service` passes the sales rows on.
    const feed = await sales.companion.changes(start, 100);
    expect(feed.changes.map((change: WordPressChange) => change.sourceOrg)).toEqual([
      'sales',
      'sales',
      'sales',
      'sales',
      'service',
      undefined,
    ]);
  });

  it('is empty, and the change a person’s, on an unsigned request that names an org', async () => {
    const secret = randomBytes(32).toString('hex');
    await rest('PUT', '/sfwp/v1/settings', { shared_secret: secret });
    const start = await latestCursor();

    const unsigned = await rest<{ id: number }>('POST', '/wp/v2/users', newUser(), {
      [SOURCE_ORG_HEADER]: 'sales',
    });
    const forged = await rest<{ id: number }>('POST', '/wp/v2/users', newUser(), {
      ...originHeaders(randomBytes(32).toString('hex')),
      [SOURCE_ORG_HEADER]: 'sales',
    });
    const malformed = await rest<{ id: number }>('POST', '/wp/v2/users', newUser(), {
      ...originHeaders(secret),
      [SOURCE_ORG_HEADER]: 'sales org; DROP TABLE',
    });

    expect((await rowsAfter(start)).map(summary)).toEqual([
      ['user', unsigned.id, 'create', 'wordpress', ''],
      ['user', forged.id, 'create', 'wordpress', ''],
      ['user', malformed.id, 'create', 'connector', ''],
    ]);
  });

  it('is the named org for the configured connector user, without a signature', async () => {
    const me = await rest<{ id: number }>('GET', '/wp/v2/users/me');
    await rest('PUT', '/sfwp/v1/settings', { connector_user_id: me.id });
    const start = await latestCursor();
    const user = await clientFor('service', undefined).create('user', newUser());
    expect((await rowsAfter(start)).map(summary)).toEqual([
      ['user', user.id, 'create', 'connector', 'service'],
    ]);
  });
});

describe('upgrading the change table', () => {
  it('adds source_org to a table from before it, keeping its rows (as no org)', async () => {
    const secret = randomBytes(32).toString('hex');
    await rest('PUT', '/sfwp/v1/settings', { shared_secret: secret });
    await clientFor('sales', secret).create('user', newUser());
    const before = await rowsAfter(0);
    expect(before.length).toBeGreaterThan(0);

    // The table as version 2 of the plugin left it: no source_org column.
    const old = await php<{ columns: string[]; version: string }>(`
      $table = SFWP_Schema::table_name();
      $wpdb->query( "ALTER TABLE {$table} DROP COLUMN source_org" );
      update_option( SFWP_Schema::VERSION_OPTION, '2' );
      $result = array(
        'columns' => $wpdb->get_col( "SHOW COLUMNS FROM {$table}" ),
        'version' => get_option( SFWP_Schema::VERSION_OPTION ),
      );
    `);
    expect(old.columns).toContain('reason');
    expect(old.columns).not.toContain('source_org');
    expect(old.version).toBe('2');

    // The next request loads the plugin, which upgrades the table before anything else.
    const after = await rowsAfter(0);
    expect(after.map(({ source_org: _org, ...rest }) => rest)).toEqual(
      before.map(({ source_org: _org, ...rest }) => rest),
    );
    expect(after.map((row) => row.source_org)).toEqual(before.map(() => ''));
    const upgraded = await php<{ column: Record<string, string> | null; version: string }>(`
      $table = SFWP_Schema::table_name();
      $result = array(
        'column'  => $wpdb->get_row( "SHOW COLUMNS FROM {$table} LIKE 'source_org'", ARRAY_A ),
        'version' => get_option( SFWP_Schema::VERSION_OPTION ),
      );
    `);
    expect(upgraded.version).toBe(String(3));
    expect(upgraded.column).toMatchObject({ Type: 'varchar(40)', Null: 'NO', Default: '' });

    // And new connector changes get their org again.
    const start = await latestCursor();
    const user = await clientFor('sales', secret).create('user', newUser());
    expect((await rowsAfter(start)).map(summary)).toEqual([
      ['user', user.id, 'create', 'connector', 'sales'],
    ]);
  });
});
