/**
 * The bench's `org-to-org` part (issue 21): records created in org A reach org B through the
 * org → org pipeline (connector/src/salesforce-to-salesforce), one way (Lead A → B) and two way
 * (Account A ⇄ B, which reads the targets before writing). Two org emulators; A's sync events
 * are fed to the processor as the org's Pub/Sub intake feeds them, at most the connector's
 * default `maxInFlightEvents` (400) unanswered, with its default `recordConcurrency` (200), and
 * two way again with the largest flow (1,000), where one target read covers 1,000 records.
 * Measured: API calls in the target org per 1,000 records (goal ≤ 6) and records per second.
 *
 *   npx tsx bench/org-to-org.ts [--count 2000]
 */
import { parseArgs } from 'node:util';
import type { Connection } from 'jsforce';
import pino from 'pino';
import { KeyedScheduler } from '../connector/src/engine/keyed-scheduler.js';
import { OutcomeReporter } from '../connector/src/engine/outcome-reporter.js';
import { PauseGate } from '../connector/src/engine/pause-gate.js';
import type { ObjectMapping } from '../connector/src/mapping/types.js';
import {
  createOrgToOrgProcessor,
  type OrgToOrgProcessor,
} from '../connector/src/salesforce-to-salesforce/index.js';
import { SqliteStateStore } from '../connector/src/store/index.js';
import { startEmulator, type RunningEmulator } from '../test/emulator/index.js';
import { connectAs } from '../test/integration/support/emulated-org.js';
import { per1000, round } from './stats.js';

/** The connector's defaults (config/schema.ts): events unanswered, records worked at once. */
const MAX_IN_FLIGHT = 400;
const RECORD_CONCURRENCY = 200;
const TOPIC = '/event/WP_Sync_Event__e';

export interface OrgToOrgLegResult {
  mapping: string;
  maxInFlightEvents: number;
  recordConcurrency: number;
  records: number;
  seconds: number;
  recordsPerSecond: number;
  targetApiCalls: number;
  targetApiCallsPer1000: number;
  copiesInTarget: number;
}

export interface OrgToOrgBenchResult {
  oneWay: OrgToOrgLegResult;
  twoWay: OrgToOrgLegResult;
  /** Two way with the intake's largest flow (1,000 events), where one read covers 1,000. */
  twoWayWideFlow: OrgToOrgLegResult;
}

function mappingOf(object: 'Lead' | 'Account', twoWay: boolean): ObjectMapping {
  const name = `${object}_To_B`;
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
    targetOrg: 'B',
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

/** The mapping as custom metadata in org A, so A's trigger publishes for it. */
function deploy(emulator: RunningEmulator, m: ObjectMapping): void {
  const { schema, store, ids } = emulator.org;
  const prefix = (type: string) => schema.getObject(type)?.keyPrefix ?? 'm00';
  store.put('WP_Object_Mapping__mdt', {
    Id: ids.next(prefix('WP_Object_Mapping__mdt')),
    DeveloperName: m.name,
    QualifiedApiName: m.name,
    Salesforce_Object__c: m.salesforceObject,
    Direction__c: m.direction,
    Active__c: true,
    External_Id_Field__c: m.externalIdField,
    Delete_Policy__c: m.deletePolicy,
    Conflict_Policy__c: m.conflictPolicy,
    Target_Org__c: m.targetOrg,
  });
  for (const field of m.fields)
    store.put('WP_Field_Mapping__mdt', {
      Id: ids.next(prefix('WP_Field_Mapping__mdt')),
      DeveloperName: field.name,
      QualifiedApiName: field.name,
      Object_Mapping__c: m.name,
      Salesforce_Field__c: field.salesforceField,
      Direction__c: field.direction,
    });
}

function recordsOf(object: 'Lead' | 'Account', count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, n) =>
    object === 'Lead'
      ? { LastName: `Bench ${n}`, Company: 'Org Pair', Email: `lead${n}@bench.test` }
      : { Name: `Bench ${n}`, Phone: String(n) },
  );
}

