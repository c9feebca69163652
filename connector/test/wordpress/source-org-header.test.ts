import { describe, expect, it } from 'vitest';
import { SOURCE_ORG_HEADER } from '../../src/wordpress/index.js';
import type { WriteOperation } from '../../src/wordpress/types.js';
import { WpapiWordPressClient } from '../../src/wordpress/wpapi-client.js';

const SITE = 'https://wp.test';
const REST_ROOT = `${SITE}/wp-json`;

interface Seen {
  method: string;
  path: string;
  headers: Record<string, string>;
}

/**
 * A WordPress with the companion plugin: posts batch through /batch/v1, users do not, and the
 * plugin has the bulk route. Every request is recorded with its headers.
 */
function fakeWordPress(options: { sourceOrg?: string; signed: boolean }) {
  const seen: Seen[] = [];
  let nextId = 500;
  const created = () => ({ status: 201, body: { id: nextId++, meta: [] } });
  const answer = (method: string, path: string, requests: unknown[]) => {
    if (method === 'GET' && path === '/sfwp/v1/status')
      return {
        body: {
          post_types: ['post'],
          shared_secret_set: true,
          bulk: { max_items: 200 },
        },
      };
    if (method === 'POST' && (path === '/sfwp/v1/bulk' || path === '/batch/v1'))
      return { status: 207, body: { responses: requests.map(() => created()) } };
    if (method === 'GET' && path === '/wp/v2/types?context=edit')
      return { body: { post: { rest_base: 'posts', rest_namespace: 'wp/v2' } } };
    if (method === 'OPTIONS' && path === '/batch/v1')
      return { body: { endpoints: [{ methods: ['POST'], args: { requests: { maxItems: 25 } } }] } };
    if (method === 'OPTIONS' && path.startsWith('/wp/v2/posts'))
      return {
        body: { endpoints: [{ methods: ['POST', 'PUT', 'PATCH'], allow_batch: { v1: true } }] },
      };
    if (method === 'OPTIONS' && path.startsWith('/wp/v2/users'))
      return { body: { endpoints: [{ methods: ['POST', 'DELETE'] }] } };
    if (path.startsWith('/wp/v2/users'))
      return method === 'DELETE'
        ? { body: { deleted: true, previous: { id: 7 } } }
        : { body: { id: 7, name: 'connector', meta: [] } };
    if (path === '/sfwp/v1/ack') return { body: { acked_cursor: 3 } };
    if (path.startsWith('/sfwp/v1/changes'))
      return {
        body: {
          changes: [
            {
              cursor: 1,
              type: 'user',
              id: 7,
              operation: 'update',
              origin: 'connector',
              source_org: 'sales',
              reason: '',
              time: '',
            },
            {
              cursor: 2,
              type: 'user',
              id: 7,
              operation: 'update',
              origin: 'connector',
              source_org: '',
              reason: '',
              time: '',
            },
            { cursor: 3, type: 'user', id: 7, operation: 'update', origin: 'wordpress', time: '' },
          ],
          next_cursor: 3,
          has_more: false,
          latest_cursor: 3,
        },
      };
    return { status: 404, body: { code: 'rest_no_route', message: 'No route' } };
  };
  const fetch: typeof globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : input.toString();
    const path = decodeURIComponent(url.slice(REST_ROOT.length));
    const method = init?.method ?? 'GET';
    const body =
      typeof init?.body === 'string' ? (JSON.parse(init.body) as { requests?: unknown[] }) : {};
    seen.push({ method, path, headers: (init?.headers ?? {}) as Record<string, string> });
    const reply = answer(method, path, body.requests ?? []);
    return Promise.resolve(
      new Response(JSON.stringify(reply.body), {
        status: reply.status ?? 200,
        headers: { 'Content-Type': 'application/json' },
      }),
    );
  };
  const client = new WpapiWordPressClient({
    siteUrl: SITE,
    username: 'connector',
    applicationPassword: 'secret',
    fetch,
    ...(options.signed ? { originSecret: 'x'.repeat(40) } : {}),
    ...(options.sourceOrg === undefined ? {} : { sourceOrg: options.sourceOrg }),
  });
  return { client, seen };
}

