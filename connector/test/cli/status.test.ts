import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { pluginVersionWarning } from '../../src/app/version.js';
import { ConnectorMetrics } from '../../src/observability/metrics.js';
import {
  prepareStatusToken,
  startStatusServer,
  type StatusServer,
} from '../../src/server/index.js';
import type { ConnectorStatus } from '../../src/engine/status.js';
import { capturedLogger } from '../server/log-capture.js';
import { connectorStatus } from '../server/status-fixture.js';
import { environment, SECRETS, temporaryDirectory } from './fixtures.js';
import { sfwp } from './run-sfwp.js';

const cwd = temporaryDirectory('status');
const servers: StatusServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

async function connector(
  status: ConnectorStatus,
  token: string = SECRETS.statusToken,
): Promise<StatusServer> {
  const server = await startStatusServer({
    port: 0,
    token,
    status: () => status,
    metrics: new ConnectorMetrics({ defaultMetrics: false }),
  });
  servers.push(server);
  return server;
}

function statusOf(server: StatusServer, env: NodeJS.ProcessEnv = {}): ReturnType<typeof sfwp> {
  return sfwp(['status'], {
    cwd,
    env: environment({
      SFWP_HTTP_PORT: String(server.port),
      SFWP_STATUS_TOKEN: SECRETS.statusToken,
      ...env,
    }),
  });
}

describe('sfwp status', () => {
  it('prints a readable summary and exits 0 when the connector is healthy', async () => {
    const result = await statusOf(await connector(connectorStatus()));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('State:         running (version 0.1.0');
    expect(result.stdout).toContain('API usage:     1,200 of 15,000 daily requests (8%)');
    expect(result.stdout).toContain('Intake:        3 in flight, lag 1.5 s, 42 events applied');
    expect(result.stdout).toContain('  /event/WP_Sync_Event__e  00000000000004d2');
    expect(result.stdout).toContain('Dead letters:  2 open (sfwp dlq list --status open)');
    expect(result.stdout).toContain(
      'Mappings:      2 loaded (Contact_User, Account_Organization), 1 skipped',
    );
    expect(result.stdout).toContain('  skipped Lead_Post: field Lead.Foo__c does not exist');
    expect(result.stdout + result.stderr).not.toContain(SECRETS.statusToken);
  });

  it('prints the status and exits 1 when the connector is not healthy', async () => {
    const base = connectorStatus();
    const server = await connector({
      ...base,
      state: 'authentication-failed',
      reason: 'Salesforce refused the refresh token (invalid_grant); run sfwp auth login',
      salesforce: { ...base.salesforce, apiUsage: undefined, replayPositions: {} },
      intake: { inFlight: 0, lagMs: undefined, eventsApplied: 0 },
    });
    const result = await statusOf(server);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('State:         authentication-failed');
    expect(result.stdout).toContain('Reason:        Salesforce refused the refresh token');
    expect(result.stdout).toContain('API usage:     unknown yet');
    expect(result.stdout).toContain('lag unknown');
    expect(result.stdout).toContain('Replay:        no position stored yet');
    expect(result.stderr).toContain('the connector is not healthy (authentication-failed: ');
  });

  it('says who paused the connector and when, and exits 0', async () => {
    const server = await connector({
      ...connectorStatus(),
      state: 'paused',
      pausedBy: '0055g000001AdmnAAA',
      pausedByName: 'Ada Admin',
      pausedAt: '2026-11-22T09:30:00.000Z',
    });
    const result = await statusOf(server);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('State:         paused (version 0.1.0');
    expect(result.stdout).toContain(
      'Paused:        since 2026-11-22T09:30:00.000Z by Ada Admin (0055g000001AdmnAAA); changes wait until Resume',
    );
  });

  it('shows the plugin version, and warns when its major version differs', async () => {
    const matching = await statusOf(await connector(connectorStatus({ pluginVersion: '0.1.3' })));
    expect(matching.code, matching.stderr).toBe(0);
    expect(matching.stdout).toContain(
      'State:         running (version 0.1.0, plugin 0.1.3, since 2026-11-22T09:00:00.000Z)',
    );
    expect(matching.stdout).not.toContain('WARNING');

    const versionWarning = pluginVersionWarning('1.0.0', '0.1.0') ?? 'a warning';
    const result = await statusOf(
      await connector(connectorStatus({ pluginVersion: '1.0.0', versionWarning })),
    );
    // A mismatch is a warning, not ill health.
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe(
      'State:         running (version 0.1.0, plugin 1.0.0, since 2026-11-22T09:00:00.000Z)',
    );
    expect(lines[1]).toBe(`  WARNING: ${versionWarning}`);
    expect(lines[1]).toContain('The WordPress companion plugin is version 1.0.0');
  });

  it('prints JSON with --json', async () => {
    const server = await connector(connectorStatus());
    const result = await sfwp(['status', '--json'], {
      cwd,
      env: environment({
        SFWP_HTTP_PORT: String(server.port),
        SFWP_STATUS_TOKEN: SECRETS.statusToken,
      }),
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(connectorStatus());
  });

  it('uses the status-token file the connector wrote when no token is configured', async () => {
    const env = environment();
    const token = prepareStatusToken({
      config: { store: { path: env.SFWP_STORE_PATH ?? '' }, server: { host: '', port: 0 } },
      logger: capturedLogger().logger,
      cwd,
    });
    const server = await connector(connectorStatus(), token);
    const result = await sfwp(['status'], {
      cwd,
      env: { ...env, SFWP_HTTP_PORT: String(server.port) },
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(token);
  });

  it('exits 3 with a clear message when the token is refused', async () => {
    const server = await connector(connectorStatus(), 'another-token');
    const result = await statusOf(server);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('refused the status token from env SFWP_STATUS_TOKEN');
    expect(result.stderr).not.toContain(SECRETS.statusToken);
  });

  it('exits 3 with a clear message when no connector answers', async () => {
    const server = await connector(connectorStatus());
    await server.close();
    servers.splice(0);
    const result = await statusOf(server);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      `No connector answers at http://127.0.0.1:${String(server.port)}/healthz`,
    );
    expect(result.stderr).toContain('ECONNREFUSED');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('exits 3 when there is no token to present', async () => {
    const result = await sfwp(['status'], {
      cwd,
      env: environment({ SFWP_STORE_PATH: 'no-such-dir/state.sqlite' }),
    });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('No status token');
    expect(result.stderr).toContain(join(cwd, 'no-such-dir', 'status-token'));
  });
});
