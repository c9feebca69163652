/**
 * Issue #24 item 2: a Salesforce change and a person's WordPress edit of the same field, a few
 * milliseconds apart. Before the companion plugin's conditional writes, the connector's write
 * of the Salesforce value landed just after the person's edit and erased it with no conflict
 * logged. Each round here must end with the conflict policy's winner on both sides, and a
 * person's edit that does not survive must have a conflict record naming it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
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
const stateDir = mkdtempSync(join(tmpdir(), 'sfwp-race-'));
const { lines, stream } = logCapture();
const ROUNDS = 20;
const MAX_GAP_MS = 200;

let emulator: RunningEmulator;
let admin: Connection;
let connector: ConnectorHandle | undefined;
const wp = new WpapiWordPressClient({
  siteUrl: wordpress.url,
  username: wordpress.username,
  applicationPassword: wordpress.applicationPassword,
});
const person = personClient(wordpress, 'editor');

interface LogLine {
  msg?: string;
  field?: string;
  salesforceValue?: unknown;
  wordpressValue?: unknown;
  winner?: string;
  detail?: string;
}

function logSince(index: number): LogLine[] {
  return lines.slice(index).flatMap((line) => {
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

async function setPolicy(policy: 'NewestWins' | 'SalesforceWins'): Promise<void> {
  const store = emulator.org.store;
  const row = [...store.rows('WP_Object_Mapping__mdt')].find(
    (candidate) => candidate.DeveloperName === 'Contact_User',
  );
  if (!row) throw new Error('the package ships Contact_User');
  store.put('WP_Object_Mapping__mdt', { ...row, Conflict_Policy__c: policy });
  await connector?.reloadMappings();
}

async function linkedPair(tag: string): Promise<{ contactId: string; userId: number }> {
  const created = await admin
    .sobject('Contact')
    .create({ FirstName: 'Race', LastName: `${tag}-start`, Email: `${tag}@example.test` });
  if (!created.success) throw new Error('Contact not created');
  const contactId = created.id;
  const userId = await eventually(async () => {
    const record: Record<string, unknown> = await admin.sobject('Contact').retrieve(contactId);
    return record.WP_Id__c ? Number(record.WP_Id__c) : undefined;
  }, `the WordPress user of ${tag}`);
  return { contactId, userId };
}

/** Both sides' LastName once they agree and stay so past the next feed poll. */
async function settledValue(contactId: string, userId: number): Promise<string> {
  const read = async (): Promise<string | undefined> => {
    const record: Record<string, unknown> = await admin.sobject('Contact').retrieve(contactId);
    const user = await wp.get('user', userId);
    return record.LastName === user.last_name ? String(record.LastName) : undefined;
  };
  for (;;) {
    const agreed = await eventually(read, 'both sides holding the same LastName', 30_000);
    await delay(1_300);
    if ((await read()) === agreed) return agreed;
  }
}

interface Round {
  gapMs: number;
  final: 'salesforce' | 'wordpress';
  conflict: LogLine | undefined;
  remerged: boolean;
}

async function race(policy: 'NewestWins' | 'SalesforceWins'): Promise<Round[]> {
  await setPolicy(policy);
  const { contactId, userId } = await linkedPair(`race-${policy.toLowerCase()}`);
  const rounds: Round[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const gapMs = Math.round((MAX_GAP_MS * round) / (ROUNDS - 1));
    const salesforceValue = `Sf${round}-${policy}`;
    const wordpressValue = `Wp${round}-${policy}`;
    const from = lines.length;
    await admin.sobject('Contact').update({ Id: contactId, LastName: salesforceValue });
    await delay(gapMs);
    await person.update('user', userId, { last_name: wordpressValue });
    const final = await settledValue(contactId, userId);
    const log = logSince(from);
    const conflict = log.find(
      (line) =>
        line.msg === 'conflict resolved' &&
        line.field === 'LastName' &&
        line.wordpressValue === wordpressValue,
    );
    // The policy's winner on both sides, never a third value.
    expect([salesforceValue, wordpressValue], `round ${round} (gap ${gapMs} ms)`).toContain(final);
    if (final !== wordpressValue) {
      // The person's edit did not survive: only as the loser of a logged conflict.
      expect(conflict, `round ${round}: the person's edit vanished unrecorded`).toBeDefined();
      expect(conflict?.winner).toBe('salesforce');
    }
    if (conflict) {
      // A logged conflict was resolved the way both sides now agree.
      expect(final).toBe(conflict.winner === 'salesforce' ? salesforceValue : wordpressValue);
    }
    rounds.push({
      gapMs,
      final: final === wordpressValue ? 'wordpress' : 'salesforce',
      conflict,
      remerged: log.some((line) => (line.detail ?? '').includes('refused as stale')),
    });
  }
  return rounds;
}

function figures(policy: string, rounds: Round[]): string {
  const count = (test: (round: Round) => boolean): number => rounds.filter(test).length;
  return (
    `[race] ${policy}: ${rounds.length} rounds at 0–${MAX_GAP_MS} ms; WordPress value kept in ` +
    `${count((r) => r.final === 'wordpress')}, Salesforce value in ${count((r) => r.final === 'salesforce')}; ` +
    `conflicts logged ${count((r) => r.conflict !== undefined)}; writes refused as stale and merged again in ` +
    `${count((r) => r.remerged)}`
  );
}

beforeAll(async () => {
  const setting = await connectorSetting(wordpress, stateDir, 'jwt');
  ({ emulator, admin } = setting);
  connector = await startLoggedConnector(setting.config, stream);
});

afterAll(() => tearDownConnectorSetting(connector, emulator, stateDir));

describe("a Salesforce change racing a person's WordPress edit of the same field", () => {
  it("NewestWins: the later edit, the person's, ends on both sides in every round", async () => {
    const rounds = await race('NewestWins');
    console.log(figures('NewestWins', rounds));
    expect(rounds.every((round) => round.final === 'wordpress')).toBe(true);
  }, 300_000);

  it("SalesforceWins: Salesforce's value only over a logged conflict", async () => {
    const rounds = await race('SalesforceWins');
    console.log(figures('SalesforceWins', rounds));
    expect(rounds.filter((round) => round.final === 'salesforce').length).toBe(
      rounds.filter((round) => round.conflict?.winner === 'salesforce').length,
    );
  }, 300_000);
});
