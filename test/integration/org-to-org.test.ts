/**
 * Org → org (#21) between two org emulators, no WordPress: Lead A → B, Account A ⇄ B with
 * simultaneous edits, loops counted by each emulator, and a 1,000-record backfill with dry run
 * and resume. Each org's sync events go to its org → org processor straight from its event bus
 * (the multi-org runtime routes them from the org's Pub/Sub intake the same way).
 */
import { setTimeout as delay } from 'node:timers/promises';
import type { Connection } from 'jsforce';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyedScheduler } from '../../connector/src/engine/keyed-scheduler.js';
import { OutcomeReporter } from '../../connector/src/engine/outcome-reporter.js';
import { PauseGate } from '../../connector/src/engine/pause-gate.js';
import type { ObjectMapping } from '../../connector/src/mapping/types.js';
import type { SyncResult } from '../../connector/src/salesforce/result-publisher.js';
import { describeFieldNames } from '../../connector/src/salesforce/org-records.js';
import {
  createOrgToOrgProcessor,
  orgToOrgMappingProblems,
  runOrgToOrgBackfill,
  withoutRefused,
  type OrgEndpoint,
} from '../../connector/src/salesforce-to-salesforce/index.js';
import type { OrgToOrgProcessor } from '../../connector/src/salesforce-to-salesforce/processor.js';
import { SqliteStateStore } from '../../connector/src/store/index.js';
import { startEmulator, type RunningEmulator } from '../emulator/index.js';
import { connectAs } from './support/emulated-org.js';
import { eventually } from './support/eventually.js';

interface Org {
  name: string;
  emulator: RunningEmulator;
  admin: Connection;
  integration: Connection;
  integrationUserId: string;
  gate: PauseGate;
  results: SyncResult[];
  logs: Record<string, unknown>[];
  /** Records the sync (the integration user) wrote, by object. */
  syncWrites: Map<string, number>;
  processor?: OrgToOrgProcessor;
  inFlight: Set<Promise<void>>;
}

const store = new SqliteStateStore({ path: ':memory:' });
let a: Org;
let b: Org;

function mapping(name: string, object: string, target: string, twoWay: boolean): ObjectMapping {
  const fields = object === 'Lead' ? ['LastName', 'Company', 'Email'] : ['Name', 'Phone'];
  return {
    name,
    salesforceObject: object,
    wordpressType: '',
    direction: twoWay ? 'Bidirectional' : 'SalesforceToWordPress',
    active: true,
    externalIdField: 'WP_Source_Record_Id__c',
    conflictPolicy: 'NewestWins',
    deletePolicy: 'Delete',
    targetOrg: target,
    fields: fields.map((field) => ({
      name: `${name}_${field}`,
      salesforceField: field,
      wordpressField: '',
      direction: 'Bidirectional' as const,
      transform: 'None',
      required: false,
    })),
  };
}

/** The admin deploys the mapping as custom metadata, so the org's trigger publishes for it. */
function deploy(org: Org, m: ObjectMapping): void {
  const { schema, store: records, ids } = org.emulator.org;
  const prefix = (type: string) => schema.getObject(type)?.keyPrefix ?? 'm00';
  records.put('WP_Object_Mapping__mdt', {
    Id: ids.next(prefix('WP_Object_Mapping__mdt')),
    DeveloperName: m.name,
    QualifiedApiName: m.name,
    Salesforce_Object__c: m.salesforceObject,
    WordPress_Type__c: null,
    Direction__c: m.direction,
    Active__c: true,
    External_Id_Field__c: m.externalIdField,
    Conflict_Policy__c: m.conflictPolicy,
    Delete_Policy__c: m.deletePolicy,
    Target_Org__c: m.targetOrg,
  });
  for (const field of m.fields)
    records.put('WP_Field_Mapping__mdt', {
      Id: ids.next(prefix('WP_Field_Mapping__mdt')),
      DeveloperName: field.name,
      QualifiedApiName: field.name,
      Object_Mapping__c: m.name,
      Salesforce_Field__c: field.salesforceField,
      Direction__c: field.direction,
    });
}

