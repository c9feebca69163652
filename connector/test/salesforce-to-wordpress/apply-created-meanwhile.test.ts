import { describe, expect, it } from 'vitest';
import { SqliteStateStore } from '../../src/store/sqlite-state-store.js';
import {
  applyToWordPress,
  type ApplyDependencies,
} from '../../src/salesforce-to-wordpress/apply.js';
import type { SyncEvent } from '../../src/salesforce-to-wordpress/event.js';
import { WordPressError } from '../../src/wordpress/errors.js';
import type {
  WordPressObject,
  WordPressUser,
  WriteOperation,
  WriteResult,
} from '../../src/wordpress/types.js';
import { badInputMapping as mapping, RECORD, userWith } from '../support/apply-mappings.js';

/**
 * A create refused because the user appeared between the lookup and the create (a bulk request
 * a killed connector left running in PHP committed meanwhile, or a person): the crash test met
 * it as `existing_user_login` dead letters.
 */
const TAKEN = (code: string): WriteResult => ({
  ok: false,
  error: new WordPressError('Sorry, that username already exists!', { code, status: 500 }),
});

const created: SyncEvent = {
  mapping: mapping.name,
  object: 'Contact',
  recordId: RECORD,
  operation: 'CREATE',
  changedFields: ['LastName', 'Email'],
  payload: { LastName: 'Lovelace', Email: 'ada@example.test' },
  wordpressId: undefined,
  modstamp: new Date('2026-01-01T10:00:00Z'),
};

/** A user as the users route lists it (userWith gives every user field). */
const listedUser = (id: number, fields: Record<string, unknown>) =>
  userWith(id, fields) as WordPressUser;

function setup(appearsAs: WordPressUser | undefined, code = 'existing_user_login') {
  const store = new SqliteStateStore({ path: ':memory:' });
  const writes: WriteOperation[] = [];
  let lookups = 0;
  const deps: ApplyDependencies = {
    store,
    mapping: (name) => (name === mapping.name ? mapping : undefined),
    wordpress: {
      list: () => {
        lookups++;
        // Nothing at the first lookup; the other writer's user from then on.
        const items = lookups > 1 && appearsAs ? [appearsAs] : [];
        return Promise.resolve({ items, total: items.length, totalPages: 1 });
      },
    },
    reader: {
      get: () => (appearsAs ? Promise.resolve(appearsAs) : Promise.reject(new Error('no user'))),
    },
    writer: {
      submit: (operation): Promise<WriteResult> => {
        writes.push(operation);
        if (operation.kind === 'create') return Promise.resolve(TAKEN(code));
        if (operation.kind !== 'update' || !appearsAs) throw new Error('unexpected write');
        const object: WordPressObject = { ...appearsAs, ...operation.fields };
        return Promise.resolve({ ok: true, status: 200, id: appearsAs.id, object });
      },
    },
  };
  return { deps, writes, store, lookups: () => lookups };
}

describe('a create refused because the user was created meanwhile', () => {
  it('looks the user up again and links the record to it instead of dead-lettering', async () => {
    const existing = listedUser(42, { email: 'ada@example.test', last_name: 'Lovelace' });
    const { deps, writes, store } = setup(existing);

    const outcome = await applyToWordPress(created, deps);

    expect(outcome).toMatchObject({ status: 'Success', wordpressId: 42 });
    expect(writes.filter((write) => write.kind === 'create')).toHaveLength(1);
    expect(store.findBySalesforceId(mapping.name, RECORD)?.wordpressId).toBe(42);
  });

  it('merges on existing_user_email too', async () => {
    const existing = listedUser(43, { email: 'ada@example.test', last_name: 'Byron' });
    const { deps, store } = setup(existing, 'existing_user_email');
    const outcome = await applyToWordPress(created, deps);
    expect(outcome.status).toBe('Success');
    expect(store.findBySalesforceId(mapping.name, RECORD)?.wordpressId).toBe(43);
  });

  it('still fails, permanently and with WordPress’s reason, when the login belongs to someone else', async () => {
    const { deps, writes, store, lookups } = setup(undefined);
    const outcome = await applyToWordPress(created, deps);
    expect(outcome).toMatchObject({ status: 'Failed', code: 'existing_user_login' });
    expect(writes.length).toBeLessThanOrEqual(5);
    expect(lookups()).toBe(writes.length);
    expect(store.findBySalesforceId(mapping.name, RECORD)).toBeUndefined();
  });
});
