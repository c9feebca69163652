/**
 * The companion plugin's conditional writes (SFWP_Write_Precondition) in the run's real
 * WordPress: the per-object `sfwp_version`, `X-Sfwp-If-Version` on single requests and on
 * sub-requests of `/batch/v1`, and the named lock a person's write holds.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runCommand } from '../wordpress/process-group.js';
import { resetWordPress } from '../wordpress/reset.js';

const wordpress = inject('wordpress');
const secret = randomBytes(32).toString('hex');

type Who = 'admin' | 'editor' | 'subscriber';

interface WpObject {
  id: number;
  sfwp_version?: number;
  [field: string]: unknown;
}

interface Reply<T> {
  status: number;
  body: T;
}

function person(who: Exclude<Who, 'admin'>): { username: string; applicationPassword: string } {
  const found = wordpress.people?.[who];
  if (!found)
    throw new Error(`This test needs the launcher-created ${who}; unset WP_URL to run it.`);
  return found;
}

function authorization(who: Who): string {
  const { username, applicationPassword } =
    who === 'admin'
      ? { username: wordpress.username, applicationPassword: wordpress.applicationPassword }
      : person(who);
  return `Basic ${Buffer.from(`${username}:${applicationPassword}`).toString('base64')}`;
}

/** The connector's origin signature, as `connector/src/wordpress/origin-signature.ts` makes it. */
function signed(): Record<string, string> {
  const stamp = String(Math.floor(Date.now() / 1000));
  const mac = createHmac('sha256', secret).update(`${stamp}.connector`).digest('hex');
  return { 'x-sfwp-timestamp': stamp, 'x-sfwp-origin': `sha256=${mac}` };
}

