import { describe, expect, it } from 'vitest';
import type { ConflictPolicy } from '../../src/mapping/types.js';
import { SqliteStateStore } from '../../src/store/sqlite-state-store.js';
import {
  applyToWordPress,
  type ApplyDependencies,
} from '../../src/salesforce-to-wordpress/apply.js';
import type { SyncEvent } from '../../src/salesforce-to-wordpress/event.js';
import type { WordPressObject, WriteOperation, WriteResult } from '../../src/wordpress/types.js';
import { mappingWith, RECORD, staleWrite, USER, userWith } from '../support/apply-mappings.js';

/** Conditional writes (issue #24 item 2) from Salesforce to WordPress, without I/O. */

const user = (fields: Record<string, unknown>) => userWith(USER, fields);
const stale = staleWrite;

/**
 * A linked pair agreed on LastName "Agreed"; WordPress at version 1. `personEdits` says how many
 * writes a person's edit beats: each of those is refused as stale and the person's value lands.
 */
function setup(policy: ConflictPolicy, personEdits: number, plugin = true) {
  const version = plugin ? 1 : undefined;
  const mapping = mappingWith(policy);
  const store = new SqliteStateStore({ path: ':memory:' });
  store.link(mapping.name, RECORD, USER);
  store.recordSyncState(mapping.name, RECORD, {
    salesforce: { LastName: 'Agreed', FirstName: 'Ada' },
    wordpress: { LastName: 'Agreed', FirstName: 'Ada' },
  });
  const versioned = (fields: Record<string, unknown>, at: number | undefined) =>
    user(at === undefined ? fields : { ...fields, sfwp_version: at });
  let current = versioned(
    { last_name: 'Agreed', first_name: 'Ada', sfwp_modified_gmt: '2026-01-01T09:00:00.000' },
    version,
  );
  const writes: WriteOperation[] = [];
  let refusals = personEdits;
  const deps: ApplyDependencies = {
    store,
    mapping: (name) => (name === mapping.name ? mapping : undefined),
    wordpress: { list: () => Promise.resolve({ items: [], total: 0, totalPages: 1 }) },
    reader: { get: () => Promise.resolve(current) },
    writer: {
      submit: (operation): Promise<WriteResult> => {
        writes.push(operation);
        if (operation.kind !== 'update') throw new Error('unexpected write');
        if (refusals > 0) {
          refusals--;
          const next = (versionOf(current) ?? 0) + 1;
          // The person's edit, a second after the Salesforce change, landed after the read.
          current = versioned(
            {
              last_name: `Person ${next}`,
              first_name: 'Ada',
              sfwp_modified_gmt: '2026-01-01T10:00:01.000',
            },
            next,
          );
          return Promise.resolve(stale());
        }
        current = versioned({ ...current, ...operation.fields }, versionOf(current));
        return Promise.resolve({ ok: true, status: 200, id: USER, object: current });
      },
    },
  };
  return { deps, writes, store, mapping, current: () => current };
}

function versionOf(object: WordPressObject): number | undefined {
  return (object as { sfwp_version?: number }).sfwp_version;
}

const salesforceChange: SyncEvent = {
  mapping: 'Contact_User',
  object: 'Contact',
  recordId: RECORD,
  operation: 'UPDATE',
  changedFields: ['LastName'],
  payload: { LastName: 'Salesforce', FirstName: 'Ada' },
  wordpressId: USER,
  modstamp: new Date('2026-01-01T10:00:00.000Z'),
};

describe('Salesforce → WordPress writes on the condition that WordPress did not change', () => {
  it('sends the version the merge read', async () => {
    const { deps, writes } = setup('SalesforceWins', 0);
    expect(await applyToWordPress(salesforceChange, deps)).toMatchObject({ status: 'Success' });
    expect(writes).toEqual([expect.objectContaining({ kind: 'update', ifVersion: 1 })]);
  });

  it('sends no condition when WordPress shows no version (no companion plugin)', async () => {
    const { deps, writes } = setup('SalesforceWins', 0, false);
    await applyToWordPress(salesforceChange, deps);
    expect(writes[0]).not.toHaveProperty('ifVersion');
  });

  it("refused as stale: merges again, and the person's edit meets Salesforce's as a conflict (SalesforceWins)", async () => {
    const { deps, writes, current } = setup('SalesforceWins', 1);
    const outcome = await applyToWordPress(salesforceChange, deps);
    expect(outcome).toMatchObject({ status: 'Success' });
    expect(outcome.status !== 'Failed' && outcome.conflicts).toEqual([
      expect.objectContaining({
        field: 'LastName',
        salesforceValue: 'Salesforce',
        wordpressValue: 'Person 2',
        winner: 'salesforce',
      }),
    ]);
    expect(outcome.message).toContain('refused as stale once');
    expect(writes.map((write) => write.kind === 'update' && write.ifVersion)).toEqual([1, 2]);
    expect((current() as { last_name?: string }).last_name).toBe('Salesforce');
  });

  it('refused as stale: the newer person edit wins under NewestWins and WordPress is not written', async () => {
    const { deps, writes, store, mapping, current } = setup('NewestWins', 1);
    const outcome = await applyToWordPress(salesforceChange, deps);
    expect(outcome).toMatchObject({ status: 'Skipped' });
    expect(outcome.status !== 'Failed' && outcome.conflicts?.[0]?.winner).toBe('wordpress');
    expect(writes).toHaveLength(1);
    expect((current() as { last_name?: string }).last_name).toBe('Person 2');
    // Salesforce's change is recorded as seen, so the change feed carries the person's value on.
    expect(store.findBySalesforceId(mapping.name, RECORD)?.syncState?.salesforce.LastName).toBe(
      'Salesforce',
    );
  });

  it('gives up after 5 merges with a transient failure, so the event is retried later', async () => {
    const { deps, writes } = setup('SalesforceWins', 10);
    const outcome = await applyToWordPress(salesforceChange, deps);
    expect(outcome).toMatchObject({
      status: 'Failed',
      code: 'sfwp_stale_write',
      kind: 'transient',
    });
    expect(writes).toHaveLength(5);
  });
});
