import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditMapping, type AuditDependencies } from '../../src/audit/audit-mapping.js';
import { runAudit } from '../../src/audit/run-audit.js';
import { latestSummary, saveLatestSummary, summarise } from '../../src/audit/summary.js';
import type { SalesforceRecord } from '../../src/salesforce/record-gateway.js';
import { SqliteStateStore } from '../../src/store/sqlite-state-store.js';
import type { WordPressObject } from '../../src/wordpress/types.js';
import { contactToUser } from '../mapping/fixtures.js';
import { userWith } from '../support/apply-mappings.js';

const id = (n: number): string => `003${String(n).padStart(12, '0')}AAA`;

function contact(n: number, lastName = `Last ${String(n)}`): SalesforceRecord {
  return { Id: id(n), Email: `p${String(n)}@example.com`, FirstName: 'Pat', LastName: lastName };
}

function user(n: number, lastName = `Last ${String(n)}`): WordPressObject {
  return userWith(100 + n, {
    email: `p${String(n)}@example.com`,
    first_name: 'Pat',
    last_name: lastName,
    description: '',
  });
}

const emailOf = (object: WordPressObject): string => String((object as { email?: unknown }).email);

/** Two sides in memory, with counters of the requests the audit makes. */
class Sides {
  salesforce = new Map<string, SalesforceRecord>();
  wordpress = new Map<number, WordPressObject>();
  calls = { pages: 0, byIds: 0, wordpress: 0, lookups: 0 };
  /** Applied to the sides just after the first WordPress read: a live change mid-audit. */
  afterFirstRead: (() => void) | undefined;

  dependencies(store: SqliteStateStore, pageSize: number): AuditDependencies {
    return {
      salesforcePages: function* () {
        const all = [...sides.salesforce.values()].sort((a, b) =>
          String(a.Id).localeCompare(String(b.Id)),
        );
        for (let start = 0; start < all.length; start += pageSize) {
          sides.calls.pages++;
          yield all.slice(start, start + pageSize);
        }
      },
      salesforceByIds: (_mapping, ids) => {
        sides.calls.byIds++;
        return Promise.resolve(
          ids.flatMap((one): SalesforceRecord[] => {
            const record = sides.salesforce.get(one);
            return record ? [record] : [];
          }),
        );
      },
      wordpressByIds: (_type, ids) => {
        sides.calls.wordpress++;
        const found = new Map(
          ids.flatMap((one) => {
            const object = sides.wordpress.get(one);
            return object ? [[one, object] as const] : [];
          }),
        );
        const change = sides.afterFirstRead;
        sides.afterFirstRead = undefined;
        change?.();
        return Promise.resolve(found);
      },
      lookUp: (_type, _field, values) => {
        sides.calls.lookups++;
        const wanted = new Set(values.map((value) => value.toLowerCase()));
        return Promise.resolve(
          [...sides.wordpress.values()]
            .filter((object) => wanted.has(emailOf(object).toLowerCase()))
            .map((object) => ({ id: object.id, value: emailOf(object) })),
        );
      },
      store,
      beforeRequest: () => Promise.resolve(),
      logger: { info: () => undefined, warn: () => undefined },
    };
  }
}

let sides: Sides;
let store: SqliteStateStore;

beforeEach(() => {
  sides = new Sides();
  store = new SqliteStateStore({ path: ':memory:' });
  for (let n = 1; n <= 10; n++) {
    sides.salesforce.set(id(n), contact(n));
    sides.wordpress.set(100 + n, user(n));
    store.link(contactToUser.name, id(n), 100 + n);
  }
});

afterEach(() => {
  store.close();
});