/** Feeds A's sync events to the processor, keeping at most `maxInFlight` unanswered. */
async function feed(
  emulator: RunningEmulator,
  processor: OrgToOrgProcessor,
  maxInFlight: number,
): Promise<void> {
  // The intake's routing: events of this org's org → org mappings only.
  const events = emulator.bus
    .read(TOPIC, undefined, 1_000_000)
    .filter((event) => processor.handles(String(event.payload.Mapping__c)));
  const running = new Set<Promise<void>>();
  for (const event of events) {
    while (running.size >= maxInFlight) await Promise.race(running);
    const done = processor
      .process(event.payload, event.eventUuid)
      .finally(() => running.delete(done));
    running.add(done);
  }
  await Promise.all(running);
}

interface Flow {
  maxInFlight: number;
  concurrency: number;
}

async function measureLeg(
  object: 'Lead' | 'Account',
  count: number,
  flow: Flow,
): Promise<OrgToOrgLegResult> {
  const a = await startEmulator({ pubSub: false, dailyApiLimit: 1_000_000 });
  const b = await startEmulator({ pubSub: false, dailyApiLimit: 1_000_000 });
  const store = new SqliteStateStore({ path: ':memory:' });
  try {
    b.org.ids.advancePast('0015g0000100000');
    const mapping = mappingOf(object, object === 'Account');
    deploy(a, mapping);
    const admin: Connection = await connectAs(a, 'admin');
    const records = recordsOf(object, count);
    for (let start = 0; start < records.length; start += 200)
      await admin.sobject(object).create(records.slice(start, start + 200));
    const target = await connectAs(b, 'integration');
    const logger = pino({ level: 'warn' });
    const processor = createOrgToOrgProcessor({
      source: { name: 'A' },
      targets: new Map([
        ['B', { name: 'B', connection: target, integrationUserId: target.userInfo?.id ?? '' }],
      ]),
      mappings: [mapping],
      reporter: new OutcomeReporter({ store, results: { add: () => undefined }, logger }),
      scheduler: new KeyedScheduler(flow.concurrency),
      gate: new PauseGate(),
      logger,
    });
    const before = b.usage.usedCalls;
    const started = performance.now();
    await feed(a, processor, flow.maxInFlight);
    const seconds = (performance.now() - started) / 1000;
    const calls = b.usage.usedCalls - before;
    const copies = b.org.query(`SELECT Id FROM ${object} WHERE WP_Source_Record_Id__c != null`);
    return {
      mapping: `${object} A ${object === 'Account' ? '⇄' : '→'} B`,
      maxInFlightEvents: flow.maxInFlight,
      recordConcurrency: flow.concurrency,
      records: count,
      seconds: round(seconds, 2),
      recordsPerSecond: Math.round(count / seconds),
      targetApiCalls: calls,
      targetApiCallsPer1000: per1000(calls, count),
      copiesInTarget: copies.records.length,
    };
  } finally {
    store.close();
    await a.stop();
    await b.stop();
  }
}

export async function measureOrgToOrg(
  count: number,
  log: (line: string) => void,
): Promise<OrgToOrgBenchResult> {
  const defaults = { maxInFlight: MAX_IN_FLIGHT, concurrency: RECORD_CONCURRENCY };
  const report = (leg: OrgToOrgLegResult): OrgToOrgLegResult => {
    log(
      `  ${leg.mapping} (${leg.maxInFlightEvents} in flight): ${leg.targetApiCallsPer1000} calls/1,000 in B, ${leg.recordsPerSecond} records/s (${leg.copiesInTarget} copies)`,
    );
    return leg;
  };
  return {
    oneWay: report(await measureLeg('Lead', count, defaults)),
    twoWay: report(await measureLeg('Account', count, defaults)),
    twoWayWideFlow: report(
      await measureLeg('Account', count, { maxInFlight: 1_000, concurrency: 1_000 }),
    ),
  };
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) {
  const { values } = parseArgs({ options: { count: { type: 'string', default: '2000' } } });
  const result = await measureOrgToOrg(Number(values.count), console.log);
  console.log(JSON.stringify(result, null, 2));
}
