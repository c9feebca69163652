import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { RecordResult, SalesforceRecord } from '../../src/salesforce/record-gateway.js';
import { SqliteStateStore } from '../../src/store/sqlite-state-store.js';
import { applyToSalesforce } from '../../src/wordpress-to-salesforce/apply.js';
import type { SalesforceOutcome } from '../../src/wordpress-to-salesforce/apply.js';
import {
  collectChanges,
  latestPerObject,
  readsChange,
} from '../../src/wordpress-to-salesforce/collect-window.js';
import { WordPressIntake } from '../../src/wordpress-to-salesforce/intake.js';
import type {
  ChangePage,
  CompanionPlugin,
  WordPressChange,
  WordPressUser,
} from '../../src/wordpress/index.js';
import { quietSalesforce, quietWordPress } from '../support/quiet-gateways.js';
import { mapping, user } from './contact-mapping.js';

let nextCursor = 0;
function row(
  id: number,
  origin: WordPressChange['origin'],
  extra: Partial<WordPressChange> = {},
): WordPressChange {
  nextCursor++;
  return {
    cursor: nextCursor,
    type: 'user',
    id,
    operation: 'update',
    origin,
    time: '2026-12-07T10:00:00.000000Z',
    ...extra,
  };
}

const person = row(1, 'wordpress');
const fromSales = row(2, 'connector', { sourceOrg: 'sales' });
const fromService = row(3, 'connector', { sourceOrg: 'service' });
const unnamed = row(4, 'connector');
const blank = row(5, 'connector', { sourceOrg: '' });