async function startOrg(name: string, idsFrom?: string): Promise<Org> {
  const emulator = await startEmulator({ pubSub: false, dailyApiLimit: 1_000_000 });
  // Record ids of the two orgs must differ, as real orgs' do.
  if (idsFrom) emulator.org.ids.advancePast(idsFrom);
  const integration = await connectAs(emulator, 'integration');
  const integrationUserId = integration.userInfo?.id ?? '';
  const logs: Record<string, unknown>[] = [];
  const org: Org = {
    name,
    emulator,
    admin: await connectAs(emulator, 'admin'),
    integration,
    integrationUserId,
    gate: new PauseGate(),
    results: [],
    logs,
    syncWrites: new Map(),
    inFlight: new Set(),
  };
  emulator.org.store.onCommit((changes) => {
    for (const change of changes)
      if (change.session.userId === integrationUserId)
        org.syncWrites.set(change.objectName, (org.syncWrites.get(change.objectName) ?? 0) + 1);
  });
  emulator.bus.onPublish((event) => {
    // The intake's routing: this org's org → org mappings only (the shipped WordPress
    // mappings' events go to the WordPress pipeline).
    const mappingName = String(event.payload.Mapping__c);
    if (!event.topic.endsWith('WP_Sync_Event__e') || !org.processor?.handles(mappingName)) return;
    const done = org.processor.process(event.payload, event.eventUuid);
    org.inFlight.add(done);
    void done.finally(() => org.inFlight.delete(done));
  });
  return org;
}

function wire(org: Org, other: Org, mappings: ObjectMapping[]): void {
  const endpoint = (o: Org): OrgEndpoint => ({
    name: o.name,
    connection: o.integration,
    integrationUserId: o.integrationUserId,
  });
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => void org.logs.push(JSON.parse(line) as Record<string, unknown>) },
  );
  org.processor = createOrgToOrgProcessor({
    source: endpoint(org),
    targets: new Map([[other.name, endpoint(other)]]),
    mappings,
    reporter: new OutcomeReporter({
      store,
      results: { add: (result) => void org.results.push(result) },
      logger,
    }),
    scheduler: new KeyedScheduler(32),
    gate: org.gate,
    logger,
  });
}

async function settled(...orgs: Org[]): Promise<void> {
  for (;;) {
    const pending = orgs.flatMap((org) => [...org.inFlight]);
    if (pending.length === 0) return;
    await Promise.all(pending);
  }
}

async function copyIn(org: Org, object: string, sourceId: string, fields: string) {
  const rows = await org.admin.query<Record<string, unknown>>(
    `SELECT Id, ${fields} FROM ${object} WHERE WP_Source_Record_Id__c = '${sourceId}'`,
  );
  return rows.records[0];
}

const leadToB = mapping('Lead_To_B', 'Lead', 'B', false);
const accountToB = mapping('Account_To_B', 'Account', 'B', true);
const accountToA = mapping('Account_To_A', 'Account', 'A', true);

beforeAll(async () => {
  a = await startOrg('A');
  b = await startOrg('B', '0015g0000100000');
  deploy(a, leadToB);
  deploy(a, accountToB);
  deploy(b, accountToA);
  wire(a, b, [leadToB, accountToB]);
  wire(b, a, [accountToA]);
});

afterAll(async () => {
  await settled(a, b);
  await a.emulator.stop();
  await b.emulator.stop();
  store.close();
});

