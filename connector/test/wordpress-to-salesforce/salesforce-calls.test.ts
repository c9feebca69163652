import { describe, expect, it } from 'vitest';
import type { ObjectMapping } from '../../src/mapping/types.js';
import type { RecordResult, SalesforceRecord } from '../../src/salesforce/record-gateway.js';
import { SqliteStateStore } from '../../src/store/sqlite-state-store.js';
import { applyToSalesforce } from '../../src/wordpress-to-salesforce/apply.js';
import type {
  SalesforceApplyDependencies,
  WordPressChangeItem,
} from '../../src/wordpress-to-salesforce/types.js';
import type { WordPressObject } from '../../src/wordpress/types.js';
import { quietWordPress } from '../support/quiet-gateways.js';
import { mapping as contactUser, user } from './contact-mapping.js';

/** Contact_User plus a field only WordPress writes (Website). */
const mapping: ObjectMapping = {
  ...contactUser,
  fields: [
    ...contactUser.fields,
    {
      name: 'Website',
      salesforceField: 'WP_Website__c',
      wordpressField: 'url',
      direction: 'WordPressToSalesforce',
      transform: 'None',
      required: false,
    },
  ],
};
const oneWay: ObjectMapping = {
  ...mapping,
  direction: 'WordPressToSalesforce',
  fields: mapping.fields
    .filter((field) => field.direction !== 'SalesforceToWordPress')
    .map((field) => ({ ...field, direction: 'WordPressToSalesforce' as const })),
};

const CHUNK = 200;
const contactId = (n: number) => `003${String(n).padStart(12, '0')}AAA`;
const agreed = (n: number) => ({
  LastName: `Name ${n}`,
  Email: `u${n}@example.com`,
  WP_Website__c: '',
});

/** A Salesforce that counts its calls and answers as the real one would: one result a record. */
function countingSalesforce(existing: SalesforceRecord[] = []) {
  const calls: string[] = [];
  // Records are known by WordPress id (WP_Id__c), as the linked ones were created.
  const saved = (records: readonly SalesforceRecord[]): Promise<RecordResult[]> =>
    Promise.resolve(
      records.map((record) => ({
        id: typeof record.Id === 'string' ? record.Id : contactId(Number(record.WP_Id__c)),
        success: true,
        created: record.Id === undefined,
        errors: [],
      })),
    );
  // Each method as the gateway makes calls: a Collections call per 200, a query per 200.
  const perChunk = (name: string, count: number) => {
    for (let start = 0; start < count; start += CHUNK) calls.push(name);
  };
  const salesforce: SalesforceApplyDependencies['salesforce'] = {
    findByValueOrId: (_object, _field, values, ids) => {
      perChunk('query', values.length + ids.length);
      const wanted = new Set([...values.map((value) => value.toLowerCase()), ...ids]);
      return Promise.resolve(
        existing.filter(
          (row) => wanted.has(String(row.Id)) || wanted.has(String(row.Email).toLowerCase()),
        ),
      );
    },
    upsert: (_object, _field, records) => (perChunk('upsert', records.length), saved(records)),
    update: (_object, records) => (perChunk('update', records.length), saved(records)),
    destroy: (_object, ids) => (perChunk('destroy', ids.length), saved(ids.map((Id) => ({ Id })))),
  };
  return { salesforce, calls };
}

interface Scenario {
  mapping: ObjectMapping;
  /** WordPress object n as it is now. */
  object(n: number): WordPressObject;
  /** Whether n is linked (with agreed values) before the change. */
  linked?(n: number): boolean;
  existing?: SalesforceRecord[];
  operation?: WordPressChangeItem['operation'];
  /** Asked for in wp-admin (Sync now): the feed row's reason is `manual`. */
  manual?: boolean;
}

/** The Salesforce calls one chunk of 200 changes costs. */
async function callsFor(scenario: Scenario): Promise<string[]> {
  const store = new SqliteStateStore({ path: ':memory:' });
  const ids = Array.from({ length: CHUNK }, (_, index) => index + 1);
  for (const n of ids.filter((id) => scenario.linked?.(id))) {
    store.link(scenario.mapping.name, contactId(n), n);
    store.markWrittenBack(scenario.mapping.name, contactId(n), n);
    store.recordSyncState(scenario.mapping.name, contactId(n), {
      salesforce: agreed(n),
      wordpress: agreed(n),
    });
  }
  const { salesforce, calls } = countingSalesforce(scenario.existing);
  const outcomes = await applyToSalesforce(
    scenario.mapping,
    ids.map((id) => ({
      id,
      operation: scenario.operation ?? 'update',
      ...(scenario.manual ? { manual: true } : {}),
    })),
    {
      store,
      wordpress: quietWordPress({
        writeMany: (operations) =>
          Promise.resolve(
            operations.map(() => ({ ok: true as const, status: 200, id: 0, object: undefined })),
          ),
      }),
      salesforce,
    },
    { objects: new Map(ids.map((id) => [id, scenario.object(id)])) },
  );
  expect(outcomes).toHaveLength(CHUNK);
  expect(outcomes.filter((outcome) => outcome.status === 'Failed')).toEqual([]);
  return calls;
}

const person = (n: number, changes: Record<string, unknown> = {}) =>
  user({ last_name: `Name ${n}`, email: `u${n}@example.com`, url: '', ...changes }, n);
const linkedRow = (n: number): SalesforceRecord => ({
  Id: contactId(n),
  ...agreed(n),
  WP_Id__c: String(n),
  SystemModstamp: '2026-01-01T00:00:00.000+0000',
});

