import { describe, expect, it } from 'vitest';
import {
  IF_VERSION_HEADER,
  STALE_WRITE_CODE,
  type WriteOperation,
} from '../../src/wordpress/types.js';
import { WpapiWordPressClient } from '../../src/wordpress/wpapi-client.js';

const SITE = 'https://wp.test';
const REST_ROOT = `${SITE}/wp-json`;
const SECRET = 'x'.repeat(40);

interface SubRequest {
  method: string;
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
}

interface Seen {
  method: string;
  path: string;
  headers: Record<string, string>;
  requests: SubRequest[] | undefined;
}

type ItemAnswer = { status: number; body: unknown };

interface FakeOptions {
  /** `bulk.max_items` in the plugin status; undefined: a plugin without the bulk route. */
  bulkMaxItems?: number;
  /** Post types the plugin tracks. */
  postTypes?: string[];
  signed?: boolean;
  /** Whether the plugin has a shared secret (true by default). */
  secretSet?: boolean;
  /** Answers one bulk item; 201 with a new id by default. */
  bulkItem?: (sub: SubRequest, index: number) => ItemAnswer;
  /** Answers the whole bulk request instead of its items (e.g. a 404 after deactivation). */
  bulkRequest?: () => { status: number; body: unknown } | undefined;
}

/**
 * A WordPress 6.1 with the companion plugin: posts batch through /batch/v1 (25 a request),
 * users do not, and the plugin's status says whether it has the bulk route.
 */
function fakeWordPress(options: FakeOptions) {
  const seen: Seen[] = [];
  const notices: string[] = [];
  let nextId = 1000;
  const state = { bulkMaxItems: options.bulkMaxItems };
  const created = (): ItemAnswer => ({ status: 201, body: { id: nextId++, meta: [] } });
  const answer = (
    method: string,
    path: string,
    requests: SubRequest[] | undefined,
  ): { status?: number; body: unknown } => {
    if (method === 'GET' && path === '/sfwp/v1/status')
      return {
        body: {
          version: '1.0.0',
          post_types: options.postTypes ?? ['post'],
          shared_secret_set: options.secretSet ?? true,
          ...(state.bulkMaxItems === undefined ? {} : { bulk: { max_items: state.bulkMaxItems } }),
        },
      };
    if (method === 'POST' && path === '/sfwp/v1/bulk') {
      const whole = options.bulkRequest?.();
      if (whole) return whole;
      const items = requests ?? [];
      return {
        status: 207,
        body: {
          responses: items.map((sub, index) => options.bulkItem?.(sub, index) ?? created()),
        },
      };
    }
    if (method === 'POST' && path === '/batch/v1')
      return { status: 207, body: { responses: (requests ?? []).map(() => created()) } };
    if (method === 'GET' && path === '/wp/v2/types?context=edit')
      return {
        body: {
          post: { rest_base: 'posts', rest_namespace: 'wp/v2' },
          page: { rest_base: 'pages', rest_namespace: 'wp/v2' },
        },
      };
    if (method === 'OPTIONS' && path === '/batch/v1')
      return { body: { endpoints: [{ methods: ['POST'], args: { requests: { maxItems: 25 } } }] } };
    if (method === 'OPTIONS' && /^\/wp\/v2\/(posts|pages)/.test(path))
      return {
        body: { endpoints: [{ methods: ['POST', 'PUT', 'PATCH'], allow_batch: { v1: true } }] },
      };
    if (method === 'OPTIONS' && path.startsWith('/wp/v2/users'))
      return { body: { endpoints: [{ methods: ['POST', 'DELETE'] }] } };
    if (method === 'POST' && /^\/wp\/v2\/users/.test(path)) return created();
    return { status: 404, body: { code: 'rest_no_route', message: 'No route' } };
  };
  const fetch: typeof globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : input.toString();
    const path = decodeURIComponent(url.slice(REST_ROOT.length));
    const method = init?.method ?? 'GET';
    const body =
      typeof init?.body === 'string'
        ? (JSON.parse(init.body) as { requests?: SubRequest[] })
        : undefined;
    const headers = (init?.headers ?? {}) as Record<string, string>;
    seen.push({ method, path, headers, requests: body?.requests });
    const reply = answer(method, path, body?.requests);
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
    ...(options.signed === false ? {} : { originSecret: SECRET }),
    onNotice: (message) => notices.push(message),
  });
  const requestsTo = (path: string) =>
    seen.filter((request) => request.path === path && request.method !== 'OPTIONS');
  const sizes = (path: string) => requestsTo(path).map((request) => request.requests?.length);
  return { client, seen, notices, state, requestsTo, sizes };
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

