/**
 * The sfwp companion plugin (connector/wordpress-plugin/sfwp) in the run's real WordPress,
 * through its REST API with application passwords, and through `php` run against the site
 * where REST cannot reach (untrash, pruning, uninstall).
 */
import { createHmac, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { resetWordPress } from '../wordpress/reset.js';
import { COMPANION_PLUGIN_DIR } from '../wordpress/site-files.js';
import type { WordPressPeople } from '../wordpress/target.js';
import { runInSite } from '../wordpress/site-php.js';

const php = <T>(code: string): Promise<T> =>
  runInSite<T>({ url: wordpress.url, siteDir: siteDir() }, code);

const wordpress = inject('wordpress');

type Who = 'anonymous' | 'admin' | 'editor' | 'subscriber';

interface Change {
  cursor: number;
  type: string;
  id: number;
  operation: string;
  origin: string;
  time: string;
}

interface ChangesPage {
  changes: Change[];
  next_cursor: number;
  has_more: boolean;
  latest_cursor: number;
}

interface Settings {
  post_types: string[];
  meta: Record<string, string[]>;
  webhook_url: string | null;
  shared_secret_set: boolean;
  connector_user_id: number;
  retention_days: number;
}

interface Status extends Omit<Settings, 'retention_days'> {
  version: string;
  db_version: string;
  latest_cursor: number;
  acked_cursor: number;
  pending: number;
  shared_secret_source: 'constant' | 'option' | null;
  wordpress_version: string;
  time: string;
}

interface RestError {
  code: string;
  message: string;
  data: { status: number; params?: Record<string, string> };
}

interface WpObject {
  id: number;
  meta: Record<string, unknown>;
  [field: string]: unknown;
}

interface Reply<T> {
  status: number;
  body: T;
  text: string;
}

const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const MILLISECONDS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/;

function people(): WordPressPeople {
  if (!wordpress.people) {
    throw new Error(
      'This test needs the test people (editor, subscriber) that only a WordPress started by ' +
        'this run has; unset WP_URL, WP_USERNAME and WP_APP_PASSWORD to run it.',
    );
  }
  return wordpress.people;
}

function siteDir(): string {
  if (!wordpress.siteDir) {
    throw new Error(
      'This test runs php against the site files, which only a WordPress started by this run ' +
        'has; unset WP_URL, WP_USERNAME and WP_APP_PASSWORD to run it.',
    );
  }
  return wordpress.siteDir;
}

function authorization(who: Who): string | undefined {
  if (who === 'anonymous') return undefined;
  const [user, password] =
    who === 'admin'
      ? [wordpress.username, wordpress.applicationPassword]
      : [people()[who].username, people()[who].applicationPassword];
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

async function rest<T>(
  method: string,
  route: string,
  options: { as?: Who; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  const auth = authorization(options.as ?? 'admin');
  if (auth) headers.authorization = auth;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${wordpress.url}/wp-json${route}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  let body: T;
  try {
    body = JSON.parse(text) as T;
  } catch {
    throw new Error(`${method} ${route} answered ${response.status} with non-JSON: ${text}`);
  }
  return { status: response.status, body, text };
}

/** A REST call that must succeed; returns the body. */
async function ok<T>(
  method: string,
  route: string,
  options: { as?: Who; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const reply = await rest<T>(method, route, options);
  if (reply.status >= 300) {
    throw new Error(`${method} ${route} answered ${reply.status}: ${reply.text}`);
  }
  return reply.body;
}

async function status(): Promise<Status> {
  return ok<Status>('GET', '/sfwp/v1/status');
}

async function latestCursor(): Promise<number> {
  return (await status()).latest_cursor;
}

async function changesAfter(cursor: number): Promise<Change[]> {
  const page = await ok<ChangesPage>('GET', `/sfwp/v1/changes?after=${cursor}&limit=1000`);
  expect(page.has_more).toBe(false);
  return page.changes;
}

/** The changes after a cursor as [type, id, operation, origin] tuples. */
async function rowsAfter(cursor: number): Promise<[string, number, string, string][]> {
  return (await changesAfter(cursor)).map((change) => [
    change.type,
    change.id,
    change.operation,
    change.origin,
  ]);
}

async function putSettings(body: Record<string, unknown>): Promise<Settings> {
  return ok<Settings>('PUT', '/sfwp/v1/settings', { body });
}

function unique(prefix: string): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

function newSecret(): string {
  return randomBytes(32).toString('hex');
}

function originHeaders(
  secret: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const stamp = String(timestamp);
  const mac = createHmac('sha256', secret).update(`${stamp}.connector`).digest('hex');
  return { 'x-sfwp-timestamp': stamp, 'x-sfwp-origin': `sha256=${mac}` };
}

async function createUser(as: Who, fields: Record<string, unknown> = {}): Promise<WpObject> {
  const username = unique('person');
  return ok<WpObject>('POST', '/wp/v2/users', {
    as,
    body: {
      username,
      email: `${username}@example.test`,
      password: randomBytes(12).toString('hex'),
      ...fields,
    },
  });
}

async function adminId(): Promise<number> {
  return (await ok<WpObject>('GET', '/wp/v2/users/me')).id;
}

interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on 127.0.0.1 that keeps what it gets. */
async function startReceiver(): Promise<{
  url: string;
  deliveries: Delivery[];
  waitFor(count: number, timeoutMs?: number): Promise<Delivery[]>;
  close(): Promise<void>;
}> {
  const deliveries: Delivery[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      deliveries.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.end('ok');
    });
  });
  // The plugin closes the connection without reading the answer.
  server.on('clientError', (_error, socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('receiver has no port');
  return {
    url: `http://127.0.0.1:${address.port}/sfwp-hook`,
    deliveries,
    async waitFor(count, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (deliveries.length < count && Date.now() < deadline) await delay(20);
      if (deliveries.length < count) {
        throw new Error(
          `expected ${count} webhook(s) within ${timeoutMs} ms, got ${deliveries.length}`,
        );
      }
      return deliveries;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
      }),
  };
}

async function pluginHeaderVersion(): Promise<string> {
  const main = await readFile(join(COMPANION_PLUGIN_DIR, 'sfwp.php'), 'utf8');
  const version = /^\s*\*\s*Version:\s*(\S+)/m.exec(main)?.[1];
  if (!version) throw new Error('sfwp.php has no Version header');
  return version;
}

/** Suites whose tests need the freshly installed site (cursor 0, default settings). */
function startEachTestClean(): void {
  beforeEach(async () => {
    await resetWordPress(wordpress);
  });
}

beforeAll(async () => {
  await resetWordPress(wordpress);
});

afterAll(async () => {
  await resetWordPress(wordpress);
});

describe('installation', () => {
  startEachTestClean();

  it('is active with its table, capability, default settings and daily prune event', async () => {
    const current = await status();
    expect(current).toMatchObject({
      version: await pluginHeaderVersion(),
      db_version: '3',
      latest_cursor: 0,
      acked_cursor: 0,
      pending: 0,
      meta: {},
      webhook_url: null,
      shared_secret_set: false,
      shared_secret_source: null,
      connector_user_id: 0,
    });
    expect(current.post_types).toEqual(expect.arrayContaining(['post', 'page', 'organization']));
    expect(current.wordpress_version).toMatch(/^\d+\.\d+/);
    expect(current.time).toMatch(ISO_MICROS);
    expect(Math.abs(Date.parse(current.time) - Date.now())).toBeLessThan(60_000);
    expect(Object.keys(current)).not.toContain('shared_secret');

    const site = await php<{
      schedule: string | false;
      next: number | false;
      admin: boolean;
      editorRole: boolean;
      table: string;
    }>(`
      $result = array(
        'schedule'   => wp_get_schedule( 'sfwp_prune_changes' ),
        'next'       => wp_next_scheduled( 'sfwp_prune_changes' ),
        'admin'      => get_role( 'administrator' )->has_cap( 'sfwp_sync' ),
        'editorRole' => get_role( 'editor' )->has_cap( 'sfwp_sync' ),
        'table'      => $wpdb->get_row( "SHOW CREATE TABLE {$wpdb->prefix}sfwp_changes", ARRAY_N )[1],
      );
    `);
    expect(site.schedule).toBe('daily');
    expect(site.next).toBeGreaterThan(Date.now() / 1000 - 60);
    expect(site.admin).toBe(true);
    expect(site.editorRole).toBe(false);
    expect(site.table).toMatch(/`id` bigint\(20\) unsigned NOT NULL AUTO_INCREMENT/);
    expect(site.table).toMatch(/`changed_at` datetime\(6\) NOT NULL/);
    expect(site.table).toMatch(/KEY `object` \(`object_type`,`object_id`\)/);
  });
});

describe('access', () => {
  const routes: [string, string, Record<string, unknown> | undefined][] = [
    ['GET', '/sfwp/v1/changes', undefined],
    ['POST', '/sfwp/v1/ack', { cursor: 0 }],
    ['GET', '/sfwp/v1/status', undefined],
    ['GET', '/sfwp/v1/settings', undefined],
    ['PUT', '/sfwp/v1/settings', { retention_days: 7 }],
  ];

  it.each(routes)(
    '%s %s: anonymous 401, subscriber 403, administrators 200',
    async (method, route, body) => {
      const anonymous = await rest<RestError>(method, route, { as: 'anonymous', body });
      expect(anonymous.status).toBe(401);
      expect(anonymous.body.code).toBe('rest_not_logged_in');

      const subscriber = await rest<RestError>(method, route, { as: 'subscriber', body });
      expect(subscriber.status).toBe(403);
      expect(subscriber.body.code).toBe('rest_forbidden');

      expect((await rest(method, route, { as: 'admin', body })).status).toBe(200);
      expect((await rest(method, route, { as: 'editor', body })).status).toBe(200);
    },
  );
});

describe('parameter validation', () => {
  it.each([
    'limit=0',
    'limit=5000',
    'limit=abc',
    'after=-1',
    'after=abc',
    'after=1.5',
    `after=${encodeURIComponent('1 OR 1=1')}`,
    `after=${encodeURIComponent('0; DROP TABLE wp_sfwp_changes')}`,
    `limit=${encodeURIComponent('10 UNION SELECT user_pass FROM wp_users')}`,
    'after=99999999999999999999999',
  ])('GET /changes?%s is 400 rest_invalid_param', async (query) => {
    const reply = await rest<RestError>('GET', `/sfwp/v1/changes?${query}`);
    expect(reply.status).toBe(400);
    expect(reply.body.code).toBe('rest_invalid_param');
  });

  it('leaves the table alone after SQL-looking input', async () => {
    const start = await latestCursor();
    await createUser('editor');
    const injected = `${start}; DELETE FROM wp_sfwp_changes`;
    const reply = await rest('GET', `/sfwp/v1/changes?after=${encodeURIComponent(injected)}`);
    expect(reply.status).toBe(400);
    expect(await changesAfter(start)).toHaveLength(1);
  });

  it.each<[string, Record<string, unknown>]>([
    ['an ftp webhook_url', { webhook_url: 'ftp://127.0.0.1/hook' }],
    ['a webhook_url that is no URL', { webhook_url: 'not a url' }],
    ['a javascript: webhook_url', { webhook_url: 'javascript:alert(1)' }],
    ['a protected meta key', { meta: { organization: ['_secret'] } }],
    ['a WordPress-internal user meta key', { meta: { user: ['wp_capabilities'] } }],
    ['a meta key with spaces', { meta: { post: ['two words'] } }],
    ['meta for an unknown post type', { meta: { no_such_type: ['website'] } }],
    ['an unknown post type', { post_types: ['post', 'no_such_type'] }],
    ['revisions as a post type', { post_types: ['revision'] }],
    ['post_types with a number in it', { post_types: ['post', 42] }],
    ['post_types null', { post_types: null }],
    ['a short shared_secret', { shared_secret: 'too-short' }],
    ['retention_days 0', { retention_days: 0 }],
    ['retention_days 366', { retention_days: 366 }],
    ['a connector_user_id that does not exist', { connector_user_id: 987654 }],
    ['a negative connector_user_id', { connector_user_id: -1 }],
  ])(
    'PUT /settings with %s is 400 rest_invalid_param and changes nothing',
    async (_label, body) => {
      const before = await ok<Settings>('GET', '/sfwp/v1/settings');
      const reply = await rest<RestError>('PUT', '/sfwp/v1/settings', { body });
      expect(reply.status).toBe(400);
      expect(reply.body.code).toBe('rest_invalid_param');
      expect(await ok<Settings>('GET', '/sfwp/v1/settings')).toEqual(before);
    },
  );

  it('refuses a bad or missing ack cursor', async () => {
    const negative = await rest<RestError>('POST', '/sfwp/v1/ack', { body: { cursor: -1 } });
    expect(negative.status).toBe(400);
    expect(negative.body.code).toBe('rest_invalid_param');
    const text = await rest<RestError>('POST', '/sfwp/v1/ack', { body: { cursor: '1 OR 1=1' } });
    expect(text.status).toBe(400);
    expect(text.body.code).toBe('rest_invalid_param');
    const missing = await rest<RestError>('POST', '/sfwp/v1/ack', { body: {} });
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('rest_missing_callback_param');
  });

  it('takes a subset of settings, keeps the rest, and never shows the secret', async () => {
    const secret = newSecret();
    const saved = await ok<Settings>('PUT', '/sfwp/v1/settings', {
      body: {
        shared_secret: secret,
        retention_days: 3,
        webhook_url: 'https://hooks.example.test/sfwp',
      },
    });
    expect(saved).toEqual({
      post_types: expect.arrayContaining(['post', 'page', 'organization']) as unknown,
      meta: {},
      html_meta_keys: {},
      url_meta_keys: {},
      list_meta_keys: {},
      webhook_url: 'https://hooks.example.test/sfwp',
      shared_secret_set: true,
      connector_user_id: 0,
      retention_days: 3,
    });
    const read = await rest<Settings>('GET', '/sfwp/v1/settings');
    expect(read.body).toEqual(saved);
    const current = await rest<Status>('GET', '/sfwp/v1/status');
    expect(current.body.shared_secret_source).toBe('option');
    for (const text of [read.text, current.text]) expect(text).not.toContain(secret);

    // POST works like PUT; null clears the webhook and the secret.
    const cleared = await ok<Settings>('POST', '/sfwp/v1/settings', {
      body: { webhook_url: null, shared_secret: null },
    });
    expect(cleared).toMatchObject({
      webhook_url: null,
      shared_secret_set: false,
      retention_days: 3,
    });
  });
});

describe('user changes', () => {
  startEachTestClean();

  it('records create, update and delete by a person as origin wordpress, oldest first', async () => {
    const start = await latestCursor();
    const user = await createUser('editor', { first_name: 'Ada' });
    await ok('POST', `/wp/v2/users/${user.id}`, { as: 'editor', body: { last_name: 'Lovelace' } });
    await ok('DELETE', `/wp/v2/users/${user.id}?force=true&reassign=${people().editor.id}`, {
      as: 'editor',
    });

    const changes = await changesAfter(start);
    expect(
      changes.map((change) => [change.type, change.id, change.operation, change.origin]),
    ).toEqual([
      ['user', user.id, 'create', 'wordpress'],
      ['user', user.id, 'update', 'wordpress'],
      ['user', user.id, 'delete', 'wordpress'],
    ]);
    const cursors = changes.map((change) => change.cursor);
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(cursors[0]).toBeGreaterThan(start);
    for (const change of changes) {
      expect(change.time).toMatch(ISO_MICROS);
      expect(Math.abs(Date.parse(change.time) - Date.now())).toBeLessThan(60_000);
    }
  });

  it('stamps sfwp_modified_gmt on every change a person makes and shows it in REST (null before)', async () => {
    const untouched = await ok<WpObject>(
      'GET',
      `/wp/v2/users/${people().subscriber.id}?context=edit`,
    );
    expect(untouched.sfwp_modified_gmt).toBeNull();

    const user = await createUser('editor');
    expect(user.sfwp_modified_gmt).toMatch(MILLISECONDS);
    await php(`update_user_meta( ${user.id}, 'sfwp_modified_gmt', '2001-01-01T00:00:00' );`);
    expect((await ok<WpObject>('GET', `/wp/v2/users/${user.id}`)).sfwp_modified_gmt).toBe(
      '2001-01-01T00:00:00',
    );

    await ok('POST', `/wp/v2/users/${user.id}`, { as: 'editor', body: { nickname: 'changed' } });
    const stamped = (await ok<WpObject>('GET', `/wp/v2/users/${user.id}?context=edit`))
      .sfwp_modified_gmt as string;
    expect(stamped).toMatch(MILLISECONDS);
    expect(Math.abs(Date.parse(`${stamped}Z`) - Date.now())).toBeLessThan(60_000);
    // The connector's own (signed) write is not an edit: the time stays the person's.
    const secret = newSecret();
    await putSettings({ shared_secret: secret });
    await php(`update_user_meta( ${user.id}, 'sfwp_modified_gmt', '2002-02-02T00:00:00' );`);
    await ok('POST', `/wp/v2/users/${user.id}`, {
      body: { nickname: 'synced' },
      headers: originHeaders(secret),
    });
    expect((await ok<WpObject>('GET', `/wp/v2/users/${user.id}`)).sfwp_modified_gmt).toBe(
      '2002-02-02T00:00:00',
    );
    // Read-only: writing it through REST changes nothing.
    await ok('POST', `/wp/v2/users/${user.id}`, {
      as: 'editor',
      body: { sfwp_modified_gmt: '1999-01-01T00:00:00' },
    });
    expect((await ok<WpObject>('GET', `/wp/v2/users/${user.id}`)).sfwp_modified_gmt).not.toBe(
      '1999-01-01T00:00:00',
    );
  });

  it('records one row for a REST write that also changes registered meta', async () => {
    await putSettings({ meta: { user: ['sfwp_phone'] } });
    const start = await latestCursor();
    const user = await createUser('editor', {
      first_name: 'Grace',
      meta: { sfwp_phone: '+1 555' },
    });
    expect(user.meta.sfwp_phone).toBe('+1 555');
    const afterCreate = await latestCursor();
    const updated = await ok<WpObject>('POST', `/wp/v2/users/${user.id}`, {
      as: 'editor',
      body: { first_name: 'Grace B.', meta: { sfwp_phone: '+1 556' } },
    });
    expect(updated.meta.sfwp_phone).toBe('+1 556');
    const afterUpdate = await latestCursor();
    await ok('POST', `/wp/v2/users/${user.id}`, {
      as: 'editor',
      body: { meta: { sfwp_phone: '+1 557' } },
    });

    expect(await rowsAfter(start)).toEqual([
      ['user', user.id, 'create', 'wordpress'],
      ['user', user.id, 'update', 'wordpress'],
      ['user', user.id, 'update', 'wordpress'],
    ]);
    expect(afterCreate - start).toBe(1);
    expect(afterUpdate - afterCreate).toBe(1);
  });

  it('records a role change, and ignores WordPress bookkeeping meta', async () => {
    const user = await createUser('editor');
    const start = await latestCursor();
    await ok('POST', `/wp/v2/users/${user.id}`, { as: 'editor', body: { roles: ['author'] } });
    expect(await rowsAfter(start)).toEqual([['user', user.id, 'update', 'wordpress']]);

    const quiet = await latestCursor();
    await php(`
      update_user_meta( ${user.id}, 'session_tokens', array( 'x' => array( 'expiration' => time() + 60 ) ) );
      update_user_meta( ${user.id}, 'dismissed_wp_pointers', 'theme_editor_notice' );
      update_user_meta( ${user.id}, $wpdb->get_blog_prefix() . 'user-settings', 'editor=html' );
      update_user_meta( ${user.id}, '_private_note', 'x' );
    `);
    expect(await rowsAfter(quiet)).toEqual([]);
  });

  it('pages through the feed with limit, has_more and next_cursor', async () => {
    const start = await latestCursor();
    for (let index = 0; index < 5; index += 1) await createUser('editor');
    const all = await changesAfter(start);
    expect(all).toHaveLength(5);

    const seen: number[] = [];
    let cursor = start;
    const pages: boolean[] = [];
    for (;;) {
      const page = await ok<ChangesPage>('GET', `/sfwp/v1/changes?after=${cursor}&limit=2`);
      seen.push(...page.changes.map((change) => change.cursor));
      pages.push(page.has_more);
      expect(page.latest_cursor).toBe(all[4]?.cursor);
      if (page.changes.length > 0) expect(page.next_cursor).toBe(page.changes.at(-1)?.cursor);
      cursor = page.next_cursor;
      if (!page.has_more) break;
    }
    expect(seen).toEqual(all.map((change) => change.cursor));
    expect(pages).toEqual([true, true, false]);

    const empty = await ok<ChangesPage>('GET', `/sfwp/v1/changes?after=${cursor}`);
    expect(empty).toEqual({
      changes: [],
      next_cursor: cursor,
      has_more: false,
      latest_cursor: cursor,
    });
    const beyond = await ok<ChangesPage>('GET', `/sfwp/v1/changes?after=${cursor + 100}`);
    expect(beyond).toMatchObject({ changes: [], next_cursor: cursor + 100, has_more: false });

    const defaults = await ok<ChangesPage>('GET', '/sfwp/v1/changes');
    expect(defaults.changes.map((change) => change.cursor)).toEqual(
      (await changesAfter(0)).map((change) => change.cursor),
    );
  });

  it('records the posts a user deletion reassigns', async () => {
    const user = await createUser('editor');
    const post = await ok<WpObject>('POST', '/wp/v2/posts', {
      body: { title: 'Theirs', status: 'publish', author: user.id },
    });
    const start = await latestCursor();
    await ok('DELETE', `/wp/v2/users/${user.id}?force=true&reassign=${people().editor.id}`, {
      as: 'editor',
    });
    expect(await rowsAfter(start)).toEqual([
      ['user', user.id, 'delete', 'wordpress'],
      ['post', post.id, 'update', 'wordpress'],
    ]);
  });
});

describe('origin', () => {
  startEachTestClean();

  it('is connector for a request signed with the shared secret, within 300 s', async () => {
    const secret = newSecret();
    await putSettings({ shared_secret: secret });
    const now = Math.floor(Date.now() / 1000);
    const start = await latestCursor();

    const fresh = await ok<WpObject>('POST', '/wp/v2/posts', {
      body: { title: 'signed', status: 'publish' },
      headers: originHeaders(secret, now),
    });
    const early = await ok<WpObject>('POST', '/wp/v2/posts', {
      body: { title: 'signed, clock ahead', status: 'publish' },
      headers: originHeaders(secret, now + 250),
    });
    const stale = await ok<WpObject>('POST', '/wp/v2/posts', {
      body: { title: 'stale', status: 'publish' },
      headers: originHeaders(secret, now - 301),
    });
    const forged = await ok<WpObject>('POST', '/wp/v2/posts', {
      body: { title: 'forged', status: 'publish' },
      headers: originHeaders(newSecret(), now),
    });
    const mangled = await ok<WpObject>('POST', '/wp/v2/posts', {
      body: { title: 'mangled', status: 'publish' },
      headers: { ...originHeaders(secret, now), 'x-sfwp-timestamp': String(now - 1) },
    });

    expect(await rowsAfter(start)).toEqual([
      ['post', fresh.id, 'create', 'connector'],
      ['post', early.id, 'create', 'connector'],
      ['post', stale.id, 'create', 'wordpress'],
      ['post', forged.id, 'create', 'wordpress'],
      ['post', mangled.id, 'create', 'wordpress'],
    ]);
  });

  it('ignores signatures while no secret is set', async () => {
    const start = await latestCursor();
    const post = await ok<WpObject>('POST', '/wp/v2/posts', {
      body: { title: 'no secret', status: 'publish' },
      headers: originHeaders(''),
    });
    expect(await rowsAfter(start)).toEqual([['post', post.id, 'create', 'wordpress']]);
  });

  it('is connector for every request inside a signed /batch/v1 call', async () => {
    const secret = newSecret();
    await putSettings({ shared_secret: secret });
    const start = await latestCursor();
    const batch = await rest<{ responses: { status: number; body: WpObject }[] }>(
      'POST',
      '/batch/v1',
      {
        headers: originHeaders(secret),
        body: {
          requests: [1, 2].map((index) => ({
            method: 'POST',
            path: '/wp/v2/organizations',
            body: { title: `Signed org ${index}`, status: 'publish' },
          })),
        },
      },
    );
    expect(batch.status).toBe(207);
    const ids = batch.body.responses.map((response) => response.body.id);
    expect(await rowsAfter(start)).toEqual(
      ids.map((id) => ['organization', id, 'create', 'connector']),
    );
  });

  it('is connector for the configured connector user, wordpress for everyone else', async () => {
    const admin = await adminId();
    expect((await putSettings({ connector_user_id: admin })).connector_user_id).toBe(admin);
    const start = await latestCursor();
    const byConnector = await ok<WpObject>('POST', '/wp/v2/posts', {
      body: { title: 'sync', status: 'publish' },
    });
    const byPerson = await ok<WpObject>('POST', '/wp/v2/posts', {
      as: 'editor',
      body: { title: 'person', status: 'publish' },
    });
    await putSettings({ connector_user_id: 0 });
    const afterReset = await ok<WpObject>('POST', `/wp/v2/posts/${byConnector.id}`, {
      body: { title: 'sync 2' },
    });

    expect(await rowsAfter(start)).toEqual([
      ['post', byConnector.id, 'create', 'connector'],
      ['post', byPerson.id, 'create', 'wordpress'],
      ['post', afterReset.id, 'update', 'wordpress'],
    ]);
  });
});

describe('post changes', () => {
  startEachTestClean();

  it('records an organization through create, update, meta update, trash, untrash and delete', async () => {
    let cursor = await latestCursor();
    const step = async (expected: [string, string][]): Promise<void> => {
      const rows = await rowsAfter(cursor);
      expect(rows.map(([type, , operation, origin]) => [type, operation, origin])).toEqual(
        expected.map(([type, operation]) => [type, operation, 'wordpress']),
      );
      cursor = await latestCursor();
    };

    const org = await ok<WpObject>('POST', '/wp/v2/organizations', {
      as: 'editor',
      body: { title: 'Acme', status: 'publish', meta: { website: 'https://acme.test' } },
    });
    expect(org.meta.website).toBe('https://acme.test');
    await step([['organization', 'create']]);
    expect((await changesAfter(0)).at(-1)?.id).toBe(org.id);

    await ok('POST', `/wp/v2/organizations/${org.id}`, {
      as: 'editor',
      body: { title: 'Acme Inc' },
    });
    await step([['organization', 'update']]);

    await ok('POST', `/wp/v2/organizations/${org.id}`, {
      as: 'editor',
      body: { meta: { billing_city: 'Paris' } },
    });
    await step([['organization', 'update']]);

    const trashed = await ok<{ status: string }>('DELETE', `/wp/v2/organizations/${org.id}`, {
      as: 'editor',
    });
    expect(trashed.status).toBe('trash');
    await step([['organization', 'trash']]);

    const restored = await php<string>(`
      wp_untrash_post( ${org.id} );
      $result = get_post_status( ${org.id} );
    `);
    expect(restored).toBe('draft');
    await step([['organization', 'untrash']]);

    await ok('DELETE', `/wp/v2/organizations/${org.id}?force=true`, { as: 'editor' });
    await step([['organization', 'delete']]);
    expect(
      (await changesAfter(0)).every(
        (change) => change.type === 'organization' && change.id === org.id,
      ),
    ).toBe(true);
  });

  it('records posts but never their revisions or autosaves', async () => {
    const start = await latestCursor();
    const post = await ok<WpObject>('POST', '/wp/v2/posts', {
      as: 'editor',
      body: { title: 'First', content: 'one', status: 'publish', meta: { sfwp_test_note: 'a' } },
    });
    await ok('POST', `/wp/v2/posts/${post.id}`, { as: 'editor', body: { content: 'two' } });
    await ok('POST', `/wp/v2/posts/${post.id}`, { as: 'editor', body: { content: 'three' } });
    const revisions = await ok<WpObject[]>('GET', `/wp/v2/posts/${post.id}/revisions`, {
      as: 'editor',
    });
    expect(revisions.length).toBeGreaterThanOrEqual(2);
    expect(await rowsAfter(start)).toEqual([
      ['post', post.id, 'create', 'wordpress'],
      ['post', post.id, 'update', 'wordpress'],
      ['post', post.id, 'update', 'wordpress'],
    ]);

    // An autosave of a published post is a revision; one of the author's own draft is
    // written into the draft itself. Neither is a change to sync.
    const quiet = await latestCursor();
    await ok('POST', `/wp/v2/posts/${post.id}/autosaves`, {
      as: 'editor',
      body: { content: 'typing…' },
    });
    const draft = await ok<WpObject>('POST', '/wp/v2/posts', {
      as: 'editor',
      body: { title: 'Draft', content: 'start', status: 'draft' },
    });
    const afterDraft = await latestCursor();
    await ok('POST', `/wp/v2/posts/${draft.id}/autosaves`, {
      as: 'editor',
      body: { content: 'still typing' },
    });
    const saved = await ok<{ content: { raw: string } }>(
      'GET',
      `/wp/v2/posts/${draft.id}?context=edit`,
      {
        as: 'editor',
      },
    );
    expect(saved.content.raw).toBe('still typing');
    expect(await rowsAfter(quiet)).toEqual([['post', draft.id, 'create', 'wordpress']]);
    expect(await latestCursor()).toBe(afterDraft);
  });

  it('records nothing for post types it does not track', async () => {
    await putSettings({ post_types: ['post', 'organization'] });
    const start = await latestCursor();
    const block = await ok<WpObject>('POST', '/wp/v2/blocks', {
      body: {
        title: 'Reusable',
        content: '<!-- wp:paragraph --><p>x</p><!-- /wp:paragraph -->',
        status: 'publish',
      },
    });
    await ok('POST', `/wp/v2/blocks/${block.id}`, { body: { title: 'Reusable 2' } });
    const page = await ok<WpObject>('POST', '/wp/v2/pages', {
      body: { title: 'Untracked page', status: 'publish' },
    });
    await ok('DELETE', `/wp/v2/pages/${page.id}?force=true`);
    expect(await rowsAfter(start)).toEqual([]);

    await putSettings({ post_types: ['post', 'page', 'organization'] });
    const tracked = await ok<WpObject>('POST', '/wp/v2/pages', {
      body: { title: 'Tracked page', status: 'publish' },
    });
    expect(await rowsAfter(start)).toEqual([['page', tracked.id, 'create', 'wordpress']]);
  });

  it('records one create per post of a /batch/v1 request', async () => {
    const start = await latestCursor();
    const batch = await rest<{ responses: { status: number; body: WpObject }[] }>(
      'POST',
      '/batch/v1',
      {
        as: 'editor',
        body: {
          requests: [1, 2, 3].map((index) => ({
            method: 'POST',
            path: '/wp/v2/posts',
            body: {
              title: `Batch ${index}`,
              status: 'publish',
              meta: { sfwp_test_note: `n${index}` },
            },
          })),
        },
      },
    );
    expect(batch.status).toBe(207);
    expect(batch.body.responses.map((response) => response.status)).toEqual([201, 201, 201]);
    const ids = batch.body.responses.map((response) => response.body.id);
    expect(await rowsAfter(start)).toEqual(ids.map((id) => ['post', id, 'create', 'wordpress']));
  });

  it('records an auto-draft once it becomes a real post, as a create', async () => {
    const start = await latestCursor();
    const draftId = await php<number>(`
      $result = wp_insert_post( array( 'post_type' => 'post', 'post_status' => 'auto-draft', 'post_title' => 'Auto Draft' ) );
      update_post_meta( $result, 'sfwp_test_note', 'early' );
    `);
    expect(await rowsAfter(start)).toEqual([]);
    await ok('POST', `/wp/v2/posts/${draftId}`, {
      as: 'editor',
      body: { title: 'Now real', status: 'publish', meta: { sfwp_test_note: 'real' } },
    });
    expect(await rowsAfter(start)).toEqual([['post', draftId, 'create', 'wordpress']]);
  });

  it('records attachments when they are tracked', async () => {
    await putSettings({ post_types: ['post', 'page', 'organization', 'attachment'] });
    const start = await latestCursor();
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
      'base64',
    );
    const upload = await fetch(`${wordpress.url}/wp-json/wp/v2/media`, {
      method: 'POST',
      headers: {
        authorization: authorization('editor') ?? '',
        'content-type': 'image/png',
        'content-disposition': 'attachment; filename="pixel.png"',
      },
      body: png,
    });
    const media = (await upload.json()) as WpObject;
    expect(upload.status).toBe(201);
    await ok('POST', `/wp/v2/media/${media.id}`, { as: 'editor', body: { alt_text: 'A pixel' } });
    await ok('DELETE', `/wp/v2/media/${media.id}?force=true`, { as: 'editor' });
    expect(await rowsAfter(start)).toEqual([
      ['attachment', media.id, 'create', 'wordpress'],
      ['attachment', media.id, 'update', 'wordpress'],
      ['attachment', media.id, 'delete', 'wordpress'],
    ]);

    // Outside REST (the media screen's uploader) WordPress announces attachments only
    // through add_attachment.
    const post = await ok<WpObject>('POST', '/wp/v2/posts', {
      body: { title: 'Host', status: 'publish' },
    });
    const direct = await latestCursor();
    const attachmentId = await php<number>(`
      $result = wp_insert_attachment( array( 'post_title' => 'Direct', 'post_mime_type' => 'image/png', 'post_status' => 'inherit' ), 'direct.png' );
      update_post_meta( ${post.id}, 'sfwp_test_note', 'after the upload' );
    `);
    expect(await rowsAfter(direct)).toEqual([
      ['attachment', attachmentId, 'create', 'wordpress'],
      ['post', post.id, 'update', 'wordpress'],
    ]);
  });

  it('records one create for a post inserted with meta_input outside REST', async () => {
    const start = await latestCursor();
    const ids = await php<{ org: number; other: number }>(`
      $other = wp_insert_post( array( 'post_type' => 'post', 'post_status' => 'publish', 'post_title' => 'Other' ) );
      $org   = wp_insert_post(
        array(
          'post_type'   => 'organization',
          'post_status' => 'publish',
          'post_title'  => 'Imported',
          'meta_input'  => array( 'website' => 'https://imported.test', 'billing_city' => 'Lyon' ),
        )
      );
      $result = array( 'org' => $org, 'other' => $other );
    `);
    expect(await rowsAfter(start)).toEqual([
      ['post', ids.other, 'create', 'wordpress'],
      ['organization', ids.org, 'create', 'wordpress'],
    ]);
  });
});

describe('meta registration through settings', () => {
  startEachTestClean();

  it('registers the configured meta keys for REST and leaves other registrations alone', async () => {
    const org = await ok<WpObject>('POST', '/wp/v2/organizations', {
      body: { title: 'Meta Co', status: 'publish' },
    });
    const ignored = await ok<WpObject>('POST', `/wp/v2/organizations/${org.id}`, {
      body: { meta: { sfwp_demo_key: 'ignored' } },
    });
    expect(ignored.meta).not.toHaveProperty('sfwp_demo_key');

    const saved = await putSettings({
      meta: { organization: ['sfwp_demo_key'], user: ['website'] },
    });
    expect(saved.meta).toEqual({ organization: ['sfwp_demo_key'], user: ['website'] });
    expect((await status()).meta).toEqual(saved.meta);

    const written = await ok<WpObject>('POST', `/wp/v2/organizations/${org.id}`, {
      as: 'editor',
      body: { meta: { sfwp_demo_key: 'hello' } },
    });
    expect(written.meta.sfwp_demo_key).toBe('hello');
    const read = await ok<WpObject>('GET', `/wp/v2/organizations/${org.id}?context=edit`);
    expect(read.meta.sfwp_demo_key).toBe('hello');
    // Keys registered elsewhere (the test fixtures' website) keep working as before.
    expect(read.meta).toHaveProperty('website');

    const me = await ok<WpObject>('POST', `/wp/v2/users/${people().subscriber.id}`, {
      as: 'editor',
      body: { meta: { website: 'https://sub.example.test' } },
    });
    expect(me.meta.website).toBe('https://sub.example.test');

    // Registered keys show only in the edit context: not to the public.
    const publicOrg = await ok<WpObject>('GET', `/wp/v2/organizations/${org.id}`, {
      as: 'anonymous',
    });
    expect(publicOrg.meta).not.toHaveProperty('sfwp_demo_key');
    expect(publicOrg.meta).toHaveProperty('website');
    await ok('POST', '/wp/v2/posts', {
      body: { title: 'By the subscriber', status: 'publish', author: people().subscriber.id },
    });
    const publicAuthor = await ok<WpObject>('GET', `/wp/v2/users/${people().subscriber.id}`, {
      as: 'anonymous',
    });
    expect(publicAuthor.meta).not.toHaveProperty('website');
    const privateAuthor = await ok<WpObject>(
      'GET',
      `/wp/v2/users/${people().subscriber.id}?context=edit`,
      { as: 'editor' },
    );
    expect(privateAuthor.meta.website).toBe('https://sub.example.test');
  });
});

describe('webhook', () => {
  startEachTestClean();

  it('POSTs one signed wake-up per request with WordPress changes, none for connector-only ones', async () => {
    const receiver = await startReceiver();
    try {
      const secret = newSecret();
      await putSettings({ webhook_url: receiver.url, shared_secret: secret });
      expect(receiver.deliveries).toHaveLength(0);

      const post = await ok<WpObject>('POST', '/wp/v2/posts', {
        as: 'editor',
        body: { title: 'Wake up', status: 'publish', meta: { sfwp_test_note: 'x' } },
      });
      const [first] = await receiver.waitFor(1);
      if (!first) throw new Error('no delivery');
      expect(first.headers['content-type']).toBe('application/json');
      const timestamp = first.headers['x-sfwp-timestamp'];
      const signature = first.headers['x-sfwp-signature'];
      if (typeof timestamp !== 'string' || typeof signature !== 'string') {
        throw new Error(`missing signature headers: ${JSON.stringify(first.headers)}`);
      }
      expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(30);
      const expected = createHmac('sha256', secret)
        .update(`${timestamp}.${first.body}`)
        .digest('hex');
      expect(signature).toBe(`sha256=${expected}`);
      const payload = JSON.parse(first.body) as { latest_cursor: number; count: number };
      const rows = await changesAfter(0);
      expect(payload).toEqual({ latest_cursor: rows.at(-1)?.cursor, count: 1 });
      expect(rows.at(-1)).toMatchObject({ id: post.id, operation: 'create' });

      // Connector-signed writes wake nobody; the next person's edit does, once per request.
      await ok('POST', `/wp/v2/posts/${post.id}`, {
        body: { title: 'by sync' },
        headers: originHeaders(secret),
      });
      await ok('POST', '/batch/v1', {
        as: 'editor',
        body: {
          requests: [1, 2, 3].map((index) => ({
            method: 'POST',
            path: '/wp/v2/posts',
            body: { title: `Person ${index}`, status: 'publish' },
          })),
        },
      });
      const deliveries = await receiver.waitFor(2);
      await delay(300);
      expect(deliveries).toHaveLength(2);
      const second = deliveries[1];
      if (!second) throw new Error('no second delivery');
      const all = await changesAfter(0);
      expect(JSON.parse(second.body)).toEqual({ latest_cursor: all.at(-1)?.cursor, count: 3 });
      expect(all.filter((change) => change.origin === 'connector')).toHaveLength(1);
    } finally {
      await receiver.close();
    }
  });

  it('sends nothing without a secret', async () => {
    const receiver = await startReceiver();
    try {
      await putSettings({ webhook_url: receiver.url });
      await ok('POST', '/wp/v2/posts', {
        as: 'editor',
        body: { title: 'Quiet', status: 'publish' },
      });
      await delay(500);
      expect(receiver.deliveries).toHaveLength(0);
    } finally {
      await receiver.close();
    }
  });
});

describe('acknowledgement and pruning', () => {
  startEachTestClean();

  async function ageRow(cursor: number, interval: string): Promise<void> {
    await php(
      `$wpdb->query( $wpdb->prepare( "UPDATE {$wpdb->prefix}sfwp_changes SET changed_at = UTC_TIMESTAMP(6) - INTERVAL ${interval} WHERE id = %d", ${cursor} ) );`,
    );
  }

  async function prune(): Promise<void> {
    await php(`do_action( 'sfwp_prune_changes' );`);
  }

  it('moves the acknowledged cursor forward only, and reports what is pending', async () => {
    for (let index = 0; index < 4; index += 1) await createUser('editor');
    const cursors = (await changesAfter(0)).map((change) => change.cursor);
    const [, , third, fourth] = cursors;
    if (third === undefined || fourth === undefined) throw new Error('expected 4 changes');

    expect(await ok('POST', '/sfwp/v1/ack', { body: { cursor: third } })).toEqual({
      acked_cursor: third,
    });
    expect(await ok('POST', '/sfwp/v1/ack', { body: { cursor: 1 } })).toEqual({
      acked_cursor: third,
    });
    expect(await status()).toMatchObject({
      latest_cursor: fourth,
      acked_cursor: third,
      pending: 1,
    });
    // Acknowledging beyond the newest change stops at the newest change.
    expect(await ok('POST', '/sfwp/v1/ack', { body: { cursor: fourth + 50 } })).toEqual({
      acked_cursor: fourth,
    });
    expect(await status()).toMatchObject({ acked_cursor: fourth, pending: 0 });
  });

  it('prunes acknowledged rows older than the retention, keeping the newest row', async () => {
    for (let index = 0; index < 4; index += 1) await createUser('editor');
    const [c1, c2, c3, c4] = (await changesAfter(0)).map((change) => change.cursor);
    if (c1 === undefined || c2 === undefined || c3 === undefined || c4 === undefined) {
      throw new Error('expected 4 changes');
    }
    await ok('POST', '/sfwp/v1/ack', { body: { cursor: c3 } });
    await ageRow(c1, '8 DAY');
    await ageRow(c2, '6 DAY');
    await ageRow(c3, '8 DAY');
    await ageRow(c4, '30 DAY');

    await prune();
    const left = async (): Promise<number[]> =>
      (await changesAfter(0)).map((change) => change.cursor);
    expect(await left()).toEqual([c2, c4]);

    await putSettings({ retention_days: 5 });
    await prune();
    expect(await left()).toEqual([c4]);

    await ok('POST', '/sfwp/v1/ack', { body: { cursor: c4 } });
    await prune();
    expect(await left()).toEqual([c4]);
    expect(await status()).toMatchObject({ latest_cursor: c4, acked_cursor: c4, pending: 0 });

    // Cursors keep growing after pruning.
    const next = await createUser('editor');
    expect(await rowsAfter(c4)).toEqual([['user', next.id, 'create', 'wordpress']]);
  });
});

describe('feed ordering', () => {
  startEachTestClean();

  it('holds back a young row behind a missing cursor until the gap settles', async () => {
    await createUser('editor');
    const start = await latestCursor();
    const user = await createUser('editor');
    const gapped = start + 3;
    await php(`
      $wpdb->insert(
        $wpdb->prefix . 'sfwp_changes',
        array( 'id' => ${gapped}, 'object_type' => 'post', 'object_id' => 424242, 'operation' => 'update', 'origin' => 'wordpress', 'changed_at' => gmdate( 'Y-m-d H:i:s', time() + 60 ) . '.000000' )
      );
    `);
    const held = await ok<ChangesPage>('GET', `/sfwp/v1/changes?after=${start}`);
    // The rows before the gap come; the young row behind it waits.
    expect(held.changes.map((change) => [change.cursor, change.id])).toEqual([
      [start + 1, user.id],
    ]);
    expect(held).toMatchObject({ next_cursor: start + 1, has_more: false, latest_cursor: gapped });
    expect(await ok<ChangesPage>('GET', `/sfwp/v1/changes?after=${start + 1}`)).toEqual({
      changes: [],
      next_cursor: start + 1,
      has_more: false,
      latest_cursor: gapped,
    });

    await php(
      `$wpdb->query( "UPDATE {$wpdb->prefix}sfwp_changes SET changed_at = UTC_TIMESTAMP(6) - INTERVAL 5 SECOND WHERE id = ${gapped}" );`,
    );
    const settled = await ok<ChangesPage>('GET', `/sfwp/v1/changes?after=${start}`);
    expect(settled.changes.map((change) => [change.cursor, change.id])).toEqual([
      [start + 1, user.id],
      [gapped, 424242],
    ]);
    expect(settled).toMatchObject({ next_cursor: gapped, has_more: false, latest_cursor: gapped });
  });
});

describe('uninstall', () => {
  startEachTestClean();

  it('removes the table, options, user meta, capability and cron event', async () => {
    const secret = newSecret();
    await putSettings({ shared_secret: secret });
    await createUser('editor');
    await ok('POST', '/sfwp/v1/ack', { body: { cursor: await latestCursor() } });

    const deactivated = await php<{ active: boolean; next: number | false }>(`
      require_once ABSPATH . 'wp-admin/includes/plugin.php';
      deactivate_plugins( 'sfwp/sfwp.php' );
      $result = array( 'active' => is_plugin_active( 'sfwp/sfwp.php' ), 'next' => wp_next_scheduled( 'sfwp_prune_changes' ) );
    `);
    expect(deactivated).toEqual({ active: false, next: false });
    expect((await rest<RestError>('GET', '/sfwp/v1/status')).body.code).toBe('rest_no_route');

    const before = await php<number>(
      `$result = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = 'sfwp_modified_gmt'" );`,
    );
    expect(before).toBeGreaterThan(0);

    const after = await php<{
      uninstalled: boolean;
      table: string | null;
      options: unknown[];
      userMeta: number;
      roles: string[];
      next: number | false;
    }>(`
      require_once ABSPATH . 'wp-admin/includes/plugin.php';
      $uninstalled = uninstall_plugin( 'sfwp/sfwp.php' );
      wp_roles()->for_site();
      $roles = array();
      foreach ( wp_roles()->role_objects as $name => $role ) {
        if ( $role->has_cap( 'sfwp_sync' ) ) {
          $roles[] = $name;
        }
      }
      $result = array(
        'uninstalled' => true === $uninstalled,
        'table'       => $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->prefix . 'sfwp_changes' ) ),
        'options'     => array( get_option( 'sfwp_settings', null ), get_option( 'sfwp_db_version', null ), get_option( 'sfwp_acked_cursor', null ) ),
        'userMeta'    => (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = 'sfwp_modified_gmt'" ),
        'roles'       => $roles,
        'next'        => wp_next_scheduled( 'sfwp_prune_changes' ),
      );
    `);
    expect(after).toEqual({
      uninstalled: true,
      table: null,
      options: [null, null, null],
      userMeta: 0,
      roles: [],
      next: false,
    });
    const optionsText = await php<string>(
      `$result = (string) $wpdb->get_var( "SELECT GROUP_CONCAT(option_name) FROM {$wpdb->options} WHERE option_name LIKE 'sfwp%'" );`,
    );
    expect(optionsText).toBe('');

    // The snapshot brings the active plugin back for whatever runs next.
    await resetWordPress(wordpress);
    expect((await status()).db_version).toBe('3');
  });
});
