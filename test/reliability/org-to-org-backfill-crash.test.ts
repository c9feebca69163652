/**
 * Issue #21, kill -9 during an org → org backfill: two org emulators (A and B) with an `orgs:`
 * config of both, 1,000 Leads in A and A's one-way `Lead_To_B` mapping in A's custom metadata.
 * The real CLI (`sfwp sync --full --org A --mapping Lead_To_B`) is SIGKILLed once B holds some
 * of the Leads, then the same command is run again to the end: B holds exactly one copy of each
 * of A's Leads (WP_Source_Record_Id__c = A's Id), none missing, none twice.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { RunningEmulator } from '../emulator/index.js';
import { connectAs } from '../integration/support/emulated-org.js';
import { startTwoOrgs, twoOrgsConfig, type TestOrg } from '../integration/support/two-orgs.js';
import { runCli, syncSummary, type CliExit } from './support/cli-child.js';
import { report } from './support/scale.js';

const wordpress = inject('wordpress');
const stateDir = mkdtempSync(join(tmpdir(), 'sfwp-reliability-org-backfill-'));
const LEADS = 1_000;
/**
 * The kill is sent once B holds at least this many copies: B then holds 400 to 600 (its upserts
 * are 200 a call, one after another).
 */
const KILL_AT = 400;
/** Added to each of B's responses so the backfill's writes are spread over seconds. */
const B_LATENCY_MS = 150;
const MAPPING = 'Lead_To_B';
const SYNC = ['sync', '--full', '--org', 'A', '--mapping', MAPPING];

let a: TestOrg;
let b: TestOrg;
let env: NodeJS.ProcessEnv;

/** A's one-way Lead → B mapping, deployed as custom metadata in A as its admin would. */
function deployLeadToB(emulator: RunningEmulator): void {
  const { schema, store, ids } = emulator.org;
  const prefix = (type: string) => schema.getObject(type)?.keyPrefix ?? 'm00';
  const mappingId = ids.next(prefix('WP_Object_Mapping__mdt'));
  store.put('WP_Object_Mapping__mdt', {
    Id: mappingId,
    DeveloperName: MAPPING,
    QualifiedApiName: MAPPING,
    Salesforce_Object__c: 'Lead',
    WordPress_Type__c: null,
    Direction__c: 'SalesforceToWordPress',
    Active__c: true,
    External_Id_Field__c: 'WP_Source_Record_Id__c',
    Conflict_Policy__c: 'NewestWins',
    Delete_Policy__c: 'Delete',
    Target_Org__c: 'B',
  });
  for (const field of ['LastName', 'Company', 'Email'])
    store.put('WP_Field_Mapping__mdt', {
      Id: ids.next(prefix('WP_Field_Mapping__mdt')),
      DeveloperName: `${MAPPING}_${field}`,
      QualifiedApiName: `${MAPPING}_${field}`,
      // A metadata relationship holds the parent record's Id (Object_Mapping__r.DeveloperName).
      Object_Mapping__c: mappingId,
      Salesforce_Field__c: field,
      // Required on the metadata type (its <required>true</required>); an org → org mapping ignores it.
      WordPress_Field__c: field,
      Direction__c: 'Bidirectional',
    });
}

/** B's Leads' WP_Source_Record_Id__c values, read from B's store. */
function sourceIdsInB(): string[] {
  return [...b.emulator.org.store.rows('Lead')].map((row) => String(row.WP_Source_Record_Id__c));
}

/** Waits until B's Lead count has not moved for `quietMs` (writes received before a kill land). */
async function settledLeadCount(quietMs = 1_000): Promise<number> {
  let last = -1;
  for (;;) {
    const now = b.emulator.org.store.count('Lead');
    if (now === last) return now;
    last = now;
    await delay(quietMs);
  }
}

function describeRun(run: CliExit): string {
  return `exit ${String(run.code)} / ${String(run.signal)}:\n${run.output.slice(-4_000)}`;
}

beforeAll(async () => {
  [a, b] = await startTwoOrgs();
  deployLeadToB(a.emulator);
  // Created by A's integration user: its writes publish no sync event, only the backfill moves them.
  const integration = await connectAs(a.emulator, 'integration');
  for (let start = 0; start < LEADS; start += 200)
    await integration.sobject('Lead').create(
      Array.from({ length: Math.min(200, LEADS - start) }, (_, n) => ({
        LastName: `Crash ${start + n}`,
        Company: 'Umbrella',
        Email: `lead${start + n}@crash.test`,
      })),
    );
  const sharedSecret = randomBytes(32).toString('hex');
  const config = twoOrgsConfig(a, b, wordpress, stateDir, sharedSecret);
  env = {
    ...process.env,
    WP_URL: wordpress.url,
    WP_USERNAME: wordpress.username,
    WP_APP_PASSWORD: wordpress.applicationPassword,
    WP_SHARED_SECRET: sharedSecret,
    SFWP_STORE_PATH: config.store.path,
    SFWP_LOG_LEVEL: 'info',
  };
}, 120_000);

afterAll(async () => {
  await a.emulator.stop();
  await b.emulator.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('org → org backfill, kill -9 and resume (#21)', () => {
  it('ends with exactly one copy in B of each of A Leads after a SIGKILL mid-backfill and a rerun', async () => {
    const sources = (
      await a.admin.query<{ Id: string }>('SELECT Id FROM Lead', {
        autoFetch: true,
        maxFetch: 10_000,
      })
    ).records.map((record) => record.Id);
    expect(sources).toHaveLength(LEADS);
    expect(b.emulator.org.store.count('Lead')).toBe(0);

    b.emulator.faults.setLatency(B_LATENCY_MS);
    const first = runCli(SYNC, { cwd: stateDir, env });
    // B's store is polled at every commit, so the kill lands right after the threshold write.
    b.emulator.org.store.onCommit(() => {
      if (b.emulator.org.store.count('Lead') >= KILL_AT) first.kill();
    });
    const killed = await first.exited;
    expect(killed.signal, describeRun(killed)).toBe('SIGKILL');
    const beforeKill = await settledLeadCount();
    b.emulator.faults.setLatency(0);
    expect(beforeKill).toBeGreaterThanOrEqual(KILL_AT);
    expect(beforeKill).toBeLessThan(LEADS);

    const resumed = await runCli(SYNC, { cwd: stateDir, env }).exited;
    expect(resumed.code, describeRun(resumed)).toBe(0);
    const summary = syncSummary(resumed.output);
    report(
      'org → org backfill crash',
      `${beforeKill} of ${LEADS} Leads in B before the kill; the rerun wrote ` +
        `${String((summary?.created ?? 0) + (summary?.updated ?? 0))} ` +
        `(created ${String(summary?.created)}, updated ${String(summary?.updated)}, ` +
        `unchanged ${String(summary?.unchanged)}, failed ${String(summary?.failed)})`,
    );
    // Every Lead B did not hold is created by the rerun; those it held are upserted in place.
    expect(summary).toEqual({
      created: LEADS - beforeKill,
      updated: beforeKill,
      unchanged: 0,
      failed: 0,
    });
    const copies = sourceIdsInB();
    expect(copies).toHaveLength(LEADS);
    expect(new Set(copies).size).toBe(LEADS);
    expect([...copies].sort()).toEqual([...sources].sort());
  }, 240_000);
});
