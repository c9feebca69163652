import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { openSalesforceSession } from '../../src/salesforce/session.js';
import { createPkcePair, webLogin } from '../../src/salesforce/web-login.js';
import { startEmulator, type RunningEmulator } from '../../../test/emulator/index.js';
import { findFreePort } from '../../../test/wordpress/php-server.js';

let emulator: RunningEmulator;
let port: number;
const directory = mkdtempSync(join(tmpdir(), 'sfwp-login-'));
const tokenFile = join(directory, 'refresh-token');

beforeAll(async () => {
  port = await findFreePort();
  emulator = await startEmulator({
    pubSub: false,
    callbackUrls: [`http://127.0.0.1:${port}/oauth/callback`],
  });
  writeFileSync(tokenFile, 'placeholder\n');
});
afterAll(async () => {
  await emulator.stop();
  rmSync(directory, { recursive: true, force: true });
});

/** Plays the operator in the browser: opens the URL, logs in and allows access. */
async function actAsBrowser(
  authorizeUrl: string,
  username: string,
  password: string,
): Promise<void> {
  const url = new URL(authorizeUrl);
  expect((await fetch(url)).status).toBe(200);
  const form = new URLSearchParams(url.searchParams);
  form.set('username', username);
  form.set('password', password);
  form.set('consent', 'allow');
  const consent = await fetch(new URL(url.pathname, url), {
    method: 'POST',
    body: form,
    redirect: 'manual',
  });
  const callback = consent.headers.get('location') ?? '';
  expect(callback).toContain(`127.0.0.1:${port}/oauth/callback`);
  expect((await fetch(callback)).status).toBe(200);
}

describe('sfwp auth login (web-server flow with PKCE)', () => {
  it('makes a verifier Salesforce accepts (43–128 characters) and its S256 challenge', () => {
    const { verifier, challenge } = createPkcePair();
    expect(verifier.length).toBeGreaterThanOrEqual(43);
    expect(verifier.length).toBeLessThanOrEqual(128);
    expect(challenge).not.toBe(verifier);
  });

  it('stores a refresh token that then logs the connector in', async () => {
    const config = loadConfig({
      cwd: directory,
      env: {
        SF_LOGIN_URL: emulator.loginUrl,
        SF_AUTH_METHOD: 'refresh-token',
        SF_CLIENT_ID: emulator.credentials.clientId,
        SF_CLIENT_SECRET: emulator.credentials.clientSecret,
        SF_REFRESH_TOKEN_FILE: tokenFile,
        WP_URL: 'http://127.0.0.1:1',
        WP_USERNAME: 'x',
        WP_APP_PASSWORD: 'x',
      },
    });
    const printed: string[] = [];
    const admin = emulator.credentials.admin;
    const result = await webLogin(config, {
      port,
      print: (line) => {
        printed.push(line);
        const url = /https?:\/\/\S+authorize\S+/.exec(line)?.[0];
        if (url) void actAsBrowser(url, admin.username, admin.password);
      },
    });
    expect(result.organizationId).toBe(emulator.credentials.orgId);
    expect(result.storedIn).toBe(tokenFile);
    const token = readFileSync(tokenFile, 'utf8').trim();
    expect(token).not.toBe('placeholder');
    expect(printed.join('\n')).not.toContain(token);
    expect(statSync(tokenFile).mode & 0o777).toBe(0o600);

    const reloaded = loadConfig({
      cwd: directory,
      env: {
        SF_LOGIN_URL: emulator.loginUrl,
        SF_AUTH_METHOD: 'refresh-token',
        SF_CLIENT_ID: emulator.credentials.clientId,
        SF_CLIENT_SECRET: emulator.credentials.clientSecret,
        SF_REFRESH_TOKEN_FILE: tokenFile,
        WP_URL: 'http://127.0.0.1:1',
        WP_USERNAME: 'x',
        WP_APP_PASSWORD: 'x',
      },
    });
    const session = await openSalesforceSession(reloaded.salesforce);
    expect(session.organizationId).toBe(emulator.credentials.orgId);
  });
});
