import { afterEach, describe, expect, it } from 'vitest';
import { ConnectorMetrics } from '../../src/observability/metrics.js';
import { startStatusServer, type StatusServer } from '../../src/server/index.js';
import type { ConnectorStatus } from '../../src/engine/status.js';
import { connectorStatus } from './status-fixture.js';

const TOKEN = 'test-status-token-standby';
const servers: StatusServer[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

const lease = {
  name: 'intake',
  holder: 'host-a/4242/0a1b2c3d',
  token: 7,
  expiresAt: '2026-12-06T22:00:10.000Z',
  acquiredAt: '2026-12-06T21:00:00.000Z',
};

function replicaStatus(role: 'leader' | 'standby', state: ConnectorStatus['state']) {
  return {
    ...connectorStatus({ state }),
    leadership: { role, holder: `host-${role}/1/00000000`, leases: [lease] },
  };
}

async function healthz(status: ConnectorStatus): Promise<{ code: number; body: unknown }> {
  const server = await startStatusServer({
    host: '127.0.0.1',
    port: 0,
    token: TOKEN,
    status: () => status,
    metrics: new ConnectorMetrics({ defaultMetrics: false }),
  });
  servers.push(server);
  const response = await fetch(`${server.url}/healthz`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return { code: response.status, body: await response.json() };
}

describe('/healthz on a replica', () => {
  it('answers 503 with state standby on a replica standing by, keeping its leases', async () => {
    const { code, body } = await healthz(replicaStatus('standby', 'starting'));
    expect(code).toBe(503);
    expect(body).toMatchObject({
      state: 'standby',
      leadership: { role: 'standby', leases: [{ holder: lease.holder, token: 7 }] },
    });
  });

  it('answers as the connector does on the leader: 200 running, 503 when it is not working', async () => {
    expect(await healthz(replicaStatus('leader', 'running'))).toMatchObject({
      code: 200,
      body: { state: 'running', leadership: { role: 'leader' } },
    });
    expect(await healthz(replicaStatus('leader', 'authentication-failed'))).toMatchObject({
      code: 503,
      body: { state: 'authentication-failed', leadership: { role: 'leader' } },
    });
  });
});
