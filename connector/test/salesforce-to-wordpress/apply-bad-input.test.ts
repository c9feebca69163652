import { describe, expect, it } from 'vitest';
import { SqliteStateStore } from '../../src/store/sqlite-state-store.js';
import {
  applyToWordPress,
  type ApplyDependencies,
} from '../../src/salesforce-to-wordpress/apply.js';
import type { SyncEvent } from '../../src/salesforce-to-wordpress/event.js';
import type { WordPressObject, WriteOperation, WriteResult } from '../../src/wordpress/types.js';
import { badInputMapping as mapping, userWith as user } from '../support/apply-mappings.js';

/** The bad input catalogue's connector fixes (test/reliability/bad-input), without I/O. */

/** WordPress stand-in: stores what it is sent, except that it empties javascript: URLs. */
function setup() {
  const store = new SqliteStateStore({ path: ':memory:' });
  const users = new Map<number, WordPressObject>();
  const writes: WriteOperation[] = [];
  let nextId = 100;
  const deps: ApplyDependencies = {
    store,
    mapping: (name) => (name === mapping.name ? mapping : undefined),
    wordpress: { list: () => Promise.resolve({ items: [], total: 0, totalPages: 1 }) },
    reader: {
      get: (_type, id) => {
        const found = users.get(id);
        return found ? Promise.resolve(found) : Promise.reject(new Error('missing'));
      },
    },
    writer: {
      submit: (operation): Promise<WriteResult> => {
        writes.push(operation);
        if (operation.kind === 'delete') throw new Error('unexpected delete');
        const id = operation.kind === 'create' ? nextId++ : operation.id;
        const fields = { ...operation.fields };
        if (typeof fields.url === 'string' && fields.url.startsWith('javascript:')) fields.url = '';
        const object = user(id, { ...(users.get(id) ?? {}), ...fields });
        users.set(id, object);
        return Promise.resolve({ ok: true, status: 200, id, object });
      },
    },
  };
  return { store, users, writes, deps };
}

function event(overrides: Partial<SyncEvent>): SyncEvent {
  return {
    mapping: 'Contact_User',
    object: 'Contact',
    recordId: '003000000000001AAA',
    operation: 'CREATE',
    changedFields: [],
    payload: { LastName: 'Lovelace', Email: 'ada@example.test' },
    wordpressId: undefined,
    modstamp: new Date('2026-01-01T10:00:00.000Z'),
    ...overrides,
  };
}

describe('applyToWordPress with bad input', () => {
  it('refuses a record id of another object (key prefix) without writing', async () => {
    const { deps, writes } = setup();
    const outcome = await applyToWordPress(event({ recordId: '001000000000001AAA' }), deps);
    expect(outcome).toMatchObject({ status: 'Failed', code: 'RECORD_ID_WRONG_OBJECT' });
    expect(writes).toEqual([]);
  });

  it("refuses an external id that points at another record's object", async () => {
    const { deps, writes, store } = setup();
    store.link('Contact_User', '003000000000001AAA', 7);
    const outcome = await applyToWordPress(
      event({ recordId: '003000000000002AAA', operation: 'UPDATE', wordpressId: 7 }),
      deps,
    );
    expect(outcome).toMatchObject({ status: 'Failed', code: 'DUPLICATE_EXTERNAL_ID' });
    expect(outcome.status === 'Failed' && outcome.message).toContain('003000000000001AAA');
    expect(writes).toEqual([]);
  });

  it('skips an UPDATE older than one already applied, but not one of the same second', async () => {
    const { deps, writes, users } = setup();
    await applyToWordPress(event({}), deps);
    const at = (iso: string, lastName: string) =>
      event({
        operation: 'UPDATE',
        modstamp: new Date(iso),
        payload: { LastName: lastName, Email: 'ada@example.test' },
        changedFields: ['LastName'],
      });
    expect(await applyToWordPress(at('2026-01-01T10:00:05.000Z', 'v2'), deps)).toMatchObject({
      status: 'Success',
    });
    const stale = await applyToWordPress(at('2026-01-01T10:00:03.000Z', 'v1'), deps);
    expect(stale).toMatchObject({ status: 'Skipped' });
    expect(stale.message).toMatch(/not newer/);
    // Salesforce stamps may have whole seconds: a change stamped the same is still applied.
    expect(await applyToWordPress(at('2026-01-01T10:00:05.000Z', 'v3'), deps)).toMatchObject({
      status: 'Success',
    });
    expect((users.get(100) as { last_name?: string } | undefined)?.last_name).toBe('v3');
    expect(writes).toHaveLength(3);
  });

  it('does not let a stamp far in the future hide later changes', async () => {
    const { deps, users } = setup();
    await applyToWordPress(event({ modstamp: new Date('2099-01-01T00:00:00.000Z') }), deps);
    const later = await applyToWordPress(
      event({
        operation: 'UPDATE',
        modstamp: new Date(),
        payload: { LastName: 'Later', Email: 'ada@example.test' },
        changedFields: ['LastName'],
      }),
      deps,
    );
    expect(later).toMatchObject({ status: 'Success' });
    expect((users.get(100) as { last_name?: string } | undefined)?.last_name).toBe('Later');
  });

  it('uses a login WordPress accepts when the email has other characters', async () => {
    const { deps, writes } = setup();
    await applyToWordPress(
      event({ payload: { LastName: "O'Brien", Email: "o'brien@example.test" } }),
      deps,
    );
    const create = writes[0];
    expect(create?.kind === 'create' && create.fields.username).toBe('sf-003000000000001AAA');
    await applyToWordPress(
      event({
        recordId: '003000000000002AAA',
        payload: { LastName: 'B', Email: 'b@example.test' },
      }),
      deps,
    );
    const second = writes[1];
    expect(second?.kind === 'create' && second.fields.username).toBe('b@example.test');
  });

  it('says when WordPress stored a field differently from what was sent', async () => {
    const { deps } = setup();
    const outcome = await applyToWordPress(
      event({
        payload: { LastName: 'Js', Email: 'js@example.test', WP_Website__c: 'javascript:alert(1)' },
      }),
      deps,
    );
    expect(outcome.message).toMatch(/WordPress sanitised url/);
  });
});
