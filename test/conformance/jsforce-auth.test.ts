/**
 * Unmodified jsforce 3 against the emulator: every OAuth flow the connector may use, and the
 * session refresh jsforce performs on a 401.
 */
import { Connection, OAuth2 } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import {
  authorizationCode,
  pkcePair,
  selfSignedCertificate,
  signJwt,
} from '../emulator/testing/oauth-helpers.js';

const VERSION = '65.0';
const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

describe('jsforce 3 OAuth flows against the emulator', () => {
  let emulator: RunningEmulator;
  let jwtKeyPem: string;

  beforeAll(async () => {
    const certificate = selfSignedCertificate();
    jwtKeyPem = certificate.privateKeyPem;
    emulator = await startEmulator({ jwtCertificatePem: certificate.certificatePem });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  const oauth2 = (): OAuth2 =>
    new OAuth2({
      loginUrl: emulator.loginUrl,
      clientId: emulator.credentials.clientId,
      clientSecret: emulator.credentials.clientSecret,
      redirectUri: emulator.credentials.callbackUrls[0] ?? '',
    });

  it('logs in with the username-password flow', async () => {
    const conn = new Connection({ oauth2: oauth2(), version: VERSION });
    const { admin } = emulator.credentials;
    const userInfo = await conn.login(admin.username, admin.password + admin.securityToken);
    expect(userInfo.organizationId).toBe(emulator.credentials.orgId);
    expect(conn.instanceUrl).toBe(emulator.instanceUrl);
    const identity = await conn.identity();
    expect(identity.username).toBe(admin.username);
  });

  it('rejects a password without the security token', async () => {
    const conn = new Connection({ oauth2: oauth2(), version: VERSION });
    const { admin } = emulator.credentials;
    await expect(conn.login(admin.username, admin.password)).rejects.toMatchObject({
      name: 'invalid_grant',
    });
  });

  it('re-logs in with the password after the access token expires', async () => {
    const conn = new Connection({ oauth2: oauth2(), version: VERSION });
    const { admin } = emulator.credentials;
    await conn.login(admin.username, admin.password + admin.securityToken);
    const firstToken = conn.accessToken;
    emulator.faults.expireAccessTokens();
    const result = await conn.query('SELECT Id FROM User');
    expect(result.totalSize).toBe(2);
    expect(conn.accessToken).not.toBe(firstToken);
  });

  it('refreshes the access token with the refresh token on a 401 and retries the call', async () => {
    const pkce = pkcePair();
    const redirect = await authorizationCode(emulator, { pkce, state: 'xyz' });
    expect(redirect.searchParams.get('state')).toBe('xyz');
    const conn = new Connection({ oauth2: oauth2(), version: VERSION });
    await conn.authorize(redirect.searchParams.get('code') ?? '', { code_verifier: pkce.verifier });
    expect(conn.refreshToken).toEqual(expect.any(String));
    const refreshed: string[] = [];
    conn.on('refresh', (accessToken: string) => refreshed.push(accessToken));
    emulator.faults.expireAccessTokens();
    const result = await conn.query<{ Username: string }>(
      'SELECT Id, Username FROM User ORDER BY Username',
    );
    expect(result.records.map((user) => user.Username)).toEqual([
      emulator.credentials.admin.username,
      emulator.credentials.integration.username,
    ]);
    expect(refreshed).toEqual([conn.accessToken]);
  });

  it('rejects an authorization code without the PKCE verifier it was issued for', async () => {
    const redirect = await authorizationCode(emulator, { pkce: pkcePair() });
    const conn = new Connection({ oauth2: oauth2(), version: VERSION });
    await expect(
      conn.authorize(redirect.searchParams.get('code') ?? '', {
        code_verifier: pkcePair().verifier,
      }),
    ).rejects.toMatchObject({ name: 'invalid_grant' });
  });

  it('authorizes with a JWT bearer assertion signed for a pre-authorised user', async () => {
    const conn = new Connection({ oauth2: oauth2(), version: VERSION });
    const assertion = signJwt(
      {
        iss: emulator.credentials.clientId,
        sub: emulator.credentials.integration.username,
        aud: emulator.loginUrl,
        exp: Math.floor(Date.now() / 1000) + 180,
      },
      jwtKeyPem,
    );
    const userInfo = await conn.authorize({ grant_type: JWT_BEARER, assertion });
    expect(conn.refreshToken).toBeUndefined();
    const me = await conn.query<{ Username: string }>(
      `SELECT Username FROM User WHERE Id = '${userInfo.id}'`,
    );
    expect(me.records[0]?.Username).toBe(emulator.credentials.integration.username);
  });

  it('refuses JWT bearer for a user who is not pre-authorised', async () => {
    const conn = new Connection({ oauth2: oauth2(), version: VERSION });
    const assertion = signJwt(
      {
        iss: emulator.credentials.clientId,
        sub: emulator.credentials.admin.username,
        aud: emulator.loginUrl,
        exp: Math.floor(Date.now() / 1000) + 180,
      },
      jwtKeyPem,
    );
    await expect(conn.authorize({ grant_type: JWT_BEARER, assertion })).rejects.toThrow(
      "user hasn't approved this consumer",
    );
  });

  it('authorizes with client credentials as the run-as integration user', async () => {
    const conn = new Connection({ oauth2: oauth2(), version: VERSION });
    const userInfo = await conn.authorize({ grant_type: 'client_credentials' });
    const identity = await conn.identity();
    expect(identity.username).toBe(emulator.credentials.integration.username);
    expect(userInfo.organizationId).toBe(emulator.credentials.orgId);
  });

  it('answers INVALID_SESSION_ID once a token is revoked and no refresh is possible', async () => {
    const conn = new Connection({ oauth2: oauth2(), version: VERSION });
    await conn.authorize({ grant_type: 'client_credentials' });
    const accessToken = conn.accessToken ?? '';
    const bare = new Connection({
      instanceUrl: emulator.instanceUrl,
      accessToken,
      version: VERSION,
    });
    await expect(bare.query('SELECT Id FROM User')).resolves.toMatchObject({ totalSize: 2 });
    await conn.oauth2.revokeToken(accessToken);
    await expect(bare.query('SELECT Id FROM User')).rejects.toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
    });
  });
});