async function rest<T>(
  method: string,
  route: string,
  options: { as?: Who; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply<T>> {
  const response = await fetch(`${wordpress.url}/wp-json${route}`, {
    method,
    headers: {
      authorization: authorization(options.as ?? 'admin'),
      'content-type': 'application/json',
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(20_000),
  });
  return { status: response.status, body: (await response.json()) as T };
}

async function ok<T>(
  method: string,
  route: string,
  options: { as?: Who; body?: unknown; headers?: Record<string, string> } = {},
): Promise<T> {
  const reply = await rest<T>(method, route, options);
  if (reply.status >= 300) throw new Error(`${method} ${route}: ${JSON.stringify(reply.body)}`);
  return reply.body;
}

async function version(route: string): Promise<number> {
  const object = await ok<WpObject>('GET', `${route}?context=edit`);
  expect(typeof object.sfwp_version).toBe('number');
  return object.sfwp_version ?? -1;
}

async function newUser(): Promise<WpObject> {
  const name = `pre${randomBytes(4).toString('hex')}`;
  return ok<WpObject>('POST', '/wp/v2/users', {
    headers: signed(),
    body: { username: name, email: `${name}@example.test`, password: 'x'.repeat(20) },
  });
}

/** PHP inside the test site, as a person would change things there (wp-cli style). */
async function php(code: string): Promise<string> {
  if (!wordpress.siteDir)
    throw new Error('This test runs php in the site; unset WP_URL to run it.');
  const url = new URL(wordpress.url);
  const script = [
    `$_SERVER['HTTP_HOST'] = '${url.host}';`,
    `$_SERVER['SERVER_NAME'] = '${url.hostname}';`,
    "$_SERVER['REQUEST_URI'] = '/';",
    `require '${join(wordpress.siteDir, 'wp-load.php')}';`,
    code,
  ].join('\n');
  return runCommand('/usr/bin/php', ['-r', script]);
}

beforeAll(async () => {
  await resetWordPress(wordpress);
  await ok('PUT', '/sfwp/v1/settings', {
    body: { shared_secret: secret, post_types: ['post', 'page', 'organization'] },
  });
});

describe('sfwp_version', () => {
  it("goes up once per person's request and not for the connector's writes", async () => {
    const user = await newUser();
    const route = `/wp/v2/users/${user.id}`;
    const before = await version(route);
    await ok('POST', route, { body: { first_name: 'A', last_name: 'B', nickname: 'c' } });
    expect(await version(route)).toBe(before + 1);
    await ok('POST', route, { headers: signed(), body: { last_name: 'Synced' } });
    expect(await version(route)).toBe(before + 1);
    // Only in the edit context: public readers see no version.
    const view = await ok<WpObject>('GET', route);
    expect(view).not.toHaveProperty('sfwp_version');
  });

  it('is on posts of tracked types, and a person editing meta or trashing counts', async () => {
    const post = await ok<WpObject>('POST', '/wp/v2/organizations', {
      headers: signed(),
      body: { title: 'Org', status: 'publish' },
    });
    const route = `/wp/v2/organizations/${post.id}`;
    expect(await version(route)).toBe(0);
    await ok('POST', route, { as: 'editor', body: { title: 'Org, edited' } });
    expect(await version(route)).toBe(1);
    await ok('DELETE', route, { as: 'editor' });
    expect(await version(route)).toBe(2);
  });
});

describe('X-Sfwp-If-Version', () => {
  it('refuses a single write based on an old version, and takes one based on the current', async () => {
    const user = await newUser();
    const route = `/wp/v2/users/${user.id}`;
    const read = await version(route);
    await ok('POST', route, { as: 'admin', body: { last_name: 'Person' } });
    const stale = await rest<{ code: string; data: { status: number; version: number } }>(
      'POST',
      route,
      {
        headers: { ...signed(), 'x-sfwp-if-version': String(read) },
        body: { last_name: 'Salesforce' },
      },
    );
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('sfwp_stale_write');
    expect(stale.body.data.version).toBe(read + 1);
    expect((await ok<WpObject>('GET', `${route}?context=edit`)).last_name).toBe('Person');
    const current = await rest<WpObject>('POST', route, {
      headers: { ...signed(), 'x-sfwp-if-version': String(read + 1) },
      body: { last_name: 'Salesforce' },
    });
    expect(current.status).toBe(200);
    expect(current.body.last_name).toBe('Salesforce');
  });

  it('is read per sub-request inside /batch/v1', async () => {
    // WordPress 6.1 batches post routes only (users from 6.6).
    const [fresh, changed] = await Promise.all(
      ['Fresh', 'Changed'].map((title) =>
        ok<WpObject>('POST', '/wp/v2/organizations', {
          headers: signed(),
          body: { title, status: 'publish' },
        }),
      ),
    );
    if (!fresh || !changed) throw new Error('organizations not created');
    const freshVersion = await version(`/wp/v2/organizations/${fresh.id}`);
    const changedVersion = await version(`/wp/v2/organizations/${changed.id}`);
    await ok('POST', `/wp/v2/organizations/${changed.id}`, {
      as: 'editor',
      body: { title: 'Person' },
    });
    const batch = await ok<{ responses: { status: number; body: { code?: string } }[] }>(
      'POST',
      '/batch/v1',
      {
        headers: signed(),
        body: {
          requests: [
            [fresh.id, freshVersion],
            [changed.id, changedVersion],
          ].map(([id, expected]) => ({
            method: 'POST',
            path: `/wp/v2/organizations/${id}`,
            headers: { 'X-Sfwp-If-Version': String(expected) },
            body: { title: 'Salesforce' },
          })),
        },
      },
    );
    expect(batch.responses.map((response) => response.status)).toEqual([200, 412]);
    expect(batch.responses[1]?.body.code).toBe('sfwp_stale_write');
    const after = await ok<{ title: { raw: string } }>(
      'GET',
      `/wp/v2/organizations/${changed.id}?context=edit`,
    );
    expect(after.title.raw).toBe('Person');
  });

  it('is ignored from users without sfwp_sync (a person editing their own profile)', async () => {
    const subscriber = await ok<WpObject>('GET', '/wp/v2/users/me', { as: 'subscriber' });
    const reply = await rest<WpObject>('POST', `/wp/v2/users/${subscriber.id}`, {
      as: 'subscriber',
      headers: { 'x-sfwp-if-version': '999999' },
      body: { first_name: 'Sub' },
    });
    expect(reply.status).toBe(200);
  });

  it("waits for a person's write in progress, then refuses the write that read before it", async () => {
    const user = await newUser();
    const route = `/wp/v2/users/${user.id}`;
    const read = await version(route);
    const editor = await ok<WpObject>('GET', '/wp/v2/users/me', { as: 'editor' });
    // A person's request that writes, then stays busy for 3 s before it ends.
    const personRequest = php(
      `wp_set_current_user( ${editor.id} ); wp_update_user( array( 'ID' => ${user.id}, 'last_name' => 'Person' ) ); sleep( 3 );`,
    );
    await delay(1500);
    const started = performance.now();
    const write = await rest<{ code: string }>('POST', route, {
      headers: { ...signed(), 'x-sfwp-if-version': String(read) },
      body: { last_name: 'Salesforce' },
    });
    const waited = performance.now() - started;
    await personRequest;
    expect(write.status).toBe(412);
    expect(write.body.code).toBe('sfwp_stale_write');
    expect(waited).toBeGreaterThan(800);
    expect((await ok<WpObject>('GET', `${route}?context=edit`)).last_name).toBe('Person');
  });
});

describe('uninstall', () => {
  it('deletes every _sfwp_version, of users and of posts', async () => {
    const user = await newUser();
    await ok('POST', `/wp/v2/users/${user.id}`, { body: { first_name: 'Counted' } });
    const post = await ok<WpObject>('POST', '/wp/v2/organizations', {
      as: 'editor',
      body: { title: 'Counted', status: 'publish' },
    });
    await ok('POST', `/wp/v2/organizations/${post.id}`, { as: 'editor', body: { title: 'Again' } });
    const count = `$rows = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->usermeta} WHERE meta_key = '_sfwp_version'" ) + (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->postmeta} WHERE meta_key = '_sfwp_version'" );`;
    expect(await php(`global $wpdb; ${count} echo "ROWS {$rows}";`)).toMatch(/ROWS [1-9]/);
    const output = await php(`global $wpdb;
      require_once ABSPATH . 'wp-admin/includes/plugin.php';
      deactivate_plugins( 'sfwp/sfwp.php' );
      uninstall_plugin( 'sfwp/sfwp.php' );
      ${count} echo "ROWS {$rows}";`);
    expect(output).toContain('ROWS 0');
    // The snapshot brings the active plugin back for whatever runs next.
    await resetWordPress(wordpress);
  });
});
