import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorMetrics } from '../../src/observability/metrics.js';
import {
  bearerTokenMatches,
  startStatusServer,
  StatusServerError,
  type StatusServer,
} from '../../src/server/index.js';
import type { ConnectorStatus } from '../../src/engine/status.js';
import { capturedLogger } from './log-capture.js';
import { connectorStatus } from './status-fixture.js';

const TOKEN = 'test-status-token-5f1e';
const servers: StatusServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function serve(
  status: () => ConnectorStatus = () => connectorStatus(),
  log = capturedLogger(),
): Promise<StatusServer> {
  const server = await startStatusServer({
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    status,
    metrics: new ConnectorMetrics({ defaultMetrics: false }),
    logger: log.logger,
  });
  servers.push(server);
  return server;
}

function get(server: StatusServer, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${TOKEN}`, ...(init.headers as Record<string, string>) },
  });
}

describe('status server', () => {
  it('serves the status as JSON with 200 while running', async () => {
    const server = await serve();
    const response = await get(server, '/healthz');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    expect(await response.json()).toEqual(connectorStatus());
  });

  it('answers 200 while paused and 503 in every state that is not doing its job', async () => {
    let state: ConnectorStatus['state'] = 'paused';
    const server = await serve(() =>
      connectorStatus({ state, reason: state === 'paused' ? 'paused by command' : 'refused' }),
    );
    expect((await get(server, '/healthz')).status).toBe(200);
    for (const next of ['starting', 'authentication-failed', 'throttled', 'stopping'] as const) {
      state = next;
      const response = await get(server, '/healthz');
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ state: next, reason: 'refused' });
    }
  });

  it('serves Prometheus text refreshed from the status on every scrape', async () => {
    let open = 2;
    const server = await serve(() => connectorStatus({ deadLetters: { open } }));
    const first = await get(server, '/metrics');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/plain');
    expect(await first.text()).toContain('sfwp_dead_letters_open{org="default"} 2');
    open = 7;
    expect(await (await get(server, '/metrics')).text()).toContain(
      'sfwp_dead_letters_open{org="default"} 7',
    );
  });

  it('refuses requests without the token, or with a wrong one, with 401', async () => {
    const server = await serve();
    for (const path of ['/healthz', '/metrics', '/nowhere']) {
      const anonymous = await fetch(`${server.url}${path}`);
      expect(anonymous.status).toBe(401);
      expect(anonymous.headers.get('www-authenticate')).toBe('Bearer realm="sfwp"');
      expect(await anonymous.text()).not.toContain('sfwp_');
    }
    for (const authorization of [
      'Bearer wrong',
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Basic ${TOKEN}`,
      TOKEN,
      'Bearer ',
    ]) {
      const response = await fetch(`${server.url}/healthz`, { headers: { authorization } });
      expect(response.status, authorization).toBe(401);
    }
  });

  it('answers 404 for an unknown path and 405 for a method other than GET', async () => {
    const server = await serve();
    expect((await get(server, '/status')).status).toBe(404);
    expect((await get(server, '/healthz?verbose=1')).status).toBe(200);
    for (const method of ['POST', 'PUT', 'DELETE', 'HEAD']) {
      const response = await get(server, '/healthz', { method });
      expect(response.status, method).toBe(405);
      expect(response.headers.get('allow')).toBe('GET');
    }
  });

  it('answers 500 when the status cannot be read, and logs it without the token', async () => {
    const log = capturedLogger();
    const server = await serve(() => {
      throw new Error('status exploded');
    }, log);
    const response = await get(server, '/healthz');
    expect(response.status).toBe(500);
    expect(log.text()).toContain('status exploded');
    expect(log.text()).not.toContain(TOKEN);
  });

  it('says which setting to change when the port is taken', async () => {
    const first = await serve();
    await expect(
      startStatusServer({
        host: '127.0.0.1',
        port: first.port,
        token: TOKEN,
        status: () => connectorStatus(),
        metrics: new ConnectorMetrics({ defaultMetrics: false }),
      }),
    ).rejects.toThrow(StatusServerError);
    await expect(
      startStatusServer({
        host: '127.0.0.1',
        port: first.port,
        token: TOKEN,
        status: () => connectorStatus(),
        metrics: new ConnectorMetrics({ defaultMetrics: false }),
      }),
    ).rejects.toThrow(/EADDRINUSE.*SFWP_HTTP_PORT/);
  });
});

describe('bearerTokenMatches', () => {
  it('accepts only the exact token after Bearer', () => {
    expect(bearerTokenMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerTokenMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerTokenMatches(undefined, TOKEN)).toBe(false);
    expect(bearerTokenMatches('Bearer other', TOKEN)).toBe(false);
    expect(bearerTokenMatches(`Bearer ${TOKEN} extra`, TOKEN)).toBe(false);
    expect(bearerTokenMatches('Bearer ', '')).toBe(false);
  });
});
