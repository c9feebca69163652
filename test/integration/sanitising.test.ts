/**
 * Issue #24 items 3 and 4: WordPress keeps names HTML-escaped and sanitises what it is sent.
 * Text with `&`, `<`, `>`, quotes and a literal `&amp;` must travel both ways unchanged and not
 * drift after a restart; a value WordPress stores differently must be reported (both values),
 * and a required field WordPress sanitised away must not blank or block the Salesforce record.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Config } from '../../connector/src/config/index.js';
import type { ConnectorHandle } from '../../connector/src/app/connector.js';
import { WpapiWordPressClient } from '../../connector/src/wordpress/index.js';
import type { RunningEmulator } from '../emulator/index.js';
import {
  connectorSetting,
  startLoggedConnector,
  tearDownConnectorSetting,
} from './support/connector-under-test.js';
import { eventually } from './support/eventually.js';
import { logCapture } from './support/log-lines.js';
import { personClient } from './support/wordpress-people.js';

const wordpress = inject('wordpress');
const stateDir = mkdtempSync(join(tmpdir(), 'sfwp-sanitising-'));
const { lines, stream } = logCapture();

let emulator: RunningEmulator;
let admin: Connection;
let config: Config;
let connector: ConnectorHandle | undefined;
const wp = new WpapiWordPressClient({
  siteUrl: wordpress.url,
  username: wordpress.username,
  applicationPassword: wordpress.applicationPassword,
});
const person = personClient(wordpress, 'editor');

type Row = Record<string, unknown>;

async function contact(id: string): Promise<Row> {
  const record: Row = await admin.sobject('Contact').retrieve(id);
  return record;
}

async function restart(): Promise<void> {
  await connector?.stop();
  connector = await startLoggedConnector(config, stream);
}

/** Creates a Contact and waits for its WordPress user; returns both ids. */
async function contactWithUser(fields: Row): Promise<{ contactId: string; userId: number }> {
  const created = await admin.sobject('Contact').create(fields);
  if (!created.success) throw new Error('Contact not created');
  const contactId = created.id;
  const userId = await eventually(
    async () => {
      const record = await contact(contactId);
      return record.WP_Id__c ? Number(record.WP_Id__c) : undefined;
    },
    `the WordPress user of ${String(fields.Email)}`,
  );
  return { contactId, userId };
}

async function logRows(recordId: string): Promise<{ Status__c: string; Message__c: string }[]> {
  const result = await admin.query<{ Status__c: string; Message__c: string }>(
    `SELECT Status__c, Message__c FROM WP_Sync_Log__c WHERE Record_Id__c = '${recordId}'`,
  );
  return result.records;
}

/** The FirstName a person sets in WordPress arrives in Salesforce. */
async function firstNameArrives(contactId: string, userId: number, value: string): Promise<Row> {
  await person.update('user', userId, { first_name: value });
  return eventually(async () => {
    const record = await contact(contactId);
    return record.FirstName === value ? record : undefined;
  }, `FirstName ${value} in Salesforce`);
}

const TEXTS = [
  'Tom & Jerry',
  'a < b > c',
  '"Quoted" O\'Brien',
  'Fish &amp; Chips',
  '<b>not bold</b> & &lt;',
];

beforeAll(async () => {
  ({ emulator, admin, config } = await connectorSetting(wordpress, stateDir, 'jwt'));
  await restart();
});

afterAll(() => tearDownConnectorSetting(connector, emulator, stateDir));

