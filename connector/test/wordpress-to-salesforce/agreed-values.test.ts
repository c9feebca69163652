import { describe, expect, it } from 'vitest';
import type { SyncState } from '../../src/store/state-store.js';
import { SqliteStateStore } from '../../src/store/sqlite-state-store.js';
import {
  agreedState,
  recordAgreement,
  recordPendingWrites,
} from '../../src/wordpress-to-salesforce/agreed-values.js';
import { link, mapping, planned, user } from './contact-mapping.js';

const previous: SyncState = {
  salesforce: { LastName: 'Lovelace', Email: 'ada@example.com', Title: 'Countess' },
  wordpress: { LastName: 'Lovelace', Email: 'ada@example.com' },
  salesforceSeenAt: '2026-01-01T00:00:00.000Z',
};

describe('agreedState', () => {
  it('a new record: both sides hold what WordPress holds', () => {
    const plan = planned(user({ last_name: 'Lovelace', email: 'ada@example.com' }));
    expect(agreedState(mapping, plan, undefined, false)).toEqual({
      salesforce: { LastName: 'Lovelace', Email: 'ada@example.com' },
      wordpress: { LastName: 'Lovelace', Email: 'ada@example.com' },
    });
  });

  it('a merged record: Salesforce holds its row with the values written over it', () => {
    const plan = planned(
      user({ last_name: 'Lovelace', email: 'ada@new.example' }),
      link({ syncState: previous }),
    );
    plan.salesforceRow = {
      Id: '003A',
      LastName: 'King',
      Email: 'ada@example.com',
      Title: 'Countess',
      Phone: 'not mapped',
      SystemModstamp: '2026-02-02T00:00:00.000Z',
    };
    plan.values = { Email: 'ada@new.example' };
    const rewritten = user({ last_name: 'King', email: 'ada@new.example' });
    expect(agreedState(mapping, plan, rewritten, false)).toEqual({
      salesforce: { LastName: 'King', Email: 'ada@new.example', Title: 'Countess' },
      wordpress: { LastName: 'King', Email: 'ada@new.example' },
      salesforceSeenAt: '2026-02-02T00:00:00.000Z',
    });
  });

  it('keeps the previous SystemModstamp when no row was read', () => {
    const plan = planned(
      user({ last_name: 'Lovelace', email: 'ada@example.com' }),
      link({ syncState: previous }),
    );
    expect(agreedState(mapping, plan, undefined, false).salesforceSeenAt).toBe(
      '2026-01-01T00:00:00.000Z',
    );
  });

  it('a stale write-back: the fields WordPress refused keep their previous agreed values', () => {
    const plan = planned(
      user({ last_name: 'Lovelace', email: 'ada@example.com' }),
      link({ syncState: previous }),
    );
    plan.salesforceRow = { Id: '003A', LastName: 'King', Email: 'ada@example.com', Title: 'Dr' };
    plan.values = {};
    plan.toWordPress = new Set(['LastName', 'Title']);
    const state = agreedState(mapping, plan, undefined, true);
    expect(state.salesforce).toEqual({
      LastName: 'Lovelace',
      Email: 'ada@example.com',
      Title: 'Countess',
    });
    expect(state.wordpress).toEqual({
      LastName: 'Lovelace',
      Email: 'ada@example.com',
      Title: null,
    });
  });
});

describe('recording', () => {
  it('records a pending write only for linked records with values to send', () => {
    const store = new SqliteStateStore({ path: ':memory:' });
    store.link(mapping.name, '003000000000001AAA', 7);
    store.recordSyncState(mapping.name, '003000000000001AAA', previous);
    const stored = store.findByWordPressId(mapping.name, 7);
    const sending = planned(user({ last_name: 'Byron', email: 'ada@example.com' }), stored);
    sending.values = { LastName: 'Byron' };
    const fresh = planned(user({ last_name: 'New', email: 'new@example.com' }, 8));
    recordPendingWrites(mapping, [sending, fresh], store);
    expect(store.findByWordPressId(mapping.name, 7)?.syncState?.pending).toEqual({
      target: 'salesforce',
      salesforce: { LastName: 'Byron' },
      wordpress: { LastName: 'Byron' },
    });
    expect(store.findByWordPressId(mapping.name, 8)).toBeUndefined();
  });

  it('links the record and stores the agreed values', () => {
    const store = new SqliteStateStore({ path: ':memory:' });
    const plan = planned(user({ last_name: 'Lovelace', email: 'ada@example.com' }));
    recordAgreement(mapping, plan, '003A', undefined, store);
    expect(store.findByWordPressId(mapping.name, 7)).toMatchObject({
      salesforceId: '003A',
      syncState: agreedState(mapping, plan, undefined, false),
    });
  });
});