describe('writeMany over the companion plugin bulk route', () => {
  it('asks the plugin once and sends users and tracked posts in chunks of its max_items', async () => {
    const wordpress = fakeWordPress({ bulkMaxItems: 200 });
    const operations = [
      ...Array.from({ length: 300 }, (_, index) => createUser(index)),
      ...Array.from({ length: 150 }, (_, index) => createPost(index)),
    ];
    const results = await wordpress.client.writeMany(operations);
    await wordpress.client.writeMany([createUser(999)]);

    expect(results.every((result) => result.ok)).toBe(true);
    expect(results.map((result) => result.ok && result.id)).toEqual(
      Array.from({ length: 450 }, (_, index) => 1000 + index),
    );
    expect(wordpress.sizes('/sfwp/v1/bulk')).toEqual([200, 200, 50, 1]);
    expect(wordpress.requestsTo('/sfwp/v1/status')).toHaveLength(1);
    expect(wordpress.requestsTo('/batch/v1')).toHaveLength(0);
    expect(wordpress.seen.filter((request) => request.path.startsWith('/wp/v2/users'))).toEqual([]);
    const bulk = wordpress.requestsTo('/sfwp/v1/bulk')[0];
    expect(bulk?.headers['X-Sfwp-Origin']).toMatch(/^sha256=/);
    expect(bulk?.requests?.[0]).toEqual({
      method: 'POST',
      path: '/wp/v2/users',
      body: { username: 'u0', email: 'u0@example.test' },
    });
    expect(wordpress.client.preferredBatchSize()).toBe(200);
  });

  it("maps each item's result as /batch/v1's: WordPress error codes and stale writes", async () => {
    const wordpress = fakeWordPress({
      bulkMaxItems: 200,
      bulkItem: (sub, index) => {
        if (index === 0)
          return {
            status: 500,
            body: {
              code: 'existing_user_login',
              message: 'Sorry, that username already exists!',
              data: null,
            },
          };
        if (index === 1)
          return {
            status: 412,
            body: { code: STALE_WRITE_CODE, message: 'Changed since', data: { status: 412 } },
          };
        if (index === 2)
          return { status: 503, body: { code: 'sfwp_bulk_rolled_back', message: 'Send it again' } };
        return { status: 200, body: { id: 42, meta: [] } };
      },
    });
    const results = await wordpress.client.writeMany([
      createUser(1),
      { kind: 'update', type: 'user', id: 12, fields: { name: 'N' }, ifVersion: 3 },
      createPost(2),
      { kind: 'update', type: 'post', id: 42, fields: { title: 'T' } },
    ]);

    expect(results[0]).toMatchObject({
      ok: false,
      error: { code: 'existing_user_login', retryable: false },
    });
    expect(results[1]).toMatchObject({ ok: false, error: { code: STALE_WRITE_CODE, status: 412 } });
    expect(results[2]).toMatchObject({
      ok: false,
      error: { code: 'sfwp_bulk_rolled_back', retryable: true },
    });
    expect(results[3]).toMatchObject({ ok: true, id: 42, status: 200 });
    expect(wordpress.requestsTo('/sfwp/v1/bulk')[0]?.requests?.[1]).toEqual({
      method: 'POST',
      path: '/wp/v2/users/12',
      body: { name: 'N' },
      headers: { [IF_VERSION_HEADER]: '3' },
    });
  });

  it('without the shared secret uses /batch/v1 and single requests, and says why once', async () => {
    const wordpress = fakeWordPress({ bulkMaxItems: 200, signed: false });
    await wordpress.client.writeMany([createUser(1), createUser(2), createPost(1)]);
    await wordpress.client.writeMany(Array.from({ length: 30 }, (_, index) => createPost(index)));

    expect(wordpress.requestsTo('/sfwp/v1/bulk')).toHaveLength(0);
    expect(wordpress.sizes('/batch/v1')).toEqual([1, 25, 5]);
    expect(wordpress.requestsTo('/wp/v2/users')).toHaveLength(2);
    expect(wordpress.notices).toHaveLength(1);
    expect(wordpress.notices[0]).toContain('wordpress.sharedSecret');
    expect(wordpress.client.preferredBatchSize()).toBe(25);
  });

  it('does not use the route while the plugin has no shared secret to check ours', async () => {
    const wordpress = fakeWordPress({ bulkMaxItems: 200, secretSet: false });
    const results = await wordpress.client.writeMany([createUser(1), createPost(1)]);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(wordpress.requestsTo('/sfwp/v1/bulk')).toHaveLength(0);
    expect(wordpress.notices).toHaveLength(1);
    expect(wordpress.notices[0]).toContain('no shared secret');
  });

  it('falls back to /batch/v1 and single requests when the plugin has no bulk route', async () => {
    const wordpress = fakeWordPress({});
    const results = await wordpress.client.writeMany([createUser(1), createPost(1)]);
    expect(results.every((result) => result.ok)).toBe(true);
    expect(wordpress.requestsTo('/sfwp/v1/bulk')).toHaveLength(0);
    expect(wordpress.sizes('/batch/v1')).toEqual([1]);
    expect(wordpress.requestsTo('/wp/v2/users')).toHaveLength(1);
    expect(wordpress.notices).toEqual([]);
  });

  it('sends post types the plugin does not track the other way', async () => {
    const wordpress = fakeWordPress({ bulkMaxItems: 200, postTypes: ['post'] });
    await wordpress.client.writeMany([
      createPost(1),
      { kind: 'create', type: 'page', fields: { title: 'x' } },
    ]);
    expect(wordpress.requestsTo('/sfwp/v1/bulk')[0]?.requests?.map((sub) => sub.path)).toEqual([
      '/wp/v2/posts',
    ]);
    expect(wordpress.requestsTo('/batch/v1')[0]?.requests?.map((sub) => sub.path)).toEqual([
      '/wp/v2/pages',
    ]);
  });

  it('on a 404 from the bulk route asks the plugin again and falls back', async () => {
    let gone = false;
    const wordpress = fakeWordPress({
      bulkMaxItems: 200,
      bulkRequest: () =>
        gone ? { status: 404, body: { code: 'rest_no_route', message: 'No route' } } : undefined,
    });
    await wordpress.client.writeMany([createPost(1)]);
    // The plugin is downgraded: its route is gone and its status no longer offers it.
    gone = true;
    wordpress.state.bulkMaxItems = undefined;
    const results = await wordpress.client.writeMany([createUser(1), createPost(2)]);
    await wordpress.client.writeMany([createPost(3)]);

    expect(results.every((result) => result.ok)).toBe(true);
    expect(wordpress.sizes('/sfwp/v1/bulk')).toEqual([1, 2]);
    expect(wordpress.requestsTo('/sfwp/v1/status')).toHaveLength(2);
    expect(wordpress.sizes('/batch/v1')).toEqual([1, 1]);
    expect(wordpress.requestsTo('/wp/v2/users')).toHaveLength(1);
    expect(wordpress.client.preferredBatchSize()).toBe(25);
  });

  it('sends an item the bulk route refuses for its route the other way, and asks again', async () => {
    const wordpress = fakeWordPress({
      bulkMaxItems: 200,
      bulkItem: (sub) =>
        sub.path === '/wp/v2/posts'
          ? {
              status: 400,
              body: {
                code: 'sfwp_bulk_route_not_allowed',
                message: 'Not tracked',
                data: { status: 400 },
              },
            }
          : { status: 201, body: { id: 7, meta: [] } },
    });
    const results = await wordpress.client.writeMany([createPost(1), createUser(1)]);
    await wordpress.client.writeMany([createUser(2)]);

    expect(results.every((result) => result.ok)).toBe(true);
    expect(wordpress.sizes('/batch/v1')).toEqual([1]);
    expect(wordpress.requestsTo('/sfwp/v1/status')).toHaveLength(2);
  });

  it('stops using the route when it refuses the signature, and says why once', async () => {
    const wordpress = fakeWordPress({
      bulkMaxItems: 200,
      bulkRequest: () => ({
        status: 401,
        body: {
          code: 'sfwp_bulk_unsigned',
          message: 'Set the shared secret',
          data: { status: 401 },
        },
      }),
    });
    const first = await wordpress.client.writeMany([createUser(1), createPost(1)]);
    await wordpress.client.writeMany([createUser(2)]);

    expect(first.every((result) => result.ok)).toBe(true);
    expect(wordpress.requestsTo('/sfwp/v1/bulk')).toHaveLength(1);
    expect(wordpress.requestsTo('/wp/v2/users')).toHaveLength(2);
    expect(wordpress.notices).toHaveLength(1);
    expect(wordpress.notices[0]).toContain('shared secret');
  });

  it('fails every write of a bulk request WordPress could not answer, as results', async () => {
    const wordpress = fakeWordPress({
      bulkMaxItems: 200,
      bulkRequest: () => ({ status: 502, body: 'Bad Gateway' }),
    });
    const results = await wordpress.client.writeMany([createUser(1), createPost(1)]);
    expect(results).toHaveLength(2);
    for (const result of results)
      expect(result).toMatchObject({ ok: false, error: { retryable: true, status: 502 } });
    expect(wordpress.requestsTo('/batch/v1')).toHaveLength(0);
  });
});