const createUser = (index: number): WriteOperation => ({
  kind: 'create',
  type: 'user',
  fields: { username: `u${index}`, email: `u${index}@example.test` },
});
const createPost = (index: number): WriteOperation => ({
  kind: 'create',
  type: 'post',
  fields: { title: `p${index}` },
});

/** Every write path: the bulk route or /batch/v1 and singles, single calls, the plugin's routes. */
async function writeEveryWay(client: WpapiWordPressClient): Promise<void> {
  await client.writeMany([createUser(1), createUser(2), createPost(1), createPost(2)]);
  await client.update('user', 7, { first_name: 'Ada' });
  await client.delete('user', 7);
  await client.companion.acknowledge(3);
  await client.get('user', 7);
}

const methodsAndPaths = (seen: readonly Seen[]) =>
  seen.map((request) => `${request.method} ${request.path.split('?')[0] ?? ''}`);

describe('the X-Sfwp-Source-Org header', () => {
  it('is on every write, over the bulk route too, and never on a read', async () => {
    const { client, seen } = fakeWordPress({ sourceOrg: 'service', signed: true });
    await writeEveryWay(client);
    const isRead = (request: Seen) => request.method === 'GET' || request.method === 'OPTIONS';
    const writes = seen.filter((request) => !isRead(request));
    const reads = seen.filter(isRead);
    expect(methodsAndPaths(writes)).toEqual([
      'POST /sfwp/v1/bulk',
      'PUT /wp/v2/users/7',
      'DELETE /wp/v2/users/7',
      'POST /sfwp/v1/ack',
    ]);
    expect(writes.map((request) => request.headers[SOURCE_ORG_HEADER])).toEqual(
      writes.map(() => 'service'),
    );
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((request) => SOURCE_ORG_HEADER in request.headers)).toEqual([]);
  });

  it('is on /batch/v1 and single writes when the bulk route is not used (no shared secret)', async () => {
    const { client, seen } = fakeWordPress({ sourceOrg: 'sales', signed: false });
    await client.writeMany([createUser(1), createPost(1), createPost(2)]);
    const writes = seen.filter((request) => request.method === 'POST');
    expect(methodsAndPaths(writes).sort()).toEqual(['POST /batch/v1', 'POST /wp/v2/users']);
    expect(seen.filter((request) => request.method === 'OPTIONS').length).toBeGreaterThan(0);
    expect(writes.map((request) => request.headers[SOURCE_ORG_HEADER])).toEqual(['sales', 'sales']);
  });

  it('is never sent without a sourceOrg (one org)', async () => {
    const { client, seen } = fakeWordPress({ signed: true });
    await writeEveryWay(client);
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.filter((request) => SOURCE_ORG_HEADER in request.headers)).toEqual([]);
  });

  it('refuses a name the plugin would not keep', () => {
    for (const name of ['', 'two words', 'x'.repeat(41), 'ünï']) {
      expect(() => fakeWordPress({ sourceOrg: name, signed: true })).toThrow(
        /not an org name the companion plugin accepts/,
      );
    }
    expect(() => fakeWordPress({ sourceOrg: 'x'.repeat(40), signed: true })).not.toThrow();
  });
});

describe('feed rows', () => {
  it('carry source_org as sourceOrg, and nothing for an empty or absent one (an older plugin)', async () => {
    const { client } = fakeWordPress({ signed: true });
    const page = await client.companion.changes(0, 10);
    expect(page.changes.map((change) => [change.origin, change.sourceOrg])).toEqual([
      ['connector', 'sales'],
      ['connector', undefined],
      ['wordpress', undefined],
    ]);
    expect(page.changes.filter((change) => 'sourceOrg' in change)).toHaveLength(1);
  });
});
