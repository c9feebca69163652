import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index.js';
import { restClient, type RestClient } from '../testing/rest-client.js';

describe('org fault injection', () => {
  let emulator: RunningEmulator;
  let client: RestClient;

  beforeAll(async () => {
    emulator = await startEmulator({ pubSub: false, dailyApiLimit: 1000 });
  });
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(async () => {
    emulator.faults.reset();
    client = await restClient(emulator, 'integration');
  });

  it('adds latency to every response', async () => {
    emulator.faults.setLatency(150);
    const started = performance.now();
    expect((await client.call('GET', '/limits')).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('answers a burst of 5xx responses, then serves again', async () => {
    emulator.faults.failNextRequests(2, 503);
    const statuses = [];
    for (let index = 0; index < 3; index++)
      statuses.push((await client.call('GET', '/limits')).status);
    expect(statuses).toEqual([503, 503, 200]);
    expect(() => {
      emulator.faults.failNextRequests(1, 404);
    }).toThrow(RangeError);
  });

  it('counts calls in Sforce-Limit-Info and answers 403 REQUEST_LIMIT_EXCEEDED once the limit is used up', async () => {
    const first = await client.call('GET', '/limits');
    expect(first.headers.get('sforce-limit-info')).toBe('api-usage=1/1000');
    expect(first.body).toMatchObject({ DailyApiRequests: { Max: 1000, Remaining: 999 } });
    const second = await client.call('GET', '/limits');
    expect(second.headers.get('sforce-limit-info')).toBe('api-usage=2/1000');
    emulator.faults.exhaustApiLimit();
    const refused = await client.call('GET', '/limits');
    expect(refused).toMatchObject({ status: 403, body: [{ errorCode: 'REQUEST_LIMIT_EXCEEDED' }] });
    emulator.faults.reset();
    expect((await client.call('GET', '/limits')).status).toBe(200);
  });

  it('does not count OAuth calls or the version list', async () => {
    const before = emulator.usage.usedCalls;
    await restClient(emulator, 'admin');
    const versions = await fetch(`${emulator.instanceUrl}/services/data`);
    expect(versions.headers.get('sforce-limit-info')).toBeNull();
    expect(await versions.json()).toEqual(
      expect.arrayContaining([
        { label: "Winter '26", url: '/services/data/v65.0', version: '65.0' },
      ]),
    );
    expect(emulator.usage.usedCalls).toBe(before);
  });

  it('fails chosen records of a Collections upsert with UNABLE_TO_LOCK_ROW, then serves them', async () => {
    const contact = (id: string) => ({
      attributes: { type: 'Contact' },
      WP_Id__c: id,
      LastName: `Locked ${id}`,
    });
    const upsert = () =>
      client.call('PATCH', '/composite/sobjects/Contact/WP_Id__c', {
        allOrNone: false,
        records: [contact('lock-1'), contact('lock-2'), contact('lock-3')],
      });
    emulator.faults.failRecordWrites({ field: 'WP_Id__c', values: ['lock-2'], times: 2 });
    expect(emulator.faults.pendingRecordFaults()).toBe(2);
    for (let attempt = 1; attempt <= 2; attempt++) {
      const answer = await upsert();
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject([
        { success: true },
        {
          success: false,
          id: null,
          errors: [
            {
              statusCode: 'UNABLE_TO_LOCK_ROW',
              message: 'unable to obtain exclusive access to this record',
            },
          ],
        },
        { success: true },
      ]);
    }
    expect(emulator.faults.pendingRecordFaults()).toBe(0);
    expect(await upsert()).toMatchObject({
      status: 200,
      body: [{ success: true }, { success: true, created: true }, { success: true }],
    });
    expect(() => {
      emulator.faults.failRecordWrites({ field: 'Id', values: ['x'], times: 0 });
    }).toThrow(RangeError);
  });

  it('expires and revokes tokens on demand', async () => {
    emulator.faults.expireAccessTokens();
    expect(await client.call('GET', '/limits')).toMatchObject({
      status: 401,
      body: [{ errorCode: 'INVALID_SESSION_ID' }],
    });
    const fresh = await restClient(emulator, 'integration');
    expect((await fresh.call('GET', '/limits')).status).toBe(200);
    emulator.faults.revokeAllTokens();
    expect((await fresh.call('GET', '/limits')).status).toBe(401);
  });
});
