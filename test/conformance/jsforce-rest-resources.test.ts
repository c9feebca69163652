/**
 * REST resources of issue 15 through unmodified jsforce 3, checked against the REST API
 * Developer Guide: sObject Tree (shape, all-or-nothing errors), Location headers of composite
 * subresponses, platform event schemas (and that their id is the Pub/Sub schema id), /limits,
 * and the release labels of /services/data. Then the fallbacks: what the emulator does not
 * implement is an error naming it, never silently wrong data.
 */
import { Connection, OAuth2 } from 'jsforce';
import type PubSubApiClient from 'salesforce-pubsub-api-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import {
  loadPubSubClient,
  quietLogger,
  SubscriptionRecorder,
} from '../emulator/pubsub/testing/client.js';

const VERSION = '65.0';

interface TreeResponse {
  hasErrors: boolean;
  results: {
    referenceId: string;
    id?: string;
    errors?: { statusCode: string; message: string; fields: string[] }[];
  }[];
}

interface SubResponse {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

describe('REST resources through jsforce against the emulator', () => {
  let emulator: RunningEmulator;
  let conn: Connection;

  beforeAll(async () => {
    emulator = await startEmulator();
    conn = new Connection({
      oauth2: new OAuth2({
        loginUrl: emulator.loginUrl,
        clientId: emulator.credentials.clientId,
        clientSecret: emulator.credentials.clientSecret,
      }),
      version: VERSION,
    });
    const { admin } = emulator.credentials;
    await conn.login(admin.username, admin.password + admin.securityToken);
  });
  afterAll(async () => {
    await emulator.stop();
  });

  const post = <T>(url: string, body: unknown): Promise<T> =>
    conn.request<T>({
      method: 'POST',
      url,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });

  /** The parsed body of a refused jsforce request (jsforce puts a non-array body in message). */
  async function refusedBody(promise: Promise<unknown>): Promise<unknown> {
    const error = await promise.then(
      () => {
        throw new Error('expected the request to be refused');
      },
      (caught: unknown) => caught as { errorCode: string; message: string },
    );
    expect(error.errorCode).toBe('ERROR_HTTP_400');
    return JSON.parse(error.message) as unknown;
  }

  describe('sObject Tree', () => {
    const tree = (contactEmail: string, secondRef = 'ref4') => ({
      records: [
        {
          attributes: { type: 'Account', referenceId: 'ref1' },
          Name: 'Tree Account 1',
          Contacts: {
            records: [
              { attributes: { type: 'Contact', referenceId: 'ref2' }, LastName: 'Smith' },
              {
                attributes: { type: 'Contact', referenceId: 'ref3' },
                lastname: 'Evans',
                email: contactEmail,
              },
            ],
          },
        },
        { attributes: { type: 'Account', referenceId: secondRef }, Name: 'Tree Account 2' },
      ],
    });

    it('creates the trees level by level and answers referenceId and id per record', async () => {
      const response = await post<TreeResponse>(
        '/composite/tree/Account',
        tree('evans@example.com'),
      );
      expect(response.hasErrors).toBe(false);
      expect(response.results.map((result) => result.referenceId)).toEqual([
        'ref1',
        'ref4',
        'ref2',
        'ref3',
      ]);
      const [account1, account2, smith, evans] = response.results.map((result) => result.id ?? '');
      expect([account1, account2]).toEqual([
        expect.stringMatching(/^001/),
        expect.stringMatching(/^001/),
      ]);
      const contacts = await conn.query<{ Id: string; AccountId: string; Email: string | null }>(
        `SELECT Id, AccountId, Email FROM Contact WHERE AccountId = '${account1 ?? ''}' ORDER BY LastName`,
      );
      expect(contacts.records).toMatchObject([
        { Id: evans, AccountId: account1, Email: 'evans@example.com' },
        { Id: smith, AccountId: account1, Email: null },
      ]);
    });

    it('creates nothing when one record fails and names only that record', async () => {
      const body = await refusedBody(post('/composite/tree/Account', tree('not an address')));
      expect(body).toEqual({
        hasErrors: true,
        results: [
          {
            referenceId: 'ref3',
            errors: [
              {
                statusCode: 'INVALID_EMAIL_ADDRESS',
                message: expect.stringContaining('invalid email address') as unknown,
                fields: ['Email'],
              },
            ],
          },
        ],
      });
      const left = await conn.query(`SELECT Id FROM Account WHERE Name = 'Tree Account 1'`);
      expect(left.totalSize).toBe(1);
    });

    it('reports each instance of a duplicate reference id', async () => {
      const body = (await refusedBody(
        post('/composite/tree/Account', tree('a@example.com', 'ref1')),
      )) as TreeResponse;
      expect(body.hasErrors).toBe(true);
      expect(
        body.results.map((result) => [result.referenceId, result.errors?.[0]?.statusCode]),
      ).toEqual([
        ['ref1', 'INVALID_INPUT'],
        ['ref1', 'INVALID_INPUT'],
      ]);
    });
  });

  it('puts the created record URL in the Location header of composite subresponses', async () => {
    const response = await post<{ compositeResponse: SubResponse[] }>('/composite', {
      allOrNone: false,
      compositeRequest: [
        {
          method: 'POST',
          url: `/services/data/v${VERSION}/sobjects/Account`,
          referenceId: 'newAccount',
          body: { Name: 'Located' },
        },
        {
          method: 'GET',
          url: `/services/data/v${VERSION}/sobjects/Account/@{newAccount.id}?fields=Name`,
          referenceId: 'readBack',
        },
      ],
    });
    const [created, read] = response.compositeResponse;
    const id = (created?.body as { id: string }).id;
    expect(created).toMatchObject({
      httpStatusCode: 201,
      httpHeaders: { Location: `/services/data/v${VERSION}/sobjects/Account/${id}` },
      body: { id, success: true, errors: [] },
    });
    expect(read).toMatchObject({ httpStatusCode: 200, httpHeaders: {} });
  });

  describe('platform event schema', () => {
    it('answers the expanded form by default and the compact Avro schema on request', async () => {
      const expanded = await conn.request<{
        name: string;
        type: string;
        fields: { name: string }[];
      }>('/sobjects/WP_Sync_Event__e/eventSchema');
      expect(expanded).toMatchObject({
        name: 'WP_Sync_Event__e',
        namespace: 'com.sforce.eventbus',
        type: 'expanded-record',
      });
      expect(expanded.fields.map((field) => field.name)).toEqual(['data', 'channel']);
      const compact = await conn.request<{
        type: string;
        uuid: string;
        fields: { name: string }[];
      }>('/sobjects/WP_Sync_Event__e/eventSchema?payloadFormat=COMPACT');
      expect(compact).toMatchObject({ name: 'WP_Sync_Event__e', type: 'record' });
      expect(compact.uuid).toMatch(/^[\w-]{22}$/);
      expect(compact.fields.map((field) => field.name)).toEqual(
        expect.arrayContaining(['CreatedDate', 'CreatedById', 'Record_Id__c', 'Payload__c']),
      );
      const byId = await conn.request<{ uuid: string }>(
        `/event/eventSchema/${compact.uuid}?payloadFormat=COMPACT`,
      );
      expect(byId).toEqual(compact);
      await expect(
        conn.request('/sobjects/WP_Sync_Event__e/eventSchema?payloadFormat=XML'),
      ).rejects.toMatchObject({ errorCode: 'INVALID_PARAMETER_VALUE' });
      const old = new Connection({
        instanceUrl: conn.instanceUrl,
        accessToken: conn.accessToken ?? '',
        version: '42.0',
      });
      expect(await old.request('/sobjects/WP_Sync_Event__e/eventSchema')).toMatchObject({
        type: 'record',
        uuid: compact.uuid,
      });
    });

    it('gives the schema id the Pub/Sub API delivers events with', async () => {
      const Client = await loadPubSubClient();
      const pubsub: PubSubApiClient = new Client(
        {
          authType: 'oauth-client-credentials',
          loginUrl: emulator.loginUrl,
          clientId: emulator.credentials.clientId,
          clientSecret: emulator.credentials.clientSecret,
          pubSubEndpoint: emulator.pubSub?.endpoint ?? '',
          rejectUnauthorizedSsl: false,
        },
        quietLogger,
      );
      await pubsub.connect();
      try {
        await conn.sobject('Contact').create({ LastName: 'Schema' });
        const recorder = new SubscriptionRecorder();
        pubsub.subscribeFromEarliestEvent('/event/WP_Sync_Event__e', recorder.callback, 1);
        await recorder.waitFor(() => recorder.events.length === 1, 15_000);
        const compact = await conn.request<{ uuid: string }>(
          '/sobjects/WP_Sync_Event__e/eventSchema?payloadFormat=COMPACT',
        );
        expect(recorder.events[0]?.schemaId).toBe(compact.uuid);
      } finally {
        await emulator.pubSub?.stop();
        pubsub.close();
      }
    });
  });

  it('reports the documented limits with Max and Remaining', async () => {
    const before = await conn.limits();
    await conn.sobject('WP_Sync_Command__e').create({ Command__c: 'Pause' });
    const after = await conn.limits();
    for (const name of [
      'DailyApiRequests',
      'DailyAsyncApexExecutions',
      'DailyBulkApiBatches',
      'DailyDeliveredPlatformEvents',
      'DataStorageMB',
      'FileStorageMB',
      'HourlyPublishedPlatformEvents',
      'StreamingApiConcurrentClients',
    ]) {
      expect(after[name]).toEqual({
        Max: expect.any(Number) as unknown,
        Remaining: expect.any(Number) as unknown,
      });
    }
    expect(after.DailyApiRequests).toEqual({
      Max: 15_000,
      Remaining: 15_000 - emulator.usage.usedCalls,
    });
    expect(after.DailyApiRequests?.Remaining).toBe((before.DailyApiRequests?.Remaining ?? 0) - 2);
    expect(after.HourlyPublishedPlatformEvents?.Remaining).toBe(
      (before.HourlyPublishedPlatformEvents?.Remaining ?? 0) - 1,
    );
  });

  it('labels every API version with its release', async () => {
    const versions =
      await conn.request<{ label: string; url: string; version: string }[]>('/services/data/');
    expect(versions.at(0)).toEqual({
      label: "Summer '14",
      url: '/services/data/v31.0',
      version: '31.0',
    });
    expect(versions).toEqual(
      expect.arrayContaining([
        { label: "Winter '21", url: '/services/data/v50.0', version: '50.0' },
        { label: "Winter '26", url: '/services/data/v65.0', version: '65.0' },
        { label: "Spring '26", url: '/services/data/v66.0', version: '66.0' },
      ]),
    );
  });

  describe('what the emulator does not implement', () => {
    it.each([
      ['SOSL search', () => conn.search('FIND {Ada} IN ALL FIELDS'), /Search \(SOSL/],
      ['a query plan', () => conn.query('SELECT Id FROM Contact').explain(), /query plan/],
      ['Composite Graph', () => post('/composite/graph', { graphs: [] }), /Composite Graph/],
      ['the Tooling API', () => conn.tooling.query('SELECT Id FROM ApexClass'), /Tooling API/],
      ['an unknown query parameter', () => conn.request('/limits?scope=all'), /'scope'/],
    ])('refuses %s with UNSUPPORTED_IN_EMULATOR naming it', async (_name, call, message) => {
      await expect(call()).rejects.toMatchObject({
        errorCode: 'UNSUPPORTED_IN_EMULATOR',
        message: expect.stringMatching(message) as unknown,
      });
    });

    it('answers NOT_FOUND naming a path that is no resource', async () => {
      await expect(conn.request('/no-such-resource')).rejects.toMatchObject({
        errorCode: 'NOT_FOUND',
        message: expect.stringContaining(
          `GET /services/data/v${VERSION}/no-such-resource`,
        ) as unknown,
      });
    });

    it('refuses the CometD Streaming API by name', async () => {
      const response = await fetch(`${emulator.instanceUrl}/cometd/${VERSION}`, {
        method: 'POST',
        headers: { authorization: `OAuth ${conn.accessToken ?? ''}` },
        body: '[]',
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject([
        {
          errorCode: 'UNSUPPORTED_IN_EMULATOR',
          message: expect.stringContaining('CometD') as unknown,
        },
      ]);
    });
  });
});
