/**
 * The companion plugin's `POST sfwp/v1/bulk` in the run's real WordPress: mixed items with
 * bad ones, the hooks other plugins rely on, the change feed's origin, savepoint rollback,
 * access, the item cap, a PHP worker killed in the middle of a request, and two requests
 * creating a user with the same email at once.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { resetWordPress } from '../wordpress/reset.js';
import { eventually } from './support/eventually.js';
import { runInSite } from '../wordpress/site-php.js';

const php = <T>(code: string): Promise<T> => runInSite<T>(wordpress, code);

const wordpress = inject('wordpress');
const SECRET = randomBytes(32).toString('hex');
/** Hundreds of writes through PHP and MariaDB take tens of seconds on a busy two-core machine. */
const SLOW_TEST_MS = 180_000;

interface Item {
  method?: string;
  path: string;
  body?: Record<string, unknown>;
  headers?: Record<string, string>;
}
interface Envelope {
  status: number;
  body: { id?: number; code?: string; data?: { status: number; params?: object } };
}
interface Change {
  type: string;
  id: number;
  operation: string;
  origin: string;
}
/** Every answer these tests read, loosely: each route fills its own fields. */
interface Body {
  responses: Envelope[];
  code?: string;
  data?: Record<string, unknown>;
  id: number;
  password: string;
  latest_cursor: number;
  bulk?: unknown;
  changes: Change[];
  [field: string]: unknown;
}
interface Reply {
  status: number;
  body: Body;
}

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}
const ADMIN = basic(wordpress.username, wordpress.applicationPassword);

function signature(): Record<string, string> {
  const stamp = String(Math.floor(Date.now() / 1000));
  const mac = createHmac('sha256', SECRET).update(`${stamp}.connector`).digest('hex');
  return { 'x-sfwp-timestamp': stamp, 'x-sfwp-origin': `sha256=${mac}` };
}

