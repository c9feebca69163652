import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../../src/config/index.js';
import { openSalesforceSession, SalesforceAuthError } from '../../src/salesforce/session.js';
import { startEmulator, type RunningEmulator } from '../../../test/emulator/index.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ pubSub: false });
});
afterAll(async () => {
  await emulator.stop();
});

function settings(env: Record<string, string>): Config['salesforce'] {
  return loadConfig({
    cwd: '/nonexistent',
    env: {
      SF_LOGIN_URL: emulator.loginUrl,
      SF_CLIENT_ID: emulator.credentials.clientId,
      WP_URL: 'http://127.0.0.1:1',
      WP_USERNAME: 'x',
      WP_APP_PASSWORD: 'x',
      ...env,
    },
  }).salesforce;
}

describe('openSalesforceSession against the org emulator', () => {
  it('logs in with JWT bearer and gets a new token by itself after expiry', async () => {
    const session = await openSalesforceSession(
      settings({
        SF_AUTH_METHOD: 'jwt',
        SF_USERNAME: emulator.credentials.integration.username,
        SF_PRIVATE_KEY: emulator.credentials.jwtPrivateKeyPem ?? '',
      }),
    );
    expect(session.organizationId).toBe(emulator.credentials.orgId);
    const first = session.accessToken();
    let refreshed = 0;
    session.onTokenRefreshed(() => refreshed++);
    emulator.faults.expireAccessTokens();
    const result = await session.connection.query('SELECT Id FROM Contact LIMIT 1');
    expect(result.done).toBe(true);
    expect(session.accessToken()).not.toBe(first);
    expect(refreshed).toBe(1);
  });

  it('logs in with client credentials, and refreshes on request', async () => {
    const session = await openSalesforceSession(
      settings({
        SF_AUTH_METHOD: 'client-credentials',
        SF_CLIENT_SECRET: emulator.credentials.clientSecret,
      }),
    );
    const first = session.accessToken();
    await session.refresh();
    expect(session.accessToken()).not.toBe(first);
    expect(session.instanceUrl()).toBe(emulator.instanceUrl);
  });

  it('logs in with username and password', async () => {
    const user = emulator.credentials.integration;
    const session = await openSalesforceSession(
      settings({
        SF_AUTH_METHOD: 'password',
        SF_CLIENT_SECRET: emulator.credentials.clientSecret,
        SF_USERNAME: user.username,
        SF_PASSWORD: user.password + user.securityToken,
      }),
    );
    expect(session.userId).toMatch(/^005/);
  });

  it('explains a refused grant and never includes the secret', async () => {
    const error = await openSalesforceSession(
      settings({ SF_AUTH_METHOD: 'client-credentials', SF_CLIENT_SECRET: 'wrong-secret-value' }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SalesforceAuthError);
    expect((error as Error).message).toContain('client-credentials grant');
    expect((error as Error).message).toContain('clientSecret');
    expect((error as Error).message).not.toContain('wrong-secret-value');
  });

  it('reports a user who is not pre-authorised for JWT', async () => {
    const error = await openSalesforceSession(
      settings({
        SF_AUTH_METHOD: 'jwt',
        SF_USERNAME: emulator.credentials.admin.username,
        SF_PRIVATE_KEY: emulator.credentials.jwtPrivateKeyPem ?? '',
      }),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SalesforceAuthError);
    expect((error as Error).message).toMatch(/invalid_grant/);
  });
});
