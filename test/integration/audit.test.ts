/**
 * The drift audit against real WordPress and the org emulator: drift injected behind the sync's
 * back (a direct SQL update in WordPress's database, a direct write in the emulator's store
 * without events, a user deleted in SQL, an unlinked duplicate) is reported exactly, repaired
 * through the pipeline, and a second audit reports no differing pair.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runAuditCli } from '../../connector/src/audit/run-audit-cli.js';
import { latestSummary } from '../../connector/src/audit/summary.js';
import { runFullSync } from '../../connector/src/app/run-full-sync.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import { SqliteStateStore } from '../../connector/src/store/sqlite-state-store.js';
import { connectAs } from './support/emulated-org.js';
import {
  connectorSetting,
  tearDownConnectorSetting,
  type ConnectorSetting,
} from './support/connector-under-test.js';
import { runInSite } from '../wordpress/site-php.js';

/** Runs PHP (and so SQL through $wpdb) inside the test site, bypassing the REST API and hooks. */
const php = async (code: string): Promise<void> => {
  await runInSite(wordpress, code);
};

const wordpress = inject('wordpress');
const stateDir = mkdtempSync(join(tmpdir(), 'sfwp-audit-'));
const quiet = createLogger({
  level: 'warn',
  destination: new Writable({
    write: (_chunk, _encoding, callback) => {
      callback();
    },
  }),
});
const MAPPING = 'Contact_User';
const CONTACTS = 6;

let setting: ConnectorSetting;
let integration: Connection;
/** Contact ids in creation order, and the WordPress user each is linked to. */
const contacts: string[] = [];
const users = new Map<string, number>();

function audit(options: { repair?: boolean; prefer?: 'salesforce' | 'wordpress' } = {}) {
  return runAuditCli(setting.config, quiet, { mapping: MAPPING, ...options });
}

beforeAll(async () => {
  setting = await connectorSetting(wordpress, stateDir, 'client-credentials');
  // Seeded as the integration user: no sync events, the full sync links them.
  integration = await connectAs(setting.emulator, 'integration');
  const created = await integration.sobject('Contact').create(
    Array.from({ length: CONTACTS }, (_, index) => ({
      FirstName: 'Audit',
      LastName: `Person ${String(index)} & Co`,
      Email: `audit.${String(index)}@example.test`,
      Description: `About <${String(index)}>`,
    })),
    { allowRecursive: true },
  );
  for (const result of created) {
    if (!result.success) throw new Error(JSON.stringify(result));
    contacts.push(result.id);
  }
  const { progress } = await runFullSync(setting.config, { logger: quiet, mapping: MAPPING });
  expect(progress.failed).toBe(0);
  const store = new SqliteStateStore({ path: setting.config.store.path });
  for (const id of contacts) {
    const link = store.findBySalesforceId(MAPPING, id);
    if (!link) throw new Error(`full sync left ${id} unlinked`);
    users.set(id, link.wordpressId);
  }
  store.close();
}, 240_000);

afterAll(async () => {
  await tearDownConnectorSetting(undefined, setting.emulator, stateDir);
});

describe('sfwp audit', () => {
  it('reports zero differences for a system the sync just wrote', async () => {
    const report = await audit();
    expect(report.totals).toMatchObject({
      pairsChecked: CONTACTS,
      pairsEqual: CONTACTS,
      pairsDiffering: 0,
      goneLinks: 0,
      unlinkedMatches: 0,
      incomplete: 0,
    });
  }, 120_000);

  it('reports exactly the drift injected behind the sync, repairs it, then reports zero', async () => {
    const [editedInSql, loadedInOrg, deletedUser, duplicated] = contacts as [
      string,
      string,
      string,
      string,
    ];
    // A direct database edit in WordPress.
    await php(
      `$wpdb->update( $wpdb->usermeta, array( 'meta_value' => 'Edited & in SQL' ), array( 'user_id' => ${String(users.get(editedInSql))}, 'meta_key' => 'last_name' ) );`,
    );
    // A Salesforce data load with triggers bypassed: the store itself, no event.
    const row = setting.emulator.org.get('Contact', loadedInOrg);
    setting.emulator.org.store.put('Contact', { ...row, FirstName: 'Loaded' });
    // A user deleted in the database.
    await php(`$wpdb->delete( $wpdb->users, array( 'ID' => ${String(users.get(deletedUser))} ) );`);
    // An unlinked duplicate: a second Contact with a linked user's email.
    const duplicate = setting.emulator.org.insert('Contact', {
      LastName: 'Duplicate',
      Email: `AUDIT.3@example.test`,
    });

    const found = (await audit()).mappings[0];
    expect(found?.incomplete).toBeUndefined();
    expect(found?.pairsChecked).toBe(CONTACTS - 1);
    expect(found?.pairsDiffering).toBe(2);
    expect(found?.differingByField).toEqual({ LastName: 1, FirstName: 1 });
    expect(found?.differing.map(({ salesforceId, fields }) => ({ salesforceId, fields }))).toEqual(
      expect.arrayContaining([
        {
          salesforceId: editedInSql,
          fields: [
            {
              field: 'LastName',
              wordpressField: 'last_name',
              salesforceValue: 'Person 0 & Co',
              wordpressValue: 'Edited & in SQL',
            },
          ],
        },
        {
          salesforceId: loadedInOrg,
          fields: [
            {
              field: 'FirstName',
              wordpressField: 'first_name',
              salesforceValue: 'Loaded',
              wordpressValue: 'Audit',
            },
          ],
        },
      ]),
    );
    expect(found?.gone).toEqual([
      { salesforceId: deletedUser, wordpressId: users.get(deletedUser), gone: 'wordpress' },
    ]);
    expect(found?.unlinked).toEqual([
      {
        salesforceId: duplicate,
        wordpressId: users.get(duplicated),
        matchValue: 'AUDIT.3@example.test',
        wordpressLinkedTo: duplicated,
      },
    ]);

    const repaired = (await audit({ repair: true, prefer: 'salesforce' })).mappings[0];
    expect(repaired).toMatchObject({ pairsDiffering: 2, repaired: 2, repairFailed: 0 });

    const after = (await audit()).mappings[0];
    expect(after).toMatchObject({ pairsDiffering: 0, goneLinks: 1, unlinkedMatches: 1 });
    const user = await setting.admin.query<{ LastName: string }>(
      `SELECT LastName FROM Contact WHERE Id = '${editedInSql}'`,
    );
    expect(user.records[0]?.LastName).toBe('Person 0 & Co');

    const store = new SqliteStateStore({ path: setting.config.store.path });
    expect(latestSummary(store)).toMatchObject({ trigger: 'cli', pairsDiffering: 0 });
    store.close();
  }, 240_000);
});