async function rest(
  method: string,
  route: string,
  body?: unknown,
  headers: Record<string, string> = { authorization: ADMIN },
): Promise<Reply> {
  const response = await fetch(`${wordpress.url}/wp-json${route}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(60_000),
  });
  return { status: response.status, body: (await response.json()) as Body };
}

async function bulk(
  requests: Item[],
  extra: { headers?: Record<string, string>; options?: Record<string, boolean> } = {},
): Promise<Reply> {
  const headers = { authorization: ADMIN, ...signature(), ...extra.headers };
  return rest('POST', '/sfwp/v1/bulk', { requests, options: extra.options }, headers);
}

async function latestCursor(): Promise<number> {
  return (await rest('GET', '/sfwp/v1/status')).body.latest_cursor;
}

/** The feed after a cursor once it holds `count` rows (rolled-back rows leave gaps that settle). */
async function changesAfter(cursor: number, count: number): Promise<Change[]> {
  return eventually(async () => {
    const page = await rest('GET', `/sfwp/v1/changes?after=${cursor}&limit=1000`);
    return page.body.changes.length >= count ? page.body.changes : undefined;
  }, `${count} change rows after cursor ${cursor}`);
}

function rows(changes: Change[]): string[] {
  return changes.map((c) => `${c.type}:${c.id}:${c.operation}:${c.origin}`).sort();
}

/** Users whose login starts with a prefix, and organizations whose title does. */
async function stored(prefix: string): Promise<{ users: number; organizations: number }> {
  return php(`$result = array(
    'users' => (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->users} WHERE user_login LIKE %s", '${prefix}%' ) ),
    'organizations' => (int) $wpdb->get_var( $wpdb->prepare( "SELECT COUNT(*) FROM {$wpdb->posts} WHERE post_type = 'organization' AND post_title LIKE %s", '${prefix}%' ) ),
  );`);
}

function newUser(login: string, extra: Record<string, unknown> = {}): Item {
  const body = { username: login, email: `${login}@example.test`, password: 'pw-0123456789' };
  return { method: 'POST', path: '/wp/v2/users', body: { ...body, ...extra } };
}

function newOrganization(title: string): Item {
  const meta = { website: 'https://example.test/', billing_city: 'Lyon' };
  return { method: 'POST', path: '/wp/v2/organizations', body: { title, status: 'publish', meta } };
}

function unique(prefix: string): string {
  return `${prefix}${randomBytes(4).toString('hex')}`;
}

beforeAll(async () => {
  await resetWordPress(wordpress);
  // `post` stays untracked, so its route is one the bulk route refuses.
  const settings = { shared_secret: SECRET, post_types: ['organization'] };
  expect((await rest('PUT', '/sfwp/v1/settings', settings)).status).toBe(200);
});

afterAll(async () => {
  await resetWordPress(wordpress);
});

describe('sfwp/v1/bulk', () => {
  it('is announced by the status route with its item cap', async () => {
    const status = await rest('GET', '/sfwp/v1/status');
    expect(status.body.bulk).toEqual({ max_items: 200 });
  });

  it(
    'applies 197 of 200 mixed items, fails the 3 bad ones with core codes in order, fires the hooks, records connector rows',
    async () => {
      const p = unique('m');
      const setup = await bulk([
        newUser(`${p}taken`),
        ...Array.from({ length: 40 }, (_, i) => newUser(`${p}old${i}`)),
      ]);
      const oldIds = setup.body.responses.map((r) => r.body.id).slice(1);
      const adminId = (await rest('GET', '/wp/v2/users/me')).body.id;
      const items: Item[] = [
        ...Array.from({ length: 98 }, (_, i) => newUser(`${p}new${i}`)),
        ...oldIds.slice(0, 20).map((id) => ({
          path: `/wp/v2/users/${id}`,
          body: { first_name: 'Updated' },
          headers: { 'X-Sfwp-If-Version': '0' },
        })),
        ...oldIds.slice(20).map((id) => ({
          method: 'DELETE',
          path: `/wp/v2/users/${id}?force=true&reassign=${adminId}`,
        })),
        ...Array.from({ length: 59 }, (_, i) => newOrganization(`${p} org ${i}`)),
      ];
      items.splice(7, 0, newUser(`${p}bademail`, { email: 'not-an-email' }));
      items.splice(93, 0, newUser(`${p}taken`, { email: `${p}other@example.test` }));
      items.splice(150, 0, { path: '/wp/v2/posts', body: { title: `${p} untracked` } });
      expect(items).toHaveLength(200);
      await rest('PUT', '/sfwp-test/v1/hook-counts', { enabled: true });
      const before = await latestCursor();

      const reply = await bulk(items);
      await rest('PUT', '/sfwp-test/v1/hook-counts', { enabled: false });

      expect(reply.status).toBe(207);
      const { responses } = reply.body;
      expect(responses).toHaveLength(200);
      const failed = responses.flatMap((r, index) => (r.status >= 400 ? [index] : []));
      expect(failed).toEqual([7, 93, 150]);
      expect(responses[7]).toMatchObject({ status: 400, body: { code: 'rest_invalid_param' } });
      expect(responses[7]?.body.data?.params).toHaveProperty('email');
      expect(responses[93]?.body.code).toBe('existing_user_login');
      expect(responses[150]).toMatchObject({
        status: 400,
        body: { code: 'sfwp_bulk_route_not_allowed' },
      });

      expect(await stored(`${p}new`)).toEqual({ users: 98, organizations: 0 });
      expect(await stored(`${p}old`)).toEqual({ users: 20, organizations: 0 });
      expect(await stored(`${p} org`)).toEqual({ users: 0, organizations: 59 });
      expect(await stored(`${p}bademail`)).toEqual({ users: 0, organizations: 0 });
      expect(await stored(`${p} untracked`)).toEqual({ users: 0, organizations: 0 });
      const updated = await php<string[]>(
        `$result = array_map( static function ( $id ) { return get_user_meta( $id, 'first_name', true ); }, array( ${oldIds.slice(0, 20).join(', ')} ) );`,
      );
      expect(new Set(updated)).toEqual(new Set(['Updated']));
      const organization =
        responses[items.findIndex((item) => item.path === '/wp/v2/organizations')];
      expect(organization?.body).toMatchObject({ meta: { website: 'https://example.test/' } });

      const expected = items.flatMap((item, index) => {
        const reply = responses[index];
        if (!reply || reply.status >= 400) return [];
        const type = item.path.startsWith('/wp/v2/users') ? 'user' : 'organization';
        const operation =
          item.method === 'DELETE' ? 'delete' : /\/\d+$/.test(item.path) ? 'update' : 'create';
        const id = operation === 'create' ? reply.body.id : Number(/\/(\d+)/.exec(item.path)?.[1]);
        return [`${type}:${id}:${operation}:connector`];
      });
      expect(rows(await changesAfter(before, 197))).toEqual(expected.sort());

      const counts = (await rest('GET', '/sfwp-test/v1/hook-counts')).body;
      expect(counts).toMatchObject({
        user_register: 98,
        rest_insert_user: 118,
        rest_after_insert_user: 118,
        profile_update: 20,
        delete_user: 20,
        deleted_user: 20,
        rest_delete_user: 20,
        'save_post:organization': 59,
        wp_after_insert_post: 59,
        rest_insert_organization: 59,
        rest_after_insert_organization: 59,
        'added_post_meta:website': 59,
        'added_post_meta:billing_city': 59,
        sfwp_change_recorded: 197,
      });
      expect(counts['save_post:post']).toBeUndefined();
    },
    SLOW_TEST_MS,
  );

  it.each([true, false])(
    'rolls a failed item back with its change rows and cached objects (suspendCacheAddition %s)',
    async (suspendCacheAddition) => {
      const p = unique('r');
      const existing = (await bulk([newUser(`${p}kept`, { first_name: 'Before' })])).body
        .responses[0]?.body.id;
      const before = await latestCursor();
      const reply = await bulk(
        [
          newUser(`${p}again`, { sfwp_test_refuse: true }),
          newUser(`${p}again`),
          {
            path: `/wp/v2/users/${existing}`,
            body: { first_name: 'Lost', sfwp_test_refuse: true },
          },
          { path: `/wp/v2/users/${existing}`, body: { last_name: 'Later' } },
        ],
        { options: { suspendCacheAddition } },
      );
      expect(reply.body.responses.map((r) => [r.status, r.body.code])).toEqual([
        [422, 'sfwp_test_refused'],
        [201, undefined],
        [422, 'sfwp_test_refused'],
        [200, undefined],
      ]);
      const created = reply.body.responses[1]?.body.id;
      expect(await stored(`${p}again`)).toEqual({ users: 1, organizations: 0 });
      const names = await php<string[]>(
        `$result = array( get_user_meta( ${existing}, 'first_name', true ), get_user_meta( ${existing}, 'last_name', true ) );`,
      );
      expect(names).toEqual(['Before', 'Later']);
      expect(rows(await changesAfter(before, 2))).toEqual(
        [`user:${created}:create:connector`, `user:${existing}:update:connector`].sort(),
      );
    },
  );

  it('refuses callers without access or signature, and bodies over the cap or empty', async () => {
    const items = [newUser(unique('a'))];
    const anonymous = await rest('POST', '/sfwp/v1/bulk', { requests: items }, {});
    expect([anonymous.status, anonymous.body.code]).toEqual([401, 'rest_not_logged_in']);
    const people = wordpress.people;
    if (!people)
      throw new Error('This test needs the test people of a WordPress this run started.');
    const subscriber = basic(people.subscriber.username, people.subscriber.applicationPassword);
    const asSubscriber = await bulk(items, { headers: { authorization: subscriber } });
    expect([asSubscriber.status, asSubscriber.body.code]).toEqual([403, 'rest_forbidden']);

    const login = unique('editor');
    const editor = await rest('POST', '/wp/v2/users', {
      ...newUser(login).body,
      roles: ['editor'],
    });
    const password = await rest('POST', `/wp/v2/users/${editor.body.id}/application-passwords`, {
      name: 'bulk test',
    });
    const asEditor = await bulk(items, {
      headers: { authorization: basic(login, password.body.password) },
    });
    expect([asEditor.status, asEditor.body.code]).toEqual([403, 'rest_forbidden']);

    const unsigned = await rest('POST', '/sfwp/v1/bulk', { requests: items });
    expect([unsigned.status, unsigned.body.code]).toEqual([401, 'sfwp_bulk_unsigned']);

    const tooMany = await bulk(Array.from({ length: 201 }, (_, i) => newUser(`${login}x${i}`)));
    expect(tooMany.status).toBe(413);
    expect(tooMany.body).toMatchObject({
      code: 'sfwp_bulk_too_many',
      data: { status: 413, max: 200 },
    });
    expect(await stored(`${login}x`)).toEqual({ users: 0, organizations: 0 });
    const empty = await bulk([]);
    expect([empty.status, empty.body.code]).toEqual([400, 'rest_invalid_param']);
  });

  it(
    'leaves nothing of a request whose PHP worker died mid-way, and applies it once when sent again',
    async () => {
      const p = unique('k');
      const items = Array.from({ length: 30 }, (_, i) => [
        newUser(`${p}u${i}`),
        newOrganization(`${p} org ${i}`),
      ]).flat();
      const before = await latestCursor();

      await expect(bulk(items, { headers: { 'X-Sfwp-Test-Die-After': '20' } })).rejects.toThrow();

      // The other workers of php -S keep serving; the dead one's connection was rolled back.
      expect(await stored(p)).toEqual({ users: 0, organizations: 0 });
      expect(await latestCursor()).toBe(before);
      const again = await bulk(items);
      expect(again.status).toBe(207);
      expect(again.body.responses.filter((r) => r.status === 201)).toHaveLength(60);
      expect(await stored(p)).toEqual({ users: 30, organizations: 30 });
      const changes = await changesAfter(before, 60);
      expect(changes).toHaveLength(60);
      expect(new Set(changes.map((c) => c.origin))).toEqual(new Set(['connector']));
    },
    SLOW_TEST_MS,
  );
});

describe('sfwp/v1/bulk and the users two requests write at once', () => {
  it(
    'leaves one user for an email two requests create at the same time',
    async () => {
      const p = unique('same');
      const shared = newUser(`${p}shared`);
      // Each transaction stays open for 60 more users: without the email's lock both requests
      // would pass core's email_exists() check before either committed.
      const request = (side: string): Item[] => [
        shared,
        ...Array.from({ length: 60 }, (_, i) => newUser(`${p}${side}${i}`)),
      ];
      const [left, right] = await Promise.all([bulk(request('l')), bulk(request('r'))]);
      const firsts = [left, right].map((reply) => reply.body.responses[0]);
      expect(firsts.map((first) => first?.status).sort()).toEqual([201, 500]);
      const refused = firsts.find((first) => first?.status === 500);
      expect(refused?.body.code).toMatch(/^existing_user_(login|email)$/);
      expect(await stored(`${p}shared`)).toEqual({ users: 1, organizations: 0 });
      expect(await stored(p)).toEqual({ users: 121, organizations: 0 });
    },
    SLOW_TEST_MS,
  );

  it('answers 503 for every item, storing none, while another request holds an email', async () => {
    const p = unique('held');
    const items = [newUser(`${p}a`), newUser(`${p}b`)];
    const email = `${p}b@example.test`;
    // Another database session holds the lock on that email for a few seconds.
    const holder = php<boolean>(`
      $name = 'sfwp_user_' . md5( $wpdb->prefix . '|email|' . '${email}' );
      $wpdb->get_var( $wpdb->prepare( 'SELECT GET_LOCK(%s, 0)', $name ) );
      sleep( 6 );
      $result = true;`);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const reply = await bulk(items, { headers: { 'X-Sfwp-Test-Lock-Wait': '1' } });
    expect(reply.status).toBe(207);
    expect(reply.body.responses.map((r) => [r.status, r.body.code])).toEqual([
      [503, 'sfwp_bulk_busy'],
      [503, 'sfwp_bulk_busy'],
    ]);
    expect(await stored(p)).toEqual({ users: 0, organizations: 0 });
    await holder;
    const again = await bulk(items);
    expect(again.body.responses.map((r) => r.status)).toEqual([201, 201]);
  }, 60_000);
});
