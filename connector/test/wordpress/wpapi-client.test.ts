import { describe, expect, it } from 'vitest';
import { IF_VERSION_HEADER, type WriteOperation } from '../../src/wordpress/types.js';
import { WpapiWordPressClient } from '../../src/wordpress/wpapi-client.js';

const SITE = 'https://wp.test';
const REST_ROOT = `${SITE}/wp-json`;

interface SeenRequest {
  method: string;
  /** Path and query below the REST root. */
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

type Answer = { status?: number; body: unknown; headers?: Record<string, string> };
type Route = (request: SeenRequest) => Answer | undefined;

/** A WordPress that answers from `routes` (first match wins) and records every request. */
function fakeWordPress(routes: Route[], options: { maxItems?: number } = {}) {
  const seen: SeenRequest[] = [];
  const defaults: Route[] = [
    ({ method, path }) =>
      method === 'GET' && path === '/wp/v2/types?context=edit'
        ? { body: { post: { rest_base: 'posts', rest_namespace: 'wp/v2' } } }
        : undefined,
    ({ method, path }) =>
      method === 'OPTIONS' && path === '/batch/v1'
        ? {
            body: {
              endpoints: [
                { methods: ['POST'], args: { requests: { maxItems: options.maxItems ?? 25 } } },
              ],
            },
          }
        : undefined,
    ({ method, path }) =>
      method === 'OPTIONS' && path.startsWith('/wp/v2/posts')
        ? {
            body: {
              endpoints: [
                { methods: ['GET'] },
                { methods: ['POST', 'PUT', 'PATCH'], allow_batch: { v1: true } },
                { methods: ['DELETE'], allow_batch: { v1: true } },
              ],
            },
          }
        : undefined,
    ({ method, path }) =>
      method === 'OPTIONS' && path.startsWith('/wp/v2/users')
        ? { body: { endpoints: [{ methods: ['POST', 'DELETE'] }] } }
        : undefined,
    ({ method, path }) =>
      method === 'GET' && path === '/wp/v2/users/me?context=edit'
        ? { body: { id: 1, name: 'connector', meta: [] } }
        : undefined,
  ];
  const fetch: typeof globalThis.fetch = (input, init) => {
    const url = input instanceof Request ? input.url : input.toString();
    const request: SeenRequest = {
      method: init?.method ?? 'GET',
      path: decodeURIComponent(url.slice(REST_ROOT.length)),
      headers: (init?.headers ?? {}) as Record<string, string>,
      body: typeof init?.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
    };
    seen.push(request);
    for (const route of [...routes, ...defaults]) {
      const answer = route(request);
      if (answer) {
        return Promise.resolve(
          new Response(JSON.stringify(answer.body), {
            status: answer.status ?? 200,
            headers: { 'Content-Type': 'application/json', ...answer.headers },
          }),
        );
      }
    }
    return Promise.resolve(
      new Response(JSON.stringify({ code: 'rest_no_route', message: 'No route' }), {
        status: 404,
      }),
    );
  };
  const client = new WpapiWordPressClient({
    siteUrl: `${SITE}/`,
    username: 'connector',
    applicationPassword: 'secret',
    fetch,
  });
  return { client, seen };
}

/** Answers each /batch/v1 sub-request with `item` (201 echoing an id by default). */
function batchAnswering(
  item: (sub: { method: string; path: string; body?: unknown }, index: number) => Answer,
): Route {
  return ({ method, path, body }) => {
    if (method !== 'POST' || path !== '/batch/v1') return undefined;
    const requests = (body as { requests: { method: string; path: string; body?: unknown }[] })
      .requests;
    return {
      body: {
        responses: requests.map((sub, index) => {
          const answer = item(sub, index);
          return { status: answer.status ?? 200, body: answer.body };
        }),
      },
    };
  };
}

const createPost = (title: string): WriteOperation => ({
  kind: 'create',
  type: 'post',
  fields: { title },
});

describe('WpapiWordPressClient.writeMany', () => {
  it('sends batchable writes in /batch/v1 chunks of the site limit, results in input order', async () => {
    let nextId = 100;
    const { client, seen } = fakeWordPress(
      [batchAnswering(() => ({ status: 201, body: { id: nextId++, meta: [] } }))],
      { maxItems: 2 },
    );
    const results = await client.writeMany([createPost('a'), createPost('b'), createPost('c')]);

    expect(results.map((result) => result.ok && result.id)).toEqual([100, 101, 102]);
    expect(results[0]).toMatchObject({ ok: true, status: 201, object: { id: 100, meta: {} } });
    const batches = seen.filter(
      (request) => request.path === '/batch/v1' && request.method === 'POST',
    );
    expect(batches.map((batch) => (batch.body as { requests: unknown[] }).requests.length)).toEqual(
      [2, 1],
    );
    expect((batches[0]?.body as { requests: unknown[] }).requests[0]).toEqual({
      method: 'POST',
      path: '/wp/v2/posts',
      body: { title: 'a' },
    });
  });

  it("puts an update's expected version on its own sub-request", async () => {
    const { client, seen } = fakeWordPress([batchAnswering(() => ({ body: { id: 7, meta: {} } }))]);
    const [result] = await client.writeMany([
      { kind: 'update', type: 'post', id: 7, fields: { title: 'x' }, ifVersion: 3 },
    ]);
    expect(result).toMatchObject({ ok: true, id: 7 });
    const batch = seen.find((request) => request.path === '/batch/v1' && request.method === 'POST');
    expect((batch?.body as { requests: unknown[] }).requests).toEqual([
      {
        method: 'POST',
        path: '/wp/v2/posts/7',
        body: { title: 'x' },
        headers: { [IF_VERSION_HEADER]: '3' },
      },
    ]);
  });

  it('sends writes to routes that do not batch as single requests; a user delete reassigns to the connector', async () => {
    const { client, seen } = fakeWordPress([
      ({ method, path }) =>
        method === 'DELETE' && path.startsWith('/wp/v2/users/5')
          ? { body: { deleted: true, previous: { id: 5, meta: [] } } }
          : undefined,
      ({ method, path }) =>
        method === 'POST' && path === '/wp/v2/users'
          ? { status: 201, body: { id: 6, meta: [] } }
          : undefined,
    ]);
    const results = await client.writeMany([
      { kind: 'delete', type: 'user', id: 5 },
      { kind: 'create', type: 'user', fields: { username: 'u' } },
    ]);
    expect(results).toMatchObject([
      { ok: true, id: 5, object: { id: 5 } },
      { ok: true, status: 201, id: 6 },
    ]);
    expect(seen.some((request) => request.path === '/batch/v1' && request.method === 'POST')).toBe(
      false,
    );
    const remove = seen.find((request) => request.method === 'DELETE');
    expect(remove?.path).toMatch(/^\/wp\/v2\/users\/5\?/);
    expect(remove?.path).toContain('force=true');
    expect(remove?.path).toContain('reassign=1');
  });

  it('sends alone what WordPress refused to batch, and fails only the writes that failed', async () => {
    const { client, seen } = fakeWordPress([
      batchAnswering((sub, index) =>
        index === 0
          ? { status: 400, body: { code: 'rest_batch_not_allowed', message: 'no' } }
          : { status: 400, body: { code: 'rest_invalid_param', message: 'bad title' } },
      ),
      ({ method, path }) =>
        method === 'POST' && path === '/wp/v2/posts'
          ? { status: 201, body: { id: 9, meta: [] } }
          : undefined,
    ]);
    const results = await client.writeMany([createPost('a'), createPost('b')]);
    expect(results[0]).toMatchObject({ ok: true, id: 9 });
    expect(results[1]).toMatchObject({ ok: false, error: { code: 'rest_invalid_param' } });
    expect(
      seen.filter((request) => request.method === 'POST' && request.path === '/wp/v2/posts'),
    ).toHaveLength(1);
  });

  it('fails a write to an unknown type as its own result', async () => {
    const { client } = fakeWordPress([batchAnswering(() => ({ body: { id: 3, meta: [] } }))]);
    const results = await client.writeMany([
      { kind: 'create', type: 'event', fields: {} },
      createPost('a'),
    ]);
    expect(results[0]).toMatchObject({ ok: false, error: { code: 'sfwp_unknown_type' } });
    expect(results[1]).toMatchObject({ ok: true, id: 3 });
  });

  it('fails every write, as results, when WordPress cannot say what batches', async () => {
    const { client } = fakeWordPress([
      ({ method, path }) =>
        method === 'OPTIONS' && path === '/batch/v1'
          ? { status: 503, body: { code: 'down', message: 'down' } }
          : undefined,
    ]);
    const results = await client.writeMany([createPost('a'), createPost('b')]);
    expect(results).toHaveLength(2);
    expect(results.every((result) => !result.ok)).toBe(true);
  });
});

describe('WpapiWordPressClient reads', () => {
  it('lists with WordPress query names and totals from the headers, meta normalised', async () => {
    const { client, seen } = fakeWordPress([
      ({ method, path }) =>
        method === 'GET' && path.startsWith('/wp/v2/posts?')
          ? {
              body: [{ id: 1, meta: [] }],
              headers: { 'X-WP-Total': '41', 'X-WP-TotalPages': '3' },
            }
          : undefined,
    ]);
    const page = await client.list('post', {
      page: 2,
      perPage: 20,
      modifiedAfter: '2024-01-01T00:00:00Z',
      status: 'any',
      orderBy: 'id',
      order: 'asc',
    });
    expect(page).toEqual({ items: [{ id: 1, meta: {} }], total: 41, totalPages: 3 });
    const list = seen.find((request) => request.path.startsWith('/wp/v2/posts?'));
    for (const part of [
      'context=edit',
      'per_page=20',
      'page=2',
      'modified_after=2024-01-01T00:00:00Z',
      'status=any',
      'orderby=id',
      'order=asc',
    ]) {
      expect(list?.path).toContain(part);
    }
  });

  it('asks for the current user once while the answer is good', async () => {
    const { client, seen } = fakeWordPress([]);
    const [first, second] = await Promise.all([client.currentUser(), client.currentUser()]);
    expect(first).toEqual({ id: 1, name: 'connector', meta: {} });
    expect(second).toBe(first);
    expect(seen.filter((request) => request.path.startsWith('/wp/v2/users/me'))).toHaveLength(1);
  });

  it('gets one object in the edit context', async () => {
    const { client, seen } = fakeWordPress([
      ({ method, path }) =>
        method === 'GET' && path.startsWith('/wp/v2/posts/4')
          ? { body: { id: 4, meta: { a: 1 } } }
          : undefined,
    ]);
    expect(await client.get('post', 4)).toEqual({ id: 4, meta: { a: 1 } });
    expect(seen.at(-1)?.path).toBe('/wp/v2/posts/4?context=edit');
  });
});
