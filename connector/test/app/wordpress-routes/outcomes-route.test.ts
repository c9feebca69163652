import { describe, expect, it } from 'vitest';
import { SqliteStateStore } from '../../../src/store/sqlite-state-store.js';
import { listOutcomes } from '../../../src/app/wordpress-routes/outcomes-route.js';
import { badInputMapping } from '../../support/apply-mappings.js';

function setUp() {
  let minute = 0;
  const store = new SqliteStateStore({
    path: ':memory:',
    now: () => new Date(Date.UTC(2026, 11, 1, 10, minute++)),
  });
  const context = {
    store,
    mappings: () => new Map([[badInputMapping.name, badInputMapping]]),
    instanceUrl: () => undefined,
  };
  for (let id = 1; id <= 5; id++) {
    store.addDeadLetter({
      mapping: 'Contact_User',
      direction: 'wordpress-to-salesforce',
      wordpressId: id,
      operation: 'update',
      payload: {},
      errorCode: 'INVALID_EMAIL_ADDRESS',
      errorMessage: `user ${id}`,
    });
  }
  // A Salesforce-side failure with no WordPress object is not listed.
  store.addDeadLetter({
    mapping: 'Contact_User',
    direction: 'salesforce-to-wordpress',
    salesforceId: '003000000000009AAA',
    operation: 'CREATE',
    payload: {},
    errorCode: 'invalid_email',
    errorMessage: 'no WordPress object',
  });
  return { store, list: (query: string) => listOutcomes(context, new URLSearchParams(query)) };
}

describe('GET /wordpress/outcomes', () => {
  it('lists the failures of WordPress objects newest first, a page at a time', () => {
    const { list } = setUp();
    const first = list('type=user&status=open&per_page=2');
    expect(first.total).toBe(5);
    expect(first.items.map((item) => item.wordpressId)).toEqual([5, 4]);
    expect(first.items[0]).toMatchObject({ type: 'user', status: 'open', attempts: 1 });
    const last = list('type=user&status=open&per_page=2&page=3');
    expect(last.items.map((item) => item.wordpressId)).toEqual([1]);
  });

  it('filters by status and type', () => {
    const { store, list } = setUp();
    const [letter] = store.listDeadLetters({ status: 'open', limit: 1 });
    if (letter) store.setDeadLetterStatus(letter.id, 'retried');
    expect(list('status=retried').items.map((item) => item.wordpressId)).toEqual([1]);
    expect(list('status=open').total).toBe(4);
    expect(list('status=all').total).toBe(5);
    expect(list('type=organization').total).toBe(0);
  });

  it.each(['status=failed', 'page=0', 'per_page=1001', 'type=Not%20A%20Type'])(
    'refuses %s',
    (query) => {
      const { list } = setUp();
      expect(() => list(query)).toThrow(/must/);
    },
  );
});
