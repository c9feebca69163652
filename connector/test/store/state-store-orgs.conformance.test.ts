import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useSharedPostgres } from '../../../test/postgres/shared-postgres.js';
import {
  StateStoreError,
  openStateStore,
  type NewDeadLetter,
  type StateStore,
} from '../../src/store/index.js';
import { storeBackends, type OpenStore } from './store-backends.js';

// Each PostgreSQL store starts a worker thread and connects: seconds on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

const directory = mkdtempSync(join(tmpdir(), 'sfwp-store-orgs-'));
const shared = useSharedPostgres();
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

const letter: NewDeadLetter = {
  mapping: 'Contact_User',
  direction: 'salesforce-to-wordpress',
  salesforceId: '003A',
  operation: 'UPDATE',
  payload: { email: 'not-an-email' },
  errorCode: 'rest_invalid_param',
  errorMessage: 'email: Invalid email address.',
};

describe.each(storeBackends(directory, shared))('State per org on %s', (_name, prepare) => {
  let store: StateStore;
  let open: OpenStore;
  beforeEach(async () => {
    open = await prepare();
  });
  afterEach(() => {
    store.close();
  });

  it("keeps two orgs' links apart under the same mapping names and ids", () => {
    store = open();
    const sales = store;
    const service = store.forOrg('service');
    expect([sales.org, service.org]).toEqual(['default', 'service']);
    sales.link('Contact_User', '003A', 7);
    // The same record id and WordPress id in another org is another link, not a conflict.
    service.link('Contact_User', '003A', 7);
    service.link('Contact_User', '003B', 8);
    sales.recordHashes('Contact_User', '003A', { salesforceHash: 's-sales' });
    service.recordSyncState('Contact_User', '003A', {
      salesforce: { Email: 'b@example.com' },
      wordpress: { Email: 'b@example.com' },
    });
    sales.markWrittenBack('Contact_User', '003A', 7);

    expect(sales.findBySalesforceId('Contact_User', '003A')).toMatchObject({
      salesforceHash: 's-sales',
      syncState: undefined,
      salesforceHasWordPressId: true,
    });
    expect(service.findByWordPressId('Contact_User', 7)).toMatchObject({
      salesforceId: '003A',
      salesforceHash: undefined,
      syncState: { salesforce: { Email: 'b@example.com' } },
      salesforceHasWordPressId: false,
    });
    expect(sales.findByWordPressId('Contact_User', 8)).toBeUndefined();
    expect(sales.linksAwaitingWriteBack(10)).toEqual([]);
    expect(
      service
        .linksAwaitingWriteBack(10)
        .map((link) => link.salesforceId)
        .sort(),
    ).toEqual(['003A', '003B']);
    expect(sales.listLinks?.('Contact_User', undefined, 10).map((l) => l.wordpressId)).toEqual([7]);
    expect(() => {
      sales.recordHashes('Contact_User', '003B', { salesforceHash: 'x' });
    }).toThrow(/No link for 003B/);
    expect(() => service.link('Contact_User', '003C', 8)).toThrow(/already linked to 003B/);

    service.unlink('Contact_User', '003A');
    expect(service.findBySalesforceId('Contact_User', '003A')).toBeUndefined();
    expect(sales.findBySalesforceId('Contact_User', '003A')?.wordpressId).toBe(7);
  });

  it("keeps two orgs' checkpoints of the same name apart", () => {
    store = open();
    const service = store.forOrg('service');
    store.setCheckpoint('replay:/event/WP_Sync_Event__e', '00000000000001f4');
    expect(service.getCheckpoint('replay:/event/WP_Sync_Event__e')).toBeUndefined();
    service.setCheckpoint('replay:/event/WP_Sync_Event__e', '0000000000000009');
    store.setCheckpoint('replay:/event/WP_Sync_Event__e', '00000000000001f9');
    expect(store.getCheckpoint('replay:/event/WP_Sync_Event__e')).toBe('00000000000001f9');
    expect(service.getCheckpoint('replay:/event/WP_Sync_Event__e')).toBe('0000000000000009');
  });

  it("keeps two orgs' dead letters for the same record apart", () => {
    store = open();
    const service = store.forOrg('service');
    const ours = store.addDeadLetter(letter);
    const theirs = service.addDeadLetter(letter);
    expect(theirs.id).not.toBe(ours.id);
    expect(service.addDeadLetter(letter)).toMatchObject({ id: theirs.id, attempts: 2 });
    expect(store.getDeadLetter(ours.id)?.attempts).toBe(1);

    expect(store.getDeadLetter(theirs.id)).toBeUndefined();
    expect(() => {
      store.setDeadLetterStatus(theirs.id, 'dropped');
    }).toThrow(/No dead letter/);
    expect(store.listDeadLetters().map((entry) => entry.id)).toEqual([ours.id]);
    expect(
      store.settleDeadLetters({
        mapping: 'Contact_User',
        direction: 'salesforce-to-wordpress',
        salesforceId: '003A',
      }),
    ).toBe(1);
    expect(store.countDeadLetters('open')).toBe(0);
    expect(service.countDeadLetters('open')).toBe(1);
    expect(service.listDeadLetters({ status: 'open' })[0]).toMatchObject({
      id: theirs.id,
      status: 'open',
    });
  });

  it('lists the orgs that have state, and refuses a blank org name', () => {
    store = open();
    expect(store.listOrgs()).toEqual([]);
    store.forOrg('service').setCheckpoint('cursor', '1');
    store.forOrg('Sales').link('Contact_User', '003A', 1);
    store.forOrg('acquired').addDeadLetter(letter);
    store.setCheckpoint('cursor', '2');
    expect(store.listOrgs()).toEqual(['Sales', 'acquired', 'default', 'service']);
    expect(store.forOrg('service').listOrgs()).toEqual(store.listOrgs());
    expect(() => store.forOrg('')).toThrow(StateStoreError);
    expect(() => store.forOrg(' sales')).toThrow(/not an org name/);
  });

  it('commits or rolls back a transaction across views as one', () => {
    store = open();
    const service = store.forOrg('service');
    expect(() =>
      store.transaction(() => {
        store.link('Contact_User', '003A', 1);
        service.transaction(() => {
          service.setCheckpoint('cursor', '10');
        });
        service.addDeadLetter(letter);
        throw new Error('write failed');
      }),
    ).toThrow('write failed');
    expect(store.findBySalesforceId('Contact_User', '003A')).toBeUndefined();
    expect(service.getCheckpoint('cursor')).toBeUndefined();
    expect(service.countDeadLetters()).toBe(0);

    service.transaction(() => {
      store.link('Contact_User', '003A', 1);
      service.setCheckpoint('cursor', '11');
    });
    expect(store.findBySalesforceId('Contact_User', '003A')?.wordpressId).toBe(1);
    expect(service.getCheckpoint('cursor')).toBe('11');
    expect(store.getCheckpoint('cursor')).toBeUndefined();
  });

  it('closes the connection from the opened store only', () => {
    store = open();
    const service = store.forOrg('service');
    service.setCheckpoint('cursor', '1');
    service.close();
    expect(service.getCheckpoint('cursor')).toBe('1');
    store.setCheckpoint('cursor', '2');
    const view = store.forOrg('service');
    store.close();
    expect(() => view.getCheckpoint('cursor')).toThrow();
    store = open('service');
  });
});

describe.each([
  ['SQLite file', 'sqlite'],
  ['PostgreSQL', 'postgres'],
] as const)('openStateStore with an org on %s', (_name, kind) => {
  it("opens scoped to that org, seeing what that org's view wrote", async () => {
    const path = join(directory, `${crypto.randomUUID()}.sqlite`);
    const url = kind === 'postgres' ? await shared.freshUrl() : undefined;
    const first = openStateStore({ kind, path, url });
    first.forOrg('service').link('Contact_User', '003A', 5);
    first.setCheckpoint('cursor', 'default');
    first.close();

    const service = openStateStore({ kind, path, url, org: 'service' });
    try {
      expect(service.org).toBe('service');
      expect(service.findBySalesforceId('Contact_User', '003A')?.wordpressId).toBe(5);
      expect(service.getCheckpoint('cursor')).toBeUndefined();
      expect(service.forOrg('default').getCheckpoint('cursor')).toBe('default');
    } finally {
      service.close();
    }
  });
});