describe('auditMapping', () => {
  it('reports zero differences for pairs in step', async () => {
    const audit = await auditMapping(contactToUser, sides.dependencies(store, 4));
    expect(audit).toMatchObject({
      pairsChecked: 10,
      pairsEqual: 10,
      pairsDiffering: 0,
      goneLinks: 0,
      unlinkedMatches: 0,
    });
    expect(audit.incomplete).toBeUndefined();
  });

  it('reports exactly the drifted pairs and fields, gone sides and unlinked matches', async () => {
    sides.wordpress.set(102, user(2, 'Changed in the database'));
    sides.salesforce.set(id(3), { ...contact(3), FirstName: 'Loaded' });
    sides.wordpress.delete(104);
    sides.salesforce.delete(id(5));
    // An unlinked duplicate: a second Contact with user 6's email.
    sides.salesforce.set(id(20), { ...contact(20), Email: 'P6@example.com' });
    const audit = await auditMapping(contactToUser, sides.dependencies(store, 4));
    expect(audit.pairsChecked).toBe(8);
    expect(audit.pairsDiffering).toBe(2);
    expect(audit.differingByField).toEqual({ LastName: 1, FirstName: 1 });
    expect(audit.differing).toEqual([
      {
        salesforceId: id(2),
        wordpressId: 102,
        fields: [
          {
            field: 'LastName',
            wordpressField: 'last_name',
            salesforceValue: 'Last 2',
            wordpressValue: 'Changed in the database',
          },
        ],
      },
      {
        salesforceId: id(3),
        wordpressId: 103,
        fields: [
          {
            field: 'FirstName',
            wordpressField: 'first_name',
            salesforceValue: 'Loaded',
            wordpressValue: 'Pat',
          },
        ],
      },
    ]);
    expect(audit.gone).toEqual([
      { salesforceId: id(4), wordpressId: 104, gone: 'wordpress' },
      { salesforceId: id(5), wordpressId: 105, gone: 'salesforce' },
    ]);
    expect(audit.unlinked).toEqual([
      {
        salesforceId: id(20),
        wordpressId: 106,
        matchValue: 'P6@example.com',
        wordpressLinkedTo: id(6),
      },
    ]);
  });

  it("reports a WordPress object without a link that holds a linked record's match value", async () => {
    // User 107's email was changed behind the sync; a user without a link holds contact 7's.
    sides.wordpress.set(107, { ...user(7), email: 'moved@example.com' });
    sides.wordpress.set(150, { ...user(7), id: 150, email: 'P7@example.com' });
    // A user without a link whose email no record holds is no match.
    sides.wordpress.set(151, { ...user(51), id: 151 });
    const audit = await auditMapping(contactToUser, sides.dependencies(store, 4));
    expect(audit.unlinkedMatches).toBe(1);
    expect(audit.unlinked).toEqual([
      {
        salesforceId: id(7),
        wordpressId: 150,
        matchValue: 'p7@example.com',
        salesforceLinkedTo: 107,
      },
    ]);
  });

  it('does not report a linked record and its own object, or an object linked elsewhere', async () => {
    // Swapped emails: each linked user holds the other contact's (so both are looked up).
    sides.wordpress.set(108, { ...user(8), email: 'p9@example.com' });
    sides.wordpress.set(109, { ...user(9), email: 'p8@example.com' });
    const audit = await auditMapping(contactToUser, sides.dependencies(store, 10));
    expect(audit.pairsDiffering).toBe(2);
    expect(audit.unlinkedMatches).toBe(0);
    expect(sides.calls.lookups).toBe(1);
  });

  it('does not report a pair a live change settled between the two reads', async () => {
    sides.wordpress.set(102, user(2, 'Edited'));
    // The live sync carries the edit to Salesforce right after the audit read WordPress.
    sides.afterFirstRead = () => sides.salesforce.set(id(2), contact(2, 'Edited'));
    const audit = await auditMapping(contactToUser, sides.dependencies(store, 10));
    expect(audit).toMatchObject({ pairsChecked: 10, pairsEqual: 10, pairsDiffering: 0 });
  });

  it('repairs each differing pair through `repair` and records what it did', async () => {
    sides.wordpress.set(102, user(2, 'Drift'));
    const repaired: string[] = [];
    const audit = await auditMapping(contactToUser, {
      ...sides.dependencies(store, 10),
      repair: (_mapping, pair) => {
        repaired.push(`${String(pair.salesforce.Id)}:${pair.fields.map((f) => f.field).join()}`);
        return Promise.resolve({ ok: true, message: 'Salesforce → WordPress: Success' });
      },
    });
    expect(repaired).toEqual([`${id(2)}:LastName`]);
    expect(audit.repaired).toBe(1);
    expect(audit.differing[0]?.repair).toBe('Salesforce → WordPress: Success');
  });

  it('reads Salesforce once a batch and WordPress once per 100 linked pairs', async () => {
    for (let n = 11; n <= 250; n++) {
      sides.salesforce.set(id(n), contact(n));
      sides.wordpress.set(100 + n, user(n));
      store.link(contactToUser.name, id(n), 100 + n);
    }
    await auditMapping(contactToUser, sides.dependencies(store, 100));
    // wordpressByIds gets one page of ids; it splits them 100 a request itself.
    expect(sides.calls).toEqual({ pages: 3, byIds: 0, wordpress: 3, lookups: 0 });
  });

  it('stops a mapping, marked incomplete, when beforeRequest refuses (API budget)', async () => {
    let allowed = 1;
    const audit = await auditMapping(contactToUser, {
      ...sides.dependencies(store, 4),
      beforeRequest: () =>
        allowed-- > 0 ? Promise.resolve() : Promise.reject(new Error('API budget spent')),
    });
    expect(audit.incomplete).toBe('API budget spent');
    expect(audit.pairsChecked).toBe(4);
  });
});

describe('runAudit and the summary', () => {
  it('totals the mappings and keeps the latest summary in the store', async () => {
    sides.wordpress.set(102, user(2, 'Drift'));
    const report = await runAudit([contactToUser], sides.dependencies(store, 4));
    const summary = summarise(report, 'cli');
    saveLatestSummary(store, summary);
    expect(latestSummary(store)).toMatchObject({
      trigger: 'cli',
      pairsChecked: 10,
      pairsEqual: 9,
      pairsDiffering: 1,
      differingByField: { 'Contact_User.LastName': 1 },
    });
  });
});