describe('readsChange', () => {
  it('with one org: people’s changes only, whatever a connector row names', () => {
    expect(
      [person, fromSales, fromService, unnamed, blank].map((change) =>
        readsChange(change, undefined),
      ),
    ).toEqual([true, false, false, false, false]);
  });

  it('with several orgs: people’s changes and the connector’s writes for the other orgs', () => {
    const rows = [person, fromSales, fromService, unnamed, blank];
    expect(rows.map((change) => readsChange(change, 'service'))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect(rows.map((change) => readsChange(change, 'sales'))).toEqual([
      true,
      false,
      true,
      false,
      false,
    ]);
  });
});

describe('latestPerObject with several orgs', () => {
  it('keeps another org’s write of an object, skips this org’s own', () => {
    const changes = [
      row(20, 'connector', { sourceOrg: 'sales', operation: 'create' }),
      row(20, 'connector', { sourceOrg: 'service' }),
      row(21, 'connector', { sourceOrg: 'service' }),
    ];
    const forService = [...latestPerObject(changes, 'service').values()];
    expect(forService.map((c) => [c.id, c.operation, c.sourceOrg])).toEqual([
      [20, 'create', 'sales'],
    ]);
    const forSales = [...latestPerObject(changes, 'sales').values()];
    expect(forSales.map((c) => [c.id, c.operation, c.sourceOrg])).toEqual([
      [20, 'update', 'service'],
      [21, 'update', 'service'],
    ]);
    expect([...latestPerObject(changes).values()]).toEqual([]);
  });

  it('never makes another org’s write a manual (whole) write: it is compared like any edit', () => {
    const changes = [row(30, 'connector', { sourceOrg: 'sales', manual: true })];
    expect(latestPerObject(changes, 'service').get('user:30')?.manual).toBeUndefined();
    const person = [row(31, 'wordpress', { manual: true })];
    expect(latestPerObject(person, 'service').get('user:31')?.manual).toBe(true);
  });
});

describe('collectChanges with several orgs', () => {
  const pages = (changes: WordPressChange[]) => {
    const reads: number[] = [];
    const read = (after: number, limit: number): Promise<ChangePage> => {
      reads.push(after);
      const page = changes.filter((change) => change.cursor > after).slice(0, limit);
      return Promise.resolve({
        changes: page,
        nextCursor: page.at(-1)?.cursor ?? after,
        hasMore: false,
        latestCursor: changes.at(-1)?.cursor ?? 0,
      });
    };
    return { read, reads };
  };
  const options = (readsForOrg: string | undefined) => ({
    batchSize: 500,
    collectMs: 1000,
    pause: () => Promise.resolve(),
    stopped: () => false,
    readsForOrg,
    now: (() => {
      let clock = 0;
      return () => (clock += 400);
    })(),
  });

  it('waits for more when another org’s write is waiting, not for this org’s own', async () => {
    const feed = pages([row(40, 'connector', { sourceOrg: 'sales' })]);
    const after = nextCursor - 1;
    await collectChanges(feed.read, after, options('sales'));
    expect(feed.reads).toHaveLength(1);
    await collectChanges(feed.read, after, options(undefined));
    expect(feed.reads).toHaveLength(2);
    await collectChanges(feed.read, after, options('service'));
    // One read, then more while the window lasts.
    expect(feed.reads.length).toBeGreaterThan(3);
  });
});

/** The WordPress users 50 and 51 as they are after org `sales` wrote them. */
const users = new Map([
  // sales changed something service's mapping does not hold (its agreed values still match)
  [50, user({ last_name: 'Lovelace', email: 'ada@example.com', nickname: 'sales-only' }, 50)],
  // sales changed a last name that service's mapping holds too
  [51, user({ last_name: 'Hopper-Murray', email: 'grace@example.com' }, 51)],
]);
const contact = (id: number) => `003${String(id).padStart(12, '0')}AAA`;
const agreed: Record<number, Record<string, unknown>> = {
  50: { LastName: 'Lovelace', Email: 'ada@example.com' },
  51: { LastName: 'Hopper', Email: 'grace@example.com' },
};

/** The org `service`'s intake over a feed of writes the connector made for `sales`. */
async function serviceReads(readsForOrg: string | undefined) {
  const store = new SqliteStateStore({ path: ':memory:' });
  for (const id of [50, 51]) {
    store.link(mapping.name, contact(id), id);
    store.markWrittenBack(mapping.name, contact(id), id);
    store.recordSyncState(mapping.name, contact(id), {
      salesforce: agreed[id] ?? {},
      wordpress: agreed[id] ?? {},
    });
  }
  const changes = [
    row(50, 'connector', { sourceOrg: 'sales' }),
    row(51, 'connector', { sourceOrg: 'sales' }),
  ];
  const first = changes[0]?.cursor ?? 0;
  const plugin: CompanionPlugin = {
    changes: (after: number) => {
      const page = changes.filter((change) => change.cursor > Math.max(after, first - 1));
      return Promise.resolve({
        changes: page,
        nextCursor: page.at(-1)?.cursor ?? after,
        hasMore: false,
        latestCursor: changes.at(-1)?.cursor ?? 0,
      });
    },
    acknowledge: () => Promise.resolve(),
    status: () => Promise.reject(new Error('not used')),
    configure: () => Promise.resolve(),
  };
  const written: SalesforceRecord[] = [];
  const saved = (records: readonly SalesforceRecord[]): Promise<RecordResult[]> => {
    written.push(...records);
    return Promise.resolve(
      records.map(() => ({ id: contact(51), success: true, created: false, errors: [] })),
    );
  };
  const deps = {
    store,
    wordpress: quietWordPress({
      list: (_type, query) => {
        const items = (query?.include ?? []).flatMap(
          (id) => users.get(id) ?? [],
        ) as WordPressUser[];
        return Promise.resolve({ items, total: items.length, totalPages: 1 });
      },
    }),
    salesforce: quietSalesforce({
      findByValueOrId: (_object, _field, _values, ids) =>
        Promise.resolve(
          ids.map((id) => ({
            Id: id,
            ...(id === contact(51) ? agreed[51] : agreed[50]),
            WP_Id__c: id === contact(51) ? '51' : '50',
            SystemModstamp: '2026-12-01T00:00:00.000+0000',
          })),
        ),
      upsert: (_object, _field, records) => saved(records),
      update: (_object, records) => saved(records),
    }),
  };
  const outcomes: SalesforceOutcome[] = [];
  const reader = new WordPressIntake({
    plugin,
    store,
    logger: pino({ level: 'silent' }),
    mappings: () => new Map([[mapping.name, mapping]]),
    apply: (objectMapping, items) => applyToSalesforce(objectMapping, items, deps),
    record: (_mapping, outcome) => outcomes.push(outcome),
    gate: () => Promise.resolve(),
    pollMs: 60_000,
    batchSize: 50,
    throttleRetryMs: 50,
    readsForOrg,
  });
  await reader.drain();
  return { outcomes, written };
}

describe('WordPressIntake for one of several orgs', () => {
  it('brings another org’s writes through the normal plan: only a changed mapped field is written', async () => {
    const { outcomes, written } = await serviceReads('service');
    expect(outcomes.map((outcome) => [outcome.wordpressId, outcome.status])).toEqual([
      [50, 'Skipped'],
      [51, 'Success'],
    ]);
    expect(outcomes[0]?.message).toMatch(/No mapped field .* changed since the last sync/);
    expect(written).toHaveLength(1);
    expect(written[0]).toMatchObject({ LastName: 'Hopper-Murray' });
  });

  it('skips those writes with one org, and as the org they were made for', async () => {
    for (const readsForOrg of [undefined, 'sales']) {
      const { outcomes, written } = await serviceReads(readsForOrg);
      expect(outcomes).toEqual([]);
      expect(written).toEqual([]);
    }
  });
});
