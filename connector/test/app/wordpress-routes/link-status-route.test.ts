import { describe, expect, it } from 'vitest';
import type { ObjectMapping } from '../../../src/mapping/types.js';
import { SignedRouteInputError } from '../../../src/server/signed-routes.js';
import { SqliteStateStore } from '../../../src/store/sqlite-state-store.js';
import { linkStatusRoute } from '../../../src/app/wordpress-routes/link-status-route.js';
import { badInputMapping } from '../../support/apply-mappings.js';

const organization: ObjectMapping = {
  ...badInputMapping,
  direction: 'SalesforceToWordPress',
  name: 'Account_Organization',
  salesforceObject: 'Account',
  wordpressType: 'organization',
};

function setUp(times: string[] = []) {
  let tick = 0;
  const store = new SqliteStateStore({
    path: ':memory:',
    now: () => new Date(times[tick++] ?? '2026-12-01T10:00:00.000Z'),
  });
  const mappings = new Map([
    [badInputMapping.name, badInputMapping],
    [organization.name, organization],
  ]);
  const route = linkStatusRoute({
    store,
    mappings: () => mappings,
    instanceUrl: () => 'https://org.example.test/',
  });
  const ask = async (body: unknown) =>
    (
      await route.handle({
        method: 'POST',
        path: 'link-status',
        query: new URLSearchParams(),
        body,
      })
    ).body as { objects: Record<string, Record<string, unknown>> };
  return { store, ask };
}

function failure(wordpressId: number) {
  return {
    mapping: 'Contact_User',
    direction: 'wordpress-to-salesforce' as const,
    wordpressId,
    operation: 'update',
    payload: {},
    errorCode: 'INVALID_EMAIL_ADDRESS',
    errorMessage: 'Email: invalid email address',
  };
}

describe('POST /wordpress/link-status', () => {
  it('tells linked, not linked and failed objects apart, with the record link and last sync', async () => {
    const { store, ask } = setUp([
      '2026-12-01T10:00:00.000Z',
      '2026-12-01T10:05:00.000Z',
      '2026-12-01T10:06:00.000Z',
    ]);
    store.link('Contact_User', '003000000000001AAA', 12);
    store.link('Contact_User', '003000000000002AAA', 13);
    store.addDeadLetter(failure(13));

    const { objects } = await ask({ type: 'user', ids: [12, 13, 14] });

    expect(objects['12']).toMatchObject({
      state: 'linked',
      mapping: 'Contact_User',
      salesforceId: '003000000000001AAA',
      recordUrl: 'https://org.example.test/003000000000001AAA',
      lastSyncAt: '2026-12-01T10:00:00.000Z',
      lastStatus: 'Success',
      openDeadLetters: [],
      syncsToSalesforce: true,
    });
    expect(objects['13']).toMatchObject({
      state: 'failed',
      salesforceId: '003000000000002AAA',
      lastStatus: 'Failed',
      lastMessage: 'INVALID_EMAIL_ADDRESS: Email: invalid email address',
      openDeadLetters: [
        expect.objectContaining({ errorCode: 'INVALID_EMAIL_ADDRESS', attempts: 1 }),
      ],
    });
    expect(objects['14']).toMatchObject({
      state: 'not-linked',
      salesforceId: null,
      recordUrl: null,
      lastSyncAt: null,
      openDeadLetters: [],
    });
  });

  it('looks only at the mappings of the type asked for', async () => {
    const { store, ask } = setUp();
    store.link('Contact_User', '003000000000001AAA', 12);
    const { objects } = await ask({ type: 'organization', ids: [12] });
    expect(objects['12']?.state).toBe('not-linked');
    expect(objects['12']?.syncsToSalesforce).toBe(false);
  });

  it('is linked again once the dead letter is settled', async () => {
    const { store, ask } = setUp();
    store.link('Contact_User', '003000000000001AAA', 12);
    const letter = store.addDeadLetter(failure(12));
    store.setDeadLetterStatus(letter.id, 'retried');
    const { objects } = await ask({ type: 'user', ids: [12] });
    expect(objects['12']?.state).toBe('linked');
  });

  it.each([
    ['no ids', { type: 'user', ids: [] }, 'INVALID_IDS'],
    ['id 0', { type: 'user', ids: [0] }, 'INVALID_IDS'],
    ['an id that is no number', { type: 'user', ids: ['x'] }, 'INVALID_IDS'],
    [
      '1,001 ids',
      { type: 'user', ids: Array.from({ length: 1001 }, (_, index) => index + 1) },
      'INVALID_IDS',
    ],
    ['a type that is no slug', { type: 'User Accounts', ids: [1] }, 'INVALID_TYPE'],
    ['a body that is no object', [1, 2], 'INVALID_BODY'],
  ])('refuses %s', async (_label, body, code) => {
    const { ask } = setUp();
    await expect(ask(body)).rejects.toThrow(SignedRouteInputError);
    await expect(ask(body)).rejects.toMatchObject({ code, status: 400 });
  });
});
