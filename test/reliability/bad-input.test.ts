import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventually } from '../integration/support/eventually.js';
import { resetWordPress } from '../wordpress/reset.js';
import { CATALOGUE, type CatalogueEntry } from './bad-input/catalogue.js';
import { Probes, startHarness, type Harness } from './bad-input/harness.js';
import { reliabilityScale, report } from './support/scale.js';

/**
 * Issue #8's bad input catalogue against one org emulator, one in-process connector and the
 * run's real WordPress. Rows that cannot disturb each other run at once; rows that pause intake,
 * skew the org's clock or load both sides run alone afterwards. Each row checks its outcome,
 * that nothing is lost, and that a canary record changed alongside syncs.
 */
const wordpress = inject('wordpress');
let harness: Harness | undefined;
let probes: Probes;

interface RowResult {
  entry: CatalogueEntry;
  held: boolean;
  happened: string;
  seconds: number;
}
const results: RowResult[] = [];

async function runRow(entry: CatalogueEntry): Promise<void> {
  const started = Date.now();
  try {
    const happened = await entry.run(probes);
    results.push({ entry, held: true, happened, seconds: (Date.now() - started) / 1000 });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    results.push({ entry, held: false, happened: message, seconds: (Date.now() - started) / 1000 });
  }
}

/** Runs rows with at most `limit` at once. */
async function runPool(entries: readonly CatalogueEntry[], limit: number): Promise<void> {
  const queue = [...entries];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let entry = queue.shift(); entry; entry = queue.shift()) await runRow(entry);
    }),
  );
}

function failuresOf(phase: CatalogueEntry['phase']): string[] {
  return results
    .filter((result) => result.entry.phase === phase && !result.held)
    .map(
      (result) =>
        `${result.entry.id} ${result.entry.kind} (${result.entry.direction}): ${result.happened}`,
    );
}

beforeAll(async () => {
  await resetWordPress(wordpress);
  harness = await startHarness(wordpress);
  probes = new Probes(harness);
});

afterAll(async () => {
  for (const result of [...results].sort((a, b) => a.entry.id.localeCompare(b.entry.id))) {
    report(
      'bad input',
      `${result.entry.id} | ${result.entry.kind} | ${result.entry.direction} | ${result.entry.expected} | ${result.held ? 'held' : 'FAILED'} (${result.seconds.toFixed(1)} s): ${result.happened}`,
    );
  }
  for (const figure of probes.figures) report('bad input', figure);
  if (harness) {
    const status = harness.connector.status();
    report(
      'bad input',
      `connector at the end: ${JSON.stringify({ intake: status.intake, changeFeed: status.changeFeed, deadLetters: status.deadLetters })}`,
    );
  }
  await harness?.stop();
});

describe('bad input catalogue (issue #8)', () => {
  it('has at least 25 kinds, covering every kind the issue names, both directions', () => {
    const kinds = new Set(CATALOGUE.map((entry) => entry.kind));
    expect(kinds.size).toBeGreaterThanOrEqual(25);
    expect(new Set(CATALOGUE.map((entry) => entry.id)).size).toBe(CATALOGUE.length);
    const named = [
      /malformed event payload/i,
      /unknown mapping/i,
      /field missing/i,
      /wrong value types/i,
      /invalid email/i,
      /1 MB text/i,
      /HTML with script tags/i,
      /SOQL metacharacters/i,
      /unicode and emoji/i,
      /empty required field/i,
      /duplicate external id/i,
      /deleted in (WordPress|Salesforce) while edited/i,
      /huge batch/i,
      /out-of-order/i,
      /mapping edited while events are in flight/i,
      /clock skew/i,
    ];
    for (const pattern of named) {
      expect(
        CATALOGUE.some((entry) => pattern.test(entry.kind)),
        String(pattern),
      ).toBe(true);
    }
    for (const direction of ['SF→WP', 'WP→SF'] as const) {
      expect(CATALOGUE.filter((entry) => entry.direction === direction).length).toBeGreaterThan(5);
    }
  });

  it('rows that can run together: each ends in a clear error or an exact round trip, nothing lost, canary fine', async () => {
    await runPool(
      CATALOGUE.filter((entry) => entry.phase === 'concurrent'),
      12,
    );
    expect(failuresOf('concurrent')).toEqual([]);
  }, 240_000);

  it('loses no sync event: every WP_Sync_Event__e on the bus got a result in WP_Sync_Log__c', async () => {
    const h = harness;
    if (!h) throw new Error('no harness');
    const published = h.syncEvents.map((event, index) => ({
      index,
      replayId: String(Number(event.replayId.readBigUInt64BE())),
      recordId: String(event.payload.Record_Id__c),
    }));
    const deadline = Date.now() + 20_000;
    const missing = await eventually(
      async () => {
        const logged = new Set(
          (
            await h.admin.query<{ Source_Event__c: string | null }>(
              "SELECT Source_Event__c FROM WP_Sync_Log__c WHERE Direction__c = 'SalesforceToWordPress'",
              { autoFetch: true, maxFetch: 1_000_000 },
            )
          ).records.map((row) => row.Source_Event__c),
        );
        const left = published.filter((event) => !logged.has(event.replayId));
        return left.length === 0 || Date.now() > deadline ? left : undefined;
      },
      'results for every sync event',
      30_000,
      1000,
    );
    report(
      'bad input',
      `sync events on the bus: ${published.length}; without a result: ${missing.length}${
        missing.length > 0
          ? ` (${missing
              .slice(0, 10)
              .map((event) => `#${event.index} ${event.replayId}/${event.recordId}`)
              .join(', ')})`
          : ''
      }`,
    );
    expect(missing).toEqual([]);
  }, 60_000);

  it(
    'rows that run alone (paused intake, skewed clock, huge batches)',
    async () => {
      for (const entry of CATALOGUE.filter((candidate) => candidate.phase === 'serial')) {
        await runRow(entry);
      }
      expect(failuresOf('serial')).toEqual([]);
      // The long form's 10,000-record DML alone takes about 10 minutes: WordPress 6.1 cannot batch
      // user writes.
    },
    reliabilityScale().form === 'long' ? 2_400_000 : 600_000,
  );
});
