/**
 * The unmodified salesforce-pubsub-api-client logging in by itself, with each of its own auth
 * modes, against the emulator: client credentials and JWT bearer (token endpoint, then the
 * OpenID Connect UserInfo endpoint for the org id and username), and username-password (jsforce's
 * SOAP login()). Each then subscribes and receives an event, which needs a live token and the
 * right tenant id. Also checks the documented UserInfo shape and its refusal of a bad token.
 */
import type PubSubApiClient from 'salesforce-pubsub-api-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import {
  loadPubSubClient,
  quietLogger,
  SubscriptionRecorder,
} from '../emulator/pubsub/testing/client.js';

const TOPIC = '/event/WP_Sync_Event__e';

let emulator: RunningEmulator;
let client: PubSubApiClient | undefined;

beforeEach(async () => {
  emulator = await startEmulator();
});
afterEach(async () => {
  // Server first, then the client (toolchain.md: a drop after close crashes the client).
  await emulator.stop();
  client?.close();
  client = undefined;
});

async function connect(auth: Record<string, string>): Promise<PubSubApiClient> {
  const Client = await loadPubSubClient();
  const created = new Client(
    {
      ...auth,
      loginUrl: emulator.loginUrl,
      pubSubEndpoint: emulator.pubSub?.endpoint ?? '',
      rejectUnauthorizedSsl: false,
    } as ConstructorParameters<typeof Client>[0],
    quietLogger,
  );
  client = created;
  await created.connect();
  return created;
}

/** Publishes one sync event on the bus, subscribes from the earliest event and receives it. */
async function receivesAnEvent(pubsub: PubSubApiClient): Promise<void> {
  const recorder = new SubscriptionRecorder();
  const session = emulator.org.sessionOf(emulator.org.user(emulator.credentials.admin.username));
  emulator.bus.publish(
    TOPIC,
    { Record_Id__c: '003000000000001AAA', Operation__c: 'UPDATE' },
    session,
  );
  pubsub.subscribeFromEarliestEvent(TOPIC, recorder.callback, 1);
  await recorder.waitFor(() => recorder.events.length === 1, 15_000);
  expect(recorder.errors).toEqual([]);
  expect(recorder.events[0]?.payload.Record_Id__c).toBe('003000000000001AAA');
}

describe('Pub/Sub client logins against the emulator', () => {
  it('logs in with client credentials (token, then userinfo) and subscribes', async () => {
    const pubsub = await connect({
      authType: 'oauth-client-credentials',
      clientId: emulator.credentials.clientId,
      clientSecret: emulator.credentials.clientSecret,
    });
    await receivesAnEvent(pubsub);
  });

  it('logs in with JWT bearer (token, then userinfo) and subscribes', async () => {
    const pubsub = await connect({
      authType: 'oauth-jwt-bearer',
      clientId: emulator.credentials.clientId,
      username: emulator.credentials.integration.username,
      privateKey: emulator.credentials.jwtPrivateKeyPem ?? '',
    });
    await receivesAnEvent(pubsub);
  });

  it('logs in with username and password (jsforce SOAP login) and subscribes', async () => {
    const { admin } = emulator.credentials;
    const pubsub = await connect({
      authType: 'username-password',
      username: admin.username,
      password: admin.password,
      userToken: admin.securityToken,
    });
    await receivesAnEvent(pubsub);
  });

  it('fails to connect with a wrong client secret', async () => {
    await expect(
      connect({
        authType: 'oauth-client-credentials',
        clientId: emulator.credentials.clientId,
        clientSecret: 'wrong',
      }),
    ).rejects.toThrow('Failed to authenticate with Salesforce');
  });
});

describe('OpenID Connect UserInfo endpoint', () => {
  async function token(): Promise<string> {
    const response = await fetch(emulator.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: emulator.credentials.clientId,
        client_secret: emulator.credentials.clientSecret,
      }),
    });
    return ((await response.json()) as { access_token: string }).access_token;
  }

  it('answers the documented claims for the token user, by header or oauth_token', async () => {
    const accessToken = await token();
    const byHeader = await fetch(`${emulator.loginUrl}/services/oauth2/userinfo`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(byHeader.status).toBe(200);
    const claims = (await byHeader.json()) as Record<string, unknown>;
    const integration = emulator.org.user(emulator.credentials.integration.username);
    expect(claims).toMatchObject({
      sub: `${emulator.instanceUrl}/id/${emulator.credentials.orgId}/${integration.id}`,
      user_id: integration.id,
      organization_id: emulator.credentials.orgId,
      preferred_username: integration.username,
      name: `${integration.firstName} ${integration.lastName}`,
      given_name: integration.firstName,
      family_name: integration.lastName,
      email: integration.email,
      email_verified: true,
      active: true,
      urls: { rest: `${emulator.instanceUrl}/services/data/v{version}/` },
    });
    expect(Object.keys(claims)).toEqual(
      expect.arrayContaining([
        'zoneinfo',
        'photos',
        'profile',
        'picture',
        'address',
        'locale',
        'language',
        'utcOffset',
        'updated_at',
        'user_type',
      ]),
    );
    const byParameter = await fetch(
      `${emulator.loginUrl}/services/oauth2/userinfo?oauth_token=${encodeURIComponent(accessToken)}`,
    );
    expect(((await byParameter.json()) as { user_id: string }).user_id).toBe(integration.id);
  });

  it('refuses a revoked token with 403 Bad_OAuth_Token', async () => {
    const accessToken = await token();
    emulator.faults.revokeAllTokens();
    const response = await fetch(`${emulator.loginUrl}/services/oauth2/userinfo`, {
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('Bad_OAuth_Token');
  });
});
