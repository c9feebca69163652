import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index.js';
import type { ConnectedApp } from '../org-config.js';
import { authorizationCode, pkcePair, signJwt } from '../testing/oauth-helpers.js';
import { verifyJwtAssertion } from './jwt-bearer.js';
import { OAuthError } from './oauth-error.js';
import { verifiesChallenge } from './pkce.js';
import { TokenStore } from './token-store.js';

const session = {
  userId: '005000000000001AAA',
  orgId: '00D000000000001AAA',
  username: 'u@x',
  instanceUrl: 'http://x',
};

describe('token store', () => {
  it('expires access tokens after their life and on demand, and revokes them', () => {
    let now = 1_000;
    const store = new TokenStore({ orgId: session.orgId, accessTokenTtlMs: 500, now: () => now });
    const token = store.issueAccessToken(session);
    expect(token.startsWith('00D000000000001!')).toBe(true);
    expect(store.verify(token)).toEqual(session);
    now = 1_499;
    expect(store.verify(token)).toEqual(session);
    now = 1_500;
    expect(store.verify(token)).toBeUndefined();

    const second = store.issueAccessToken(session);
    store.expireAllAccessTokens();
    expect(store.verify(second)).toBeUndefined();

    const third = store.issueAccessToken(session);
    expect(store.revoke(third)).toBe(true);
    expect(store.verify(third)).toBeUndefined();
    expect(store.revoke('unknown')).toBe(false);
  });

  it('revoking a refresh token revokes the access tokens issued with it', () => {
    const store = new TokenStore({ orgId: session.orgId, accessTokenTtlMs: 60_000, now: Date.now });
    const refresh = store.issueRefreshToken(session);
    const access = store.issueAccessToken(session, refresh);
    const unrelated = store.issueAccessToken(session);
    store.revoke(refresh);
    expect(store.sessionOfRefreshToken(refresh)).toBeUndefined();
    expect(store.verify(access)).toBeUndefined();
    expect(store.verify(unrelated)).toEqual(session);
  });
});

describe('PKCE S256', () => {
  it('accepts the verifier of a challenge and nothing else', () => {
    const pair = pkcePair();
    expect(verifiesChallenge(pair.verifier, pair.challenge)).toBe(true);
    expect(verifiesChallenge(pkcePair().verifier, pair.challenge)).toBe(false);
    expect(verifiesChallenge('short', pair.challenge)).toBe(false);
    expect(verifiesChallenge('a'.repeat(129), pair.challenge)).toBe(false);
  });
});

describe('JWT bearer assertion', () => {
  const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privateKeyPem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const app: ConnectedApp = {
    clientId: 'CID',
    clientSecret: 'SECRET',
    jwtCertificatePem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    preAuthorizedUsernames: ['ok@x'],
    callbackUrls: [],
    rotateRefreshTokens: false,
  };
  const now = Date.parse('2026-11-22T10:00:00Z');
  const valid = { iss: 'CID', sub: 'ok@x', aud: 'http://login', exp: now / 1000 + 60 };
  const verify = (assertion: string) => verifyJwtAssertion(assertion, app, ['http://login'], now);
  const failure = (assertion: string): OAuthError => {
    try {
      verify(assertion);
    } catch (error) {
      if (error instanceof OAuthError) return error;
      throw error;
    }
    throw new Error('expected the assertion to be refused');
  };

  it('returns the subject of a valid assertion', () => {
    expect(verify(signJwt(valid, privateKeyPem))).toBe('ok@x');
  });

  it.each([
    ['a wrong issuer', { ...valid, iss: 'OTHER' }, 'invalid_client_id'],
    ['a wrong audience', { ...valid, aud: 'http://elsewhere' }, 'invalid_grant'],
    ['an expiry in the past', { ...valid, exp: now / 1000 - 1 }, 'invalid_grant'],
    ['a user who is not pre-authorised', { ...valid, sub: 'other@x' }, 'invalid_grant'],
  ])('refuses %s', (_case, claims, error) => {
    expect(failure(signJwt(claims, privateKeyPem)).error).toBe(error);
  });

  it('refuses a signature made with another key and a tampered payload', () => {
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 })
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(failure(signJwt(valid, otherKey)).description).toBe('invalid assertion');
    const [header, , signature] = signJwt(valid, privateKeyPem).split('.');
    const tampered = Buffer.from(JSON.stringify({ ...valid, sub: 'ok@x ' })).toString('base64url');
    expect(failure(`${header ?? ''}.${tampered}.${signature ?? ''}`).description).toBe(
      'invalid assertion',
    );
    expect(failure('not-a-jwt').description).toBe('invalid assertion');
  });
});