describe('HTML special characters in names', () => {
  it('round-trip Salesforce → WordPress → Salesforce exactly, also after a restart', async () => {
    const pairs = [];
    for (const [index, text] of TEXTS.entries()) {
      const pair = await contactWithUser({
        FirstName: text,
        LastName: `${text} ${index}`,
        Email: `entities${index}@example.test`,
      });
      const user = await wp.get('user', pair.userId);
      // WordPress keeps names escaped; it shows them (and the connector reads them) as the text.
      expect(user.first_name).toBe(
        text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
      );
      await eventually(async () => {
        const record = await contact(pair.contactId);
        return record.WP_Sync_Status__c === 'Success' ? record : undefined;
      }, `sync status Success on ${text}`);
      pairs.push({ ...pair, text, index });
    }
    await restart();
    // A change of another field on each side travels; the names do not drift either way.
    for (const pair of pairs) {
      const record = await firstNameArrives(pair.contactId, pair.userId, `Edited ${pair.index}`);
      expect(record.LastName).toBe(`${pair.text} ${pair.index}`);
      await admin.sobject('Contact').update({ Id: pair.contactId, Description: 'touched' });
    }
    await delay(2_500);
    for (const pair of pairs) {
      const record = await contact(pair.contactId);
      expect(record.LastName).toBe(`${pair.text} ${pair.index}`);
      expect(record.FirstName).toBe(`Edited ${pair.index}`);
      const user = await wp.get('user', pair.userId);
      expect(user.last_name).toBe(
        `${pair.text} ${pair.index}`
          .replace(/&/g, '&amp;')
          .replace(/</g, '&lt;')
          .replace(/>/g, '&gt;'),
      );
    }
  }, 120_000);

  it('reach Salesforce decoded from a person’s WordPress edits, also after a restart', async () => {
    const { contactId, userId } = await contactWithUser({
      LastName: 'Person',
      Email: 'entities-person@example.test',
    });
    // What the person types (WordPress escapes it) and what WordPress then shows.
    // (WordPress itself strips what looks like a tag, `x < y > z`, from what people type.)
    const typed = ['Tom & Jerry', 'b > a & x<y', '"Quoted" O\'Brien', 'Fish &amp;amp; Chips'];
    const shown = ['Tom & Jerry', 'b > a & x<y', '"Quoted" O\'Brien', 'Fish &amp; Chips'];
    for (const [index, value] of typed.entries()) {
      await person.update('user', userId, { last_name: value });
      await eventually(
        async () => {
          const record = await contact(contactId);
          return record.LastName === shown[index] ? record : undefined;
        },
        `LastName ${String(shown[index])} in Salesforce`,
      );
      if (index === 1) await restart();
    }
    await restart();
    const record = await firstNameArrives(contactId, userId, 'After restart');
    expect(record.LastName).toBe(shown.at(-1));
  }, 120_000);
});

describe('values WordPress sanitises', () => {
  it("a LastName that looks like a script: the user's later edits still reach Salesforce", async () => {
    const script = '<script>alert(1)</script>';
    const { contactId, userId } = await contactWithUser({
      FirstName: 'Scripted',
      LastName: script,
      Email: 'script-lastname@example.test',
    });
    const user = await wp.get('user', userId);
    // Text, never markup: WordPress holds it escaped.
    expect(user.last_name).not.toContain('<');
    const first = await firstNameArrives(contactId, userId, 'Edited');
    expect(first.LastName).toBe(script);
    await restart();
    const again = await firstNameArrives(contactId, userId, 'Edited again');
    expect(again.LastName).toBe(script);
  }, 120_000);

  it('a required field WordPress empties: reported with both values, never blanks or blocks Salesforce', async () => {
    // sanitize_text_field drops percent-encoded octets from names: this LastName becomes "".
    const emptied = '%3C%3E';
    const from = lines.length;
    const { contactId, userId } = await contactWithUser({
      FirstName: 'Sanitised',
      LastName: emptied,
      Email: 'emptied-lastname@example.test',
    });
    expect((await wp.get('user', userId)).last_name).toBe('');
    const row = await eventually(
      async () => (await logRows(contactId)).find((candidate) => candidate.Status__c === 'Skipped'),
      'a Skipped sync log row',
    );
    expect(row.Message__c).toContain('WordPress sanitised last_name');
    expect(row.Message__c).toContain('sent "%3C%3E", stored ""');
    expect(
      lines
        .slice(from)
        .some((line) => line.includes('"msg":"WordPress stored other values than sent"')),
    ).toBe(true);
    const first = await firstNameArrives(contactId, userId, 'Still syncs');
    expect(first.LastName).toBe(emptied);
    await restart();
    const again = await firstNameArrives(contactId, userId, 'Still syncs after restart');
    expect(again.LastName).toBe(emptied);
    // Nothing was dead-lettered on the way (REQUIRED_FIELD_MISSING was what blocked it).
    expect(lines.slice(from).filter((line) => line.includes('dead-lettered'))).toEqual([]);
  }, 120_000);
});
