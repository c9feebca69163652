import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Config } from '../../connector/src/config/index.js';
import type { ConnectorHandle } from '../../connector/src/app/connector.js';
import { SqliteStateStore } from '../../connector/src/store/sqlite-state-store.js';
import type { RunningEmulator } from '../emulator/index.js';
import {
  connectorSetting,
  startLoggedConnector,
  tearDownConnectorSetting,
} from './support/connector-under-test.js';
import { eventually } from './support/eventually.js';
import { logCapture } from './support/log-lines.js';
import { personClient } from './support/wordpress-people.js';

/**
 * A busy org answers UNABLE_TO_LOCK_ROW for some records of a Composite upsert while it writes
 * the others. WordPress → Salesforce must try those records again (with backoff) and bring
 * every one of them over, without a dead letter for an admin to retry by hand.
 */
const wordpress = inject('wordpress');
const stateDir = mkdtempSync(join(tmpdir(), 'sfwp-wp2sf-locks-'));
const { lines: logLines, stream: logStream } = logCapture();

let emulator: RunningEmulator;
let admin: Connection;
let config: Config;
let connector: ConnectorHandle | undefined;

async function startConnectorForTest(): Promise<ConnectorHandle> {
  connector = await startLoggedConnector(config, logStream);
  return connector;
}

async function contactsByWordPressIds(ids: number[]): Promise<Record<string, unknown>[]> {
  const result = await admin.query<Record<string, unknown>>(
    `SELECT Id, LastName, WP_Id__c FROM Contact WHERE WP_Id__c IN (${ids.map((id) => `'${id}'`).join(', ')})`,
  );
  return result.records;
}

beforeAll(async () => {
  ({ emulator, admin, config } = await connectorSetting(wordpress, stateDir, 'client-credentials'));
  // The first start tells the companion plugin what to record; then the connector is stopped
  // so the people below land in the feed together and reach Salesforce in one upsert.
  await startConnectorForTest();
  await connector?.stop();
  connector = undefined;
});

afterAll(() => tearDownConnectorSetting(connector, emulator, stateDir));

describe('WordPress → Salesforce when the org holds row locks', () => {
  it('retries the locked records of a Composite upsert until they land: all arrive, no dead letter', async () => {
    const editor = personClient(wordpress, 'editor');
    const names = ['Lovelace', 'Locked-Babbage', 'Hamilton', 'Locked-Turing'];
    const users = [];
    for (const [index, lastName] of names.entries()) {
      users.push(
        await editor.create('user', {
          username: `lock${index}-${Date.now()}`,
          email: `lock${index}.${Date.now()}@example.test`,
          first_name: 'Ada',
          last_name: lastName,
          password: randomBytes(12).toString('hex'),
        }),
      );
    }
    emulator.faults.failRecordWrites({
      field: 'LastName',
      values: ['Locked-Babbage', 'Locked-Turing'],
      times: 2,
    });
    const upsertsBefore = emulator.stats.collectionCalls.byKind.upsert;

    await startConnectorForTest();
    const ids = users.map((user) => user.id);
    const contacts = await eventually(async () => {
      const found = await contactsByWordPressIds(ids);
      return found.length === ids.length ? found : undefined;
    }, 'a Contact for every user');

    expect(contacts.map((contact) => contact.LastName).sort()).toEqual([...names].sort());
    expect(emulator.faults.pendingRecordFaults()).toBe(0);
    // One upsert with all four, then two more with only the locked two.
    expect(emulator.stats.collectionCalls.byKind.upsert - upsertsBefore).toBe(3);
    const retried = logLines.filter((line) =>
      line.includes('transient Salesforce record errors; retrying those records'),
    );
    expect(retried).toHaveLength(2);
    expect(retried[0]).toContain('UNABLE_TO_LOCK_ROW');

    await connector?.stop();
    connector = undefined;
    const store = new SqliteStateStore({ path: config.store.path });
    try {
      expect(store.listDeadLetters()).toEqual([]);
      for (const id of ids) expect(store.findByWordPressId('Contact_User', id)).toBeDefined();
    } finally {
      store.close();
    }
  });
});
