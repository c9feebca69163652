import { describe, expect, it } from 'vitest';
import { SqliteStateStore } from '../../src/store/sqlite-state-store.js';
import { applyToSalesforce } from '../../src/wordpress-to-salesforce/apply.js';
import type { WriteOperation, WriteResult } from '../../src/wordpress/types.js';
import { quietSalesforce, quietWordPress } from '../support/quiet-gateways.js';
import { mappingWith, RECORD, staleWrite, USER, userWith } from '../support/apply-mappings.js';

/**
 * Conditional writes back to WordPress (issue #24 item 2) and sanitised required fields (item 4)
 * on the WordPress → Salesforce path, without I/O.
 */

const user = (fields: Record<string, unknown>) => userWith(USER, fields);
const stale = staleWrite;

describe('a required field WordPress sanitised away', () => {
  it('does not block or blank the Salesforce record; other fields still go', async () => {
    const mapping = mappingWith('SalesforceWins');
    const store = new SqliteStateStore({ path: ':memory:' });
    store.link(mapping.name, RECORD, USER);
    store.markWrittenBack(mapping.name, RECORD, USER);
    // WordPress emptied the LastName Salesforce sent; both sides agreed on that.
    store.recordSyncState(mapping.name, RECORD, {
      salesforce: { LastName: '<script>alert(1)</script>', FirstName: 'Ada' },
      wordpress: { LastName: null, FirstName: 'Ada' },
    });
    const upserted: Record<string, unknown>[] = [];
    const outcomes = await applyToSalesforce(
      mapping,
      [{ id: USER, operation: 'update' }],
      {
        store,
        wordpress: quietWordPress(),
        salesforce: quietSalesforce({
          upsert: (_object, _field, records) => {
            upserted.push(...records);
            return Promise.resolve(
              records.map(() => ({ success: true, created: false, id: RECORD, errors: [] })),
            );
          },
          findByValueOrId: () =>
            Promise.resolve([
              { Id: RECORD, LastName: '<script>alert(1)</script>', FirstName: 'Ada' },
            ]),
        }),
      },
      { objects: new Map([[USER, user({ last_name: '', first_name: 'Edited' })]]) },
    );
    expect(outcomes).toEqual([expect.objectContaining({ status: 'Success' })]);
    expect(upserted).toEqual([{ FirstName: 'Edited', WP_Id__c: String(USER) }]);
  });

  it('still fails a required field a person blanked', async () => {
    const mapping = mappingWith('SalesforceWins');
    const store = new SqliteStateStore({ path: ':memory:' });
    store.link(mapping.name, RECORD, USER);
    store.recordSyncState(mapping.name, RECORD, {
      salesforce: { LastName: 'Lovelace', FirstName: 'Ada' },
      wordpress: { LastName: 'Lovelace', FirstName: 'Ada' },
    });
    const outcomes = await applyToSalesforce(
      mapping,
      [{ id: USER, operation: 'update' }],
      {
        store,
        wordpress: quietWordPress(),
        salesforce: quietSalesforce(),
      },
      { objects: new Map([[USER, user({ last_name: '', first_name: 'Ada' })]]) },
    );
    expect(outcomes).toEqual([
      expect.objectContaining({ status: 'Failed', code: 'REQUIRED_FIELD_MISSING' }),
    ]);
  });
});

describe('WordPress → Salesforce merges that write Salesforce values back to WordPress', () => {
  /** WordPress changed LastName, Salesforce changed FirstName since they agreed. */
  async function mergeWith(writeResult: (operation: WriteOperation) => WriteResult) {
    const mapping = mappingWith('SalesforceWins');
    const store = new SqliteStateStore({ path: ':memory:' });
    store.link(mapping.name, RECORD, USER);
    store.markWrittenBack(mapping.name, RECORD, USER);
    store.recordSyncState(mapping.name, RECORD, {
      salesforce: { LastName: 'Agreed', FirstName: 'Ada' },
      wordpress: { LastName: 'Agreed', FirstName: 'Ada' },
    });
    const sent: WriteOperation[] = [];
    const outcomes = await applyToSalesforce(
      mapping,
      [{ id: USER, operation: 'update' }],
      {
        store,
        wordpress: quietWordPress({
          writeMany: (operations) => {
            sent.push(...operations);
            return Promise.resolve(operations.map(writeResult));
          },
        }),
        salesforce: quietSalesforce({
          upsert: (_object, _field, records) =>
            Promise.resolve(
              records.map(() => ({ success: true, created: false, id: RECORD, errors: [] })),
            ),
          findByValueOrId: () =>
            Promise.resolve([{ Id: RECORD, LastName: 'Agreed', FirstName: '%41da May' }]),
        }),
      },
      {
        objects: new Map([
          [USER, user({ last_name: 'Person', first_name: 'Ada', sfwp_version: 4 })],
        ]),
      },
    );
    return { outcomes, sent, state: store.findBySalesforceId(mapping.name, RECORD)?.syncState };
  }

  it('sends the version it read, and reports a field WordPress stored differently', async () => {
    const { outcomes, sent } = await mergeWith(() => ({
      ok: true,
      status: 200,
      id: USER,
      object: user({ last_name: 'Person', first_name: 'da May' }),
    }));
    expect(sent).toEqual([expect.objectContaining({ ifVersion: 4 })]);
    expect(outcomes[0]).toMatchObject({ status: 'Skipped' });
    expect(outcomes[0]?.message).toContain('sent "%41da May", stored "da May"');
  });

  it('refused as stale: the fields keep their agreed values, so the next merge sees a conflict', async () => {
    const { outcomes, state } = await mergeWith(stale);
    expect(outcomes[0]).toMatchObject({ status: 'Success' });
    expect(outcomes[0]?.message).toContain('WordPress changed meanwhile');
    expect(state?.salesforce).toMatchObject({ LastName: 'Person', FirstName: 'Ada' });
    expect(state?.wordpress).toMatchObject({ LastName: 'Person', FirstName: 'Ada' });
  });
});