describe('OAuth endpoints', () => {
  let emulator: RunningEmulator;

  beforeAll(async () => {
    emulator = await startEmulator({ pubSub: false });
  });
  afterAll(async () => {
    await emulator.stop();
  });

  const token = async (params: Record<string, string>) => {
    const response = await fetch(emulator.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('answers the password grant with the documented fields and a valid signature', async () => {
    const { admin, clientId, clientSecret } = emulator.credentials;
    const { status, body } = await token({
      grant_type: 'password',
      client_id: clientId,
      client_secret: clientSecret,
      username: admin.username,
      password: admin.password + admin.securityToken,
    });
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual([
      'access_token',
      'id',
      'instance_url',
      'issued_at',
      'scope',
      'signature',
      'token_type',
    ]);
    expect(body.token_type).toBe('Bearer');
    expect(body.id).toMatch(new RegExp(`/id/${emulator.credentials.orgId}/005\\w{15}$`));
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', clientSecret)
      .update(`${String(body.id)}${String(body.issued_at)}`)
      .digest('base64');
    expect(body.signature).toBe(expected);
  });

  it.each([
    [{ grant_type: 'password', client_id: 'nope' }, 'invalid_client_id'],
    [{ grant_type: 'password', client_secret: 'nope' }, 'invalid_client'],
    [{ grant_type: 'password', password: 'wrong' }, 'invalid_grant'],
    [{ grant_type: 'refresh_token', refresh_token: 'unknown' }, 'invalid_grant'],
    [{ grant_type: 'implicit' }, 'unsupported_grant_type'],
  ])('refuses %o with %s', async (overrides, error) => {
    const { admin, clientId, clientSecret } = emulator.credentials;
    const { status, body } = await token({
      client_id: clientId,
      client_secret: clientSecret,
      username: admin.username,
      password: admin.password + admin.securityToken,
      ...overrides,
    });
    expect(status).toBe(400);
    expect(body.error).toBe(error);
  });

  it('serves a login and consent page and redirects with access_denied without consent', async () => {
    const { clientId, callbackUrls } = emulator.credentials;
    const page = await fetch(
      `${emulator.loginUrl}/services/oauth2/authorize?${new URLSearchParams({ response_type: 'code', client_id: clientId, redirect_uri: callbackUrls[0] ?? '' }).toString()}`,
    );
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('name="consent"');
    const denied = await authorizationCode(emulator, { consent: false });
    expect(denied.searchParams.get('error')).toBe('access_denied');
    expect(denied.searchParams.get('code')).toBeNull();
  });

  it('issues a single-use code, a refresh token and fresh access tokens from it', async () => {
    const { clientId, clientSecret, callbackUrls } = emulator.credentials;
    const pkce = pkcePair();
    const code = (await authorizationCode(emulator, { pkce })).searchParams.get('code') ?? '';
    const exchange = {
      grant_type: 'authorization_code',
      code,
      client_id: clientId,
      redirect_uri: callbackUrls[0] ?? '',
      code_verifier: pkce.verifier,
    };
    const first = await token(exchange);
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toEqual(expect.any(String));
    expect((await token(exchange)).body.error).toBe('invalid_grant');
    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: String(first.body.refresh_token),
      client_id: clientId,
      client_secret: clientSecret,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    expect(refreshed.body.refresh_token).toBeUndefined();
  });

  it('revokes tokens and serves the identity URL only with a live token', async () => {
    const { clientId, clientSecret } = emulator.credentials;
    const { body } = await token({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
    });
    const accessToken = String(body.access_token);
    const identity = await fetch(String(body.id), {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(identity.status).toBe(200);
    expect(await identity.json()).toMatchObject({
      username: emulator.credentials.integration.username,
      organization_id: emulator.credentials.orgId,
    });
    const revoke = await fetch(`${emulator.loginUrl}/services/oauth2/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: accessToken }),
    });
    expect(revoke.status).toBe(200);
    const after = await fetch(`${emulator.instanceUrl}/services/data/v65.0/limits`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(after.status).toBe(401);
    expect(await after.json()).toEqual([
      { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID', fields: [] },
    ]);
  });
});