describe('Salesforce calls per chunk of 200 WordPress changes', () => {
  it('new objects: one match query, one upsert', async () => {
    expect(await callsFor({ mapping, object: (n) => person(n) })).toEqual(['query', 'upsert']);
  });

  it('new objects, a tenth matching existing records: one query, an upsert, an update by Id', async () => {
    const existing = Array.from({ length: 20 }, (_, index) => ({
      Id: contactId(50_000 + index),
      Email: `u${index + 1}@example.com`,
      LastName: 'Old',
      SystemModstamp: '2026-01-01T00:00:00.000+0000',
    }));
    expect(await callsFor({ mapping, object: (n) => person(n), existing })).toEqual([
      'query',
      'upsert',
      'update',
    ]);
  });

  it('linked records, a field Salesforce also writes changed: one read, one upsert', async () => {
    expect(
      await callsFor({
        mapping,
        object: (n) => person(n, { last_name: `New ${n}` }),
        linked: () => true,
        existing: Array.from({ length: CHUNK }, (_, index) => linkedRow(index + 1)),
      }),
    ).toEqual(['query', 'upsert']);
  });

  it('linked records, only fields Salesforce never brings back changed: one update by Id', async () => {
    expect(
      await callsFor({
        mapping,
        object: (n) => person(n, { url: `https://example.com/${n}` }),
        linked: () => true,
      }),
    ).toEqual(['update']);
  });

  it('linked records on a one-way mapping: one update by Id', async () => {
    expect(
      await callsFor({
        mapping: oneWay,
        object: (n) => person(n, { last_name: `New ${n}` }),
        linked: () => true,
      }),
    ).toEqual(['update']);
  });

  it('half new, half linked and edited: still one query, then one upsert', async () => {
    expect(
      await callsFor({
        mapping,
        object: (n) => (n % 2 ? person(n) : person(n, { last_name: `New ${n}` })),
        linked: (n) => n % 2 === 0,
        existing: Array.from({ length: CHUNK / 2 }, (_, index) => linkedRow(2 * (index + 1))),
      }),
    ).toEqual(['query', 'upsert']);
  });

  it('echoes of the connector’s own writes: no call', async () => {
    expect(await callsFor({ mapping, object: (n) => person(n), linked: () => true })).toEqual([]);
  });

  it('unchanged linked objects a person asked to sync (manual): written whole, one upsert', async () => {
    const existing = Array.from({ length: CHUNK }, (_, index) => linkedRow(index + 1));
    const calls = await callsFor({
      mapping,
      object: (n) => person(n),
      linked: () => true,
      existing,
      manual: true,
    });
    expect(calls).toEqual(['upsert']);
  });
});

describe('writing without reading first', () => {
  function linkedAda() {
    const store = new SqliteStateStore({ path: ':memory:' });
    store.link(mapping.name, contactId(1), 1);
    store.markWrittenBack(mapping.name, contactId(1), 1);
    store.recordSyncState(mapping.name, contactId(1), {
      salesforce: agreed(1),
      wordpress: agreed(1),
    });
    return store;
  }

  it('updates by Id only the WordPress-only fields; the rest keep their agreed Salesforce values', async () => {
    const store = linkedAda();
    const { salesforce, calls } = countingSalesforce();
    const sent: SalesforceRecord[] = [];
    const outcomes = await applyToSalesforce(
      mapping,
      [{ id: 1, operation: 'update' }],
      {
        store,
        wordpress: quietWordPress(),
        salesforce: {
          ...salesforce,
          update: (object, records) => {
            sent.push(...records);
            return salesforce.update(object, records);
          },
        },
      },
      { objects: new Map([[1, person(1, { url: 'https://example.com/1' })]]) },
    );
    expect(outcomes).toMatchObject([{ status: 'Success' }]);
    expect(calls).toEqual(['update']);
    expect(sent).toEqual([
      { Id: contactId(1), WP_Website__c: 'https://example.com/1', WP_Id__c: '1' },
    ]);
    // Had Salesforce changed LastName meanwhile, its sync event still finds it changed.
    expect(store.findBySalesforceId(mapping.name, contactId(1))?.syncState?.salesforce).toEqual({
      ...agreed(1),
      WP_Website__c: 'https://example.com/1',
    });
  });

  it('a record deleted in Salesforce meanwhile: unlinked and retried as a new object, nothing half-created', async () => {
    const store = linkedAda();
    const { salesforce } = countingSalesforce();
    const deleted: SalesforceApplyDependencies['salesforce'] = {
      ...salesforce,
      update: (_object, records) =>
        Promise.resolve(
          records.map(() => ({
            id: undefined,
            success: false,
            created: false,
            errors: [{ statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }],
          })),
        ),
    };
    const upserted: SalesforceRecord[] = [];
    const deps = { store, wordpress: quietWordPress(), salesforce: deleted };
    const objects = new Map([[1, person(1, { url: 'https://example.com/1' })]]);
    const first = await applyToSalesforce(mapping, [{ id: 1, operation: 'update' }], deps, {
      objects,
    });
    expect(first).toMatchObject([
      { status: 'Failed', code: 'ENTITY_IS_DELETED', kind: 'transient' },
    ]);
    expect(store.findByWordPressId(mapping.name, 1)).toBeUndefined();
    const again = await applyToSalesforce(
      mapping,
      [{ id: 1, operation: 'update' }],
      {
        ...deps,
        salesforce: {
          ...deleted,
          upsert: (object, field, records) => {
            upserted.push(...records);
            return salesforce.upsert(object, field, records);
          },
        },
      },
      { objects },
    );
    expect(again).toMatchObject([{ status: 'Success' }]);
    expect(upserted).toEqual([
      {
        LastName: 'Name 1',
        Email: 'u1@example.com',
        WP_Website__c: 'https://example.com/1',
        WP_Id__c: '1',
      },
    ]);
  });
});
