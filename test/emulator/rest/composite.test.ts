import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../index.js';
import { restClient, type RestClient } from '../testing/rest-client.js';

interface CompositeAnswer {
  compositeResponse: {
    body: unknown;
    httpStatusCode: number;
    referenceId: string;
    httpHeaders: Record<string, string>;
  }[];
}

describe('composite requests', () => {
  let emulator: RunningEmulator;
  let client: RestClient;

  beforeAll(async () => {
    emulator = await startEmulator({ pubSub: false });
    client = await restClient(emulator, 'admin');
  });
  afterAll(async () => {
    await emulator.stop();
  });

  const composite = async (body: unknown) => {
    const answer = await client.call('POST', '/composite', body);
    return { status: answer.status, body: answer.body as CompositeAnswer, headers: answer.headers };
  };

  it('runs subrequests in order, resolving references to earlier results, as one counted call', async () => {
    const before = emulator.usage.usedCalls;
    const { status, body, headers } = await composite({
      compositeRequest: [
        {
          method: 'POST',
          url: '/services/data/v65.0/sobjects/Account',
          referenceId: 'acct',
          body: { Name: 'Ref Co' },
        },
        {
          method: 'POST',
          url: '/services/data/v65.0/sobjects/Contact',
          referenceId: 'person',
          body: { LastName: 'Ref', AccountId: '@{acct.id}' },
        },
        {
          method: 'GET',
          url: '/services/data/v65.0/sobjects/Contact/@{person.id}?fields=AccountId',
          referenceId: 'read',
        },
        {
          method: 'GET',
          url: "/services/data/v65.0/query?q=SELECT+Id+FROM+Contact+WHERE+LastName='Ref'",
          referenceId: 'q',
        },
        {
          method: 'GET',
          url: '/services/data/v65.0/sobjects/Account/@{q.records[0].Id}',
          referenceId: 'wrongType',
        },
      ],
    });
    expect(status).toBe(200);
    expect(emulator.usage.usedCalls - before).toBe(1);
    expect(headers.get('sforce-limit-info')).toBe(`api-usage=${emulator.usage.usedCalls}/15000`);
    const [acct, person, read, query, wrongType] = body.compositeResponse;
    expect(acct?.httpStatusCode).toBe(201);
    expect(person?.httpStatusCode).toBe(201);
    expect(read?.body).toMatchObject({ AccountId: (acct?.body as { id: string }).id });
    expect(query?.body).toMatchObject({
      totalSize: 1,
      records: [{ Id: (person?.body as { id: string }).id }],
    });
    expect(wrongType?.httpStatusCode).toBe(404);
  });

  it('skips only the subrequests that reference a failed one without allOrNone', async () => {
    const { body } = await composite({
      compositeRequest: [
        {
          method: 'POST',
          url: '/services/data/v65.0/sobjects/Contact',
          referenceId: 'bad',
          body: { FirstName: 'NoLast' },
        },
        {
          method: 'PATCH',
          url: '/services/data/v65.0/sobjects/Contact/@{bad.id}',
          referenceId: 'dependent',
          body: { LastName: 'X' },
        },
        {
          method: 'POST',
          url: '/services/data/v65.0/sobjects/Contact',
          referenceId: 'independent',
          body: { LastName: 'Independent' },
        },
      ],
    });
    expect(body.compositeResponse.map((sub) => sub.httpStatusCode)).toEqual([400, 400, 201]);
    expect(body.compositeResponse[0]?.body).toMatchObject([
      { errorCode: 'REQUIRED_FIELD_MISSING' },
    ]);
    expect(body.compositeResponse[1]?.body).toMatchObject([{ errorCode: 'PROCESSING_HALTED' }]);
    expect(
      emulator.org.query("SELECT COUNT() FROM Contact WHERE LastName = 'Independent'").totalSize,
    ).toBe(1);
  });

  it('rolls back every subrequest under allOrNone and publishes no sync event for them', async () => {
    const eventsBefore = emulator.bus.read('/event/WP_Sync_Event__e', undefined, 10_000).length;
    const { status, body } = await composite({
      allOrNone: true,
      compositeRequest: [
        {
          method: 'POST',
          url: '/services/data/v65.0/sobjects/Contact',
          referenceId: 'good',
          body: { LastName: 'RolledBack' },
        },
        {
          method: 'POST',
          url: '/services/data/v65.0/sobjects/Contact',
          referenceId: 'bad',
          body: { Nope__c: 1 },
        },
        {
          method: 'POST',
          url: '/services/data/v65.0/sobjects/Contact',
          referenceId: 'later',
          body: { LastName: 'Later' },
        },
      ],
    });
    expect(status).toBe(200);
    expect(body.compositeResponse.map((sub) => [sub.referenceId, sub.httpStatusCode])).toEqual([
      ['good', 400],
      ['bad', 400],
      ['later', 400],
    ]);
    expect(body.compositeResponse[0]?.body).toMatchObject([{ errorCode: 'PROCESSING_HALTED' }]);
    expect(body.compositeResponse[1]?.body).toMatchObject([{ errorCode: 'INVALID_FIELD' }]);
    expect(
      emulator.org.query("SELECT COUNT() FROM Contact WHERE LastName IN ('RolledBack', 'Later')")
        .totalSize,
    ).toBe(0);
    expect(emulator.bus.read('/event/WP_Sync_Event__e', undefined, 10_000)).toHaveLength(
      eventsBefore,
    );
  });

  it('publishes the sync events of a committed composite request', async () => {
    const eventsBefore = emulator.bus.read('/event/WP_Sync_Event__e', undefined, 10_000).length;
    await composite({
      allOrNone: true,
      compositeRequest: [
        {
          method: 'POST',
          url: '/services/data/v65.0/sobjects/Contact',
          referenceId: 'a',
          body: { LastName: 'Committed A' },
        },
        {
          method: 'POST',
          url: '/services/data/v65.0/sobjects/Contact',
          referenceId: 'b',
          body: { LastName: 'Committed B' },
        },
      ],
    });
    expect(
      emulator.bus.read('/event/WP_Sync_Event__e', undefined, 10_000).length - eventsBefore,
    ).toBe(2);
  });

  it('refuses more than 25 subrequests and more than 5 collection or query subrequests', async () => {
    const get = (index: number) => ({
      method: 'GET',
      url: '/services/data/v65.0/limits',
      referenceId: `r${index}`,
    });
    const tooMany = await composite({
      compositeRequest: Array.from({ length: 26 }, (_unused, index) => get(index)),
    });
    expect(tooMany.status).toBe(400);
    expect(
      (
        await composite({
          compositeRequest: Array.from({ length: 25 }, (_unused, index) => get(index)),
        })
      ).status,
    ).toBe(200);
    const queries = Array.from({ length: 6 }, (_unused, index) => ({
      method: 'GET',
      url: '/services/data/v65.0/query?q=SELECT+Id+FROM+User',
      referenceId: `q${index}`,
    }));
    expect((await composite({ compositeRequest: queries })).status).toBe(400);
  });
});
