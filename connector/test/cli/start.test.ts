import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStartCommand, type StartConnector } from '../../src/cli/commands/start.js';
import type { ConnectorStatus, RunningConnector } from '../../src/engine/status.js';
import { capturedLogger } from '../server/log-capture.js';
import { connectorStatus } from '../server/status-fixture.js';
import { environment, SECRETS, temporaryDirectory } from './fixtures.js';
import { sfwp } from './run-sfwp.js';

const cwd = temporaryDirectory('start');
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** The status server's URL, from the log line that announces it. */
function serverUrl(logText: string): string {
  const line = logText
    .split('\n')
    .filter((text) => text !== '')
    .map((text) => JSON.parse(text) as { msg: string; url?: string })
    .find((entry) => entry.msg === 'status server listening');
  if (line?.url === undefined) throw new Error('status server did not announce itself');
  return line.url;
}

describe('sfwp start', () => {
  it('serves /healthz while starting, then the running status, and stops on a signal', async () => {
    const log = capturedLogger();
    const serviceCalled = deferred<undefined>();
    const letServiceStart = deferred<undefined>();
    const statusRead = deferred<undefined>();
    const shutdown = deferred<string>();
    let stopped = false;
    const running: RunningConnector = {
      status: (): ConnectorStatus => {
        statusRead.resolve(undefined);
        return connectorStatus({ state: stopped ? 'stopped' : 'running' });
      },
      stop: () => {
        stopped = true;
        return Promise.resolve();
      },
    };
    let received: Parameters<StartConnector> | undefined;
    const startConnector: StartConnector = async (...args) => {
      received = args;
      serviceCalled.resolve(undefined);
      await letServiceStart.promise;
      return running;
    };
    const command = createStartCommand({
      loadService: () => Promise.resolve(startConnector),
      createLogger: () => log.logger,
    });
    const env = environment({ SFWP_HTTP_PORT: '0' });
    const finished = sfwp(['start'], {
      cwd,
      env,
      commands: [command],
      shutdown: shutdown.promise,
    });

    await serviceCalled.promise;
    const url = serverUrl(log.text());
    const tokenFile = join(cwd, 'state', 'status-token');
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);
    const authorization = { authorization: `Bearer ${token}` };

    const starting = await fetch(`${url}/healthz`, { headers: authorization });
    expect(starting.status).toBe(503);
    expect(await starting.json()).toMatchObject({ state: 'starting' });
    expect((await fetch(`${url}/healthz`)).status).toBe(401);

    letServiceStart.resolve(undefined);
    await statusRead.promise;
    const healthy = await fetch(`${url}/healthz`, { headers: authorization });
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual(connectorStatus());
    const metrics = await (await fetch(`${url}/metrics`, { headers: authorization })).text();
    expect(metrics).toContain('sfwp_connector_state{org="default",state="running"} 1');
    expect(metrics).toContain('process_cpu_seconds_total');

    expect(received?.[0].wordpress.url).toBe('https://blog.example.org');
    expect(received?.[1].metrics).toBeDefined();

    shutdown.resolve('SIGTERM');
    const result = await finished;
    expect(result.code, result.stderr).toBe(0);
    expect(stopped).toBe(true);
    await expect(fetch(`${url}/healthz`, { headers: authorization })).rejects.toThrow();

    const logs = log.text();
    expect(logs).toContain(tokenFile);
    expect(logs).toContain('"signal":"SIGTERM"');
    for (const secret of [token, SECRETS.appPassword, SECRETS.clientSecret]) {
      expect(logs).not.toContain(secret);
    }
  });

  it('stops a connector that is still starting when asked to, once it is up', async () => {
    const log = capturedLogger();
    const serviceCalled = deferred<undefined>();
    const letServiceStart = deferred<undefined>();
    const stopped = deferred<undefined>();
    const running: RunningConnector = {
      status: () => connectorStatus(),
      stop: () => {
        stopped.resolve(undefined);
        return Promise.resolve();
      },
    };
    const command = createStartCommand({
      loadService: () =>
        Promise.resolve(async () => {
          serviceCalled.resolve(undefined);
          await letServiceStart.promise;
          return running;
        }),
      createLogger: () => log.logger,
    });
    const shutdown = deferred<string>();
    const finished = sfwp(['start'], {
      cwd,
      env: environment({ SFWP_HTTP_PORT: '0', SFWP_STATUS_TOKEN: SECRETS.statusToken }),
      commands: [command],
      shutdown: shutdown.promise,
    });
    await serviceCalled.promise;
    const url = serverUrl(log.text());
    shutdown.resolve('SIGINT');
    const result = await finished;
    expect(result.code).toBe(0);
    expect(log.text()).toContain('stop requested while starting');
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    letServiceStart.resolve(undefined);
    await stopped.promise;
  });

  it('exits 1 with one line and closes the status server when the service cannot start', async () => {
    const log = capturedLogger();
    const command = createStartCommand({
      loadService: () =>
        Promise.resolve(() =>
          Promise.reject(
            new Error('Salesforce refused the JWT: user hasn’t approved this consumer'),
          ),
        ),
      createLogger: () => log.logger,
    });
    const result = await sfwp(['start'], {
      cwd,
      env: environment({ SFWP_HTTP_PORT: '0', SFWP_STATUS_TOKEN: SECRETS.statusToken }),
      commands: [command],
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('sfwp: Salesforce refused the JWT');
    const url = serverUrl(log.text());
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    expect(log.text()).not.toContain(SECRETS.statusToken);
  });

  it('exits 2 on a configuration problem before starting anything', async () => {
    let loaded = false;
    const command = createStartCommand({
      loadService: () => {
        loaded = true;
        return Promise.reject(new Error('not reached'));
      },
    });
    const result = await sfwp(['start'], {
      cwd,
      env: environment({ WP_URL: 'not a url' }),
      commands: [command],
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('wordpress.url');
    expect(loaded).toBe(false);
  });
});
