import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStatusServer, type StatusServer } from '../../src/server/index.js';
import { SignedRouteInputError, type SignedRoute } from '../../src/server/signed-routes.js';
import { ConnectorMetrics } from '../../src/observability/metrics.js';
import { signedRequestHeaders } from '../../src/wordpress/origin-signature.js';
import { connectorStatus } from './status-fixture.js';

const SECRET = 'a-shared-secret-of-at-least-32-characters!';

const echo: SignedRoute = {
  method: 'POST',
  path: 'echo',
  handle: (request) =>
    Promise.resolve({ status: 200, body: { body: request.body, q: request.query.get('q') } }),
};
const refusing: SignedRoute = {
  method: 'GET',
  path: 'refuse',
  handle: () => Promise.reject(new SignedRouteInputError('BAD_IDS', 'ids must be numbers', 422)),
};

let routes: readonly SignedRoute[] = [echo, refusing];
let server: StatusServer;

beforeAll(async () => {
  server = await startStatusServer({
    port: 0,
    token: 'status-token',
    status: () => connectorStatus(),
    metrics: new ConnectorMetrics(),
    signedRoutes: { secret: SECRET, routes: () => routes },
  });
});
afterAll(() => server.close());

function nonce(): string {
  return randomBytes(16).toString('hex');
}

interface Call {
  method?: 'GET' | 'POST';
  target: string;
  body?: string;
  headers?: Record<string, string>;
  secret?: string;
  now?: Date;
}

function call({ method = 'POST', target, body = '', headers, secret = SECRET, now }: Call) {
  const signed =
    headers ?? signedRequestHeaders(secret, { method, target, body, nonce: nonce() }, now);
  return fetch(`${server.url}${target}`, {
    method,
    headers: { 'content-type': 'application/json', ...signed },
    ...(method === 'POST' ? { body } : {}),
  });
}

describe('signed WordPress routes on the status server', () => {
  it('answers a signed call with the route’s answer, query and body included', async () => {
    const response = await call({ target: '/wordpress/echo?q=1', body: '{"ids":[1,2]}' });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ body: { ids: [1, 2] }, q: '1' });
  });

  it('refuses unsigned, forged, stale, replayed and re-targeted calls with 401', async () => {
    const unsigned = await fetch(`${server.url}/wordpress/echo`, { method: 'POST', body: '{}' });
    expect(unsigned.status).toBe(401);

    const forged = await call({ target: '/wordpress/echo', body: '{}', secret: `${SECRET}x` });
    expect(forged.status).toBe(401);
    expect(await forged.text()).toContain('wrong signature');

    const stale = await call({
      target: '/wordpress/echo',
      body: '{}',
      now: new Date(Date.now() - 301_000),
    });
    expect(stale.status).toBe(401);

    const headers = signedRequestHeaders(SECRET, {
      method: 'POST',
      target: '/wordpress/echo',
      body: '{}',
      nonce: nonce(),
    });
    expect((await call({ target: '/wordpress/echo', body: '{}', headers })).status).toBe(200);
    const replayed = await call({ target: '/wordpress/echo', body: '{}', headers });
    expect(replayed.status).toBe(401);
    expect(await replayed.text()).toContain('replayed');

    const elsewhere = signedRequestHeaders(SECRET, {
      method: 'POST',
      target: '/wordpress/echo?q=1',
      body: '{}',
      nonce: nonce(),
    });
    const retargeted = await call({
      target: '/wordpress/echo?q=2',
      body: '{}',
      headers: elsewhere,
    });
    expect(retargeted.status).toBe(401);

    const tampered = signedRequestHeaders(SECRET, {
      method: 'POST',
      target: '/wordpress/echo',
      body: '{"a":1}',
      nonce: nonce(),
    });
    const changedBody = await call({
      target: '/wordpress/echo',
      body: '{"a":2}',
      headers: tampered,
    });
    expect(changedBody.status).toBe(401);
  });

  it('does not let a forged call use up a real nonce', async () => {
    const real = signedRequestHeaders(SECRET, {
      method: 'POST',
      target: '/wordpress/echo',
      body: '{}',
      nonce: nonce(),
    });
    const forged = { ...real, 'X-Sfwp-Signature': `sha256=${'0'.repeat(64)}` };
    expect((await call({ target: '/wordpress/echo', body: '{}', headers: forged })).status).toBe(
      401,
    );
    expect((await call({ target: '/wordpress/echo', body: '{}', headers: real })).status).toBe(200);
  });

  it('answers 404, 405, 400, 413 and a route’s own refusal precisely', async () => {
    expect((await call({ target: '/wordpress/nothing', body: '{}' })).status).toBe(404);
    const wrongMethod = await call({ method: 'GET', target: '/wordpress/echo' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect((await call({ target: '/wordpress/echo', body: '{not json' })).status).toBe(400);
    const large = `{"x":"${'a'.repeat(300 * 1024)}"}`;
    expect((await call({ target: '/wordpress/echo', body: large })).status).toBe(413);
    const refused = await call({ method: 'GET', target: '/wordpress/refuse' });
    expect(refused.status).toBe(422);
    expect(await refused.json()).toEqual({ code: 'BAD_IDS', message: 'ids must be numbers' });
  });

  it('answers 503 while the connector is starting (no routes yet)', async () => {
    routes = [];
    try {
      expect((await call({ target: '/wordpress/echo', body: '{}' })).status).toBe(503);
    } finally {
      routes = [echo, refusing];
    }
  });

  it('keeps the routes off when no shared secret is configured', async () => {
    const plain = await startStatusServer({
      port: 0,
      token: 'status-token',
      status: () => connectorStatus(),
      metrics: new ConnectorMetrics(),
    });
    try {
      const response = await fetch(`${plain.url}/wordpress/echo`, { method: 'POST', body: '{}' });
      expect(response.status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