describe('org → org', () => {
  it('sends a Lead created, updated and deleted in org A to org B', async () => {
    const created = await a.admin
      .sobject('Lead')
      .create({ LastName: 'Lovelace', Company: 'Engines' });
    const id = (created as { id: string }).id;
    const copy = await eventually(
      () => copyIn(b, 'Lead', id, 'LastName, Company'),
      'the copy in B',
    );
    expect([copy.LastName, copy.Company]).toEqual(['Lovelace', 'Engines']);
    await a.admin.sobject('Lead').update({ Id: id, Company: 'Analytical Engines' });
    await eventually(
      async () =>
        (await copyIn(b, 'Lead', id, 'Company'))?.Company === 'Analytical Engines'
          ? true
          : undefined,
      'the update in B',
    );
    await a.admin.sobject('Lead').destroy(id);
    await eventually(
      async () => ((await copyIn(b, 'Lead', id, 'Id')) ? undefined : true),
      'the delete in B',
    );
    expect(a.results.filter((r) => r.recordId === id).map((r) => r.status)).toEqual([
      'Success',
      'Success',
      'Success',
    ]);
  });

  it('ends simultaneous edits of an Account on both sides equal, newest first, and logs the conflict', async () => {
    const created = await a.admin.sobject('Account').create({ Name: 'Initech', Phone: '100' });
    const id = (created as { id: string }).id;
    const copy = await eventually(() => copyIn(b, 'Account', id, 'Name'), 'the Account in B');
    await settled(a, b);
    a.gate.pause();
    b.gate.pause();
    await a.admin.sobject('Account').update({ Id: id, Name: 'Initech (A)' });
    await delay(20);
    await b.admin
      .sobject('Account')
      .update({ Id: String(copy.Id), Name: 'Initech (B)', Phone: '200' });
    a.gate.resume();
    b.gate.resume();
    await delay(100);
    await settled(a, b);
    const inA = await a.admin.sobject('Account').retrieve(id);
    const inB = await b.admin.sobject('Account').retrieve(String(copy.Id));
    expect([inA.Name, inA.Phone, inB.Name, inB.Phone]).toEqual([
      'Initech (B)',
      '200',
      'Initech (B)',
      '200',
    ]);
    expect(a.results.filter((r) => r.recordId === id).at(-1)).toMatchObject({ status: 'Conflict' });
    expect(
      a.logs.filter((line) => line.msg === 'conflict resolved' && line.salesforceId === id),
    ).toEqual([
      expect.objectContaining({
        field: 'Name',
        salesforceValue: 'Initech (A)',
        wordpressValue: 'Initech (B)',
        policy: 'NewestWins',
      }),
    ]);
    expect(b.results.filter((r) => r.recordId === copy.Id).at(-1)).toMatchObject({
      status: 'Success',
    });
  });

  it('writes one edit exactly once to its destination and never back, counted by each org over 10 s', async () => {
    const created = await a.admin.sobject('Account').create({ Name: 'Globex', Phone: '1' });
    const id = (created as { id: string }).id;
    const copy = await eventually(() => copyIn(b, 'Account', id, 'Name'), 'the Account in B');
    await settled(a, b);
    for (const org of [a, b]) org.syncWrites.clear();
    await b.admin.sobject('Account').update({ Id: String(copy.Id), Phone: '2' });
    await delay(10_000);
    expect({ toA: a.syncWrites.get('Account'), toB: b.syncWrites.get('Account') ?? 0 }).toEqual({
      toA: 1,
      toB: 0,
    });
    expect((await a.admin.sobject('Account').retrieve(id)).Phone).toBe('2');
    // Sync events: A's create and B's edit only; neither sync write published one.
    const syncEvents = (org: Org, recordId: string) =>
      org.emulator.bus
        .read('/event/WP_Sync_Event__e', undefined, 100_000)
        .filter(
          (e) =>
            e.payload.Record_Id__c === recordId &&
            String(e.payload.Mapping__c).startsWith('Account_To_'),
        )
        .map((event) => event.payload.Operation__c);
    expect([syncEvents(a, id), syncEvents(b, String(copy.Id))]).toEqual([['CREATE'], ['UPDATE']]);
  }, 30_000);

  it('refuses bad org → org mappings at load with clear reasons, and loads the others', async () => {
    const opportunity = {
      ...mapping('Campaign_To_B', 'Lead', 'B', false),
      salesforceObject: 'Campaign',
    };
    const toC = { ...mapping('Lead_To_C', 'Lead', 'C', false) };
    const oneWayBack = mapping('Lead_To_A', 'Lead', 'A', false);
    const byOrg = new Map([
      ['A', [leadToB, accountToB, opportunity, toC]],
      ['B', [accountToA, oneWayBack]],
    ]);
    const described = new Map<string, Set<string>>();
    for (const [org, object] of [
      ['B', 'Lead'],
      ['B', 'Campaign'],
      ['A', 'Account'],
      ['A', 'Lead'],
    ] as const)
      described.set(
        `${org}:${object}`,
        await describeFieldNames((org === 'A' ? a : b).integration, object),
      );
    const problems = orgToOrgMappingProblems(byOrg, ['A', 'B'], (org, object) =>
      described.get(`${org}:${object}`),
    );
    expect(problems.map((p) => `${p.org} ${p.mapping}: ${p.message}`)).toEqual([
      'A Lead_To_B: Lead goes A → B and B → A (Lead_To_A), a loop without two-way semantics: both mappings must be Bidirectional',
      "A Campaign_To_B: Campaign in org B has no field WP_Source_Record_Id__c (the package's External ID the target holds the source Id in)",
      "A Lead_To_C: Target_Org__c 'C' is not a configured org (configured: A, B)",
      'B Lead_To_A: Lead goes B → A and A → B (Lead_To_B), a loop without two-way semantics: both mappings must be Bidirectional',
    ]);
    expect(withoutRefused('A', byOrg.get('A') ?? [], problems).map((m) => m.name)).toEqual([
      'Account_To_B',
    ]);
  });

  it('backfills 1,000 Leads: a dry run writes nothing, an interrupted run resumes, nothing is duplicated', async () => {
    const leads = Array.from({ length: 1_000 }, (_, n) => ({
      LastName: `Backfill ${n}`,
      Company: 'Umbrella',
    }));
    // Created by A's integration user: no sync events, only the backfill moves them.
    for (let start = 0; start < leads.length; start += 200)
      await a.integration.sobject('Lead').create(leads.slice(start, start + 200));
    const request = {
      source: { name: 'A', connection: a.integration, integrationUserId: a.integrationUserId },
      targets: new Map([
        ['B', { name: 'B', connection: b.integration, integrationUserId: b.integrationUserId }],
      ]),
      mapping: leadToB,
      processor: a.processor as OrgToOrgProcessor,
      store,
      logger: pino({ level: 'silent' }),
      pageSize: 200,
    };
    const dry = await runOrgToOrgBackfill({ ...request, dryRun: true });
    expect([dry.progress.total, dry.progress.created, dry.changes.length]).toEqual([
      1_000, 1_000, 1_000,
    ]);
    const before = (await b.admin.query('SELECT COUNT() FROM Lead')).totalSize;
    expect(before).toBe(0);
    let pages = 0;
    await expect(
      runOrgToOrgBackfill({
        ...request,
        onProgress: () => {
          if (++pages === 2) throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    expect((await b.admin.query('SELECT COUNT() FROM Lead')).totalSize).toBe(400);
    const progress: number[] = [];
    const resumed = await runOrgToOrgBackfill({
      ...request,
      onProgress: (p) => void progress.push(p.done),
    });
    expect(progress).toEqual([200, 400, 600]);
    expect([resumed.progress.created, resumed.progress.failed]).toEqual([600, 0]);
    const copies = await b.admin.query<{ WP_Source_Record_Id__c: string }>(
      'SELECT WP_Source_Record_Id__c FROM Lead',
      { autoFetch: true, maxFetch: 10_000 },
    );
    const sources = (
      await a.admin.query<{ Id: string }>("SELECT Id FROM Lead WHERE Company = 'Umbrella'", {
        autoFetch: true,
        maxFetch: 10_000,
      })
    ).records.map((r) => r.Id);
    expect(copies.records.map((r) => r.WP_Source_Record_Id__c).sort()).toEqual(sources.sort());
    const again = await runOrgToOrgBackfill({ ...request, dryRun: true });
    expect([again.progress.created, again.progress.unchanged]).toEqual([0, 1_000]);
  }, 120_000);
});
