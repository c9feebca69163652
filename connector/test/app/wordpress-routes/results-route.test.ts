import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listResults } from '../../../src/app/wordpress-routes/results-route.js';
import { SignedRouteInputError } from '../../../src/server/signed-routes.js';
import { startEmulator, type RunningEmulator } from '../../../../test/emulator/index.js';
import { connectAs } from '../../../../test/integration/support/emulated-org.js';
import { badInputMapping } from '../../support/apply-mappings.js';

let emulator: RunningEmulator;
let integration: Connection;

const context = () => ({
  connection: () => integration,
  mappings: () => new Map([[badInputMapping.name, badInputMapping]]),
  instanceUrl: () => 'https://acme.example',
});

beforeAll(async () => {
  emulator = await startEmulator({ pubSub: false });
  integration = await connectAs(emulator, 'integration');
  const admin = await connectAs(emulator, 'admin');
  const rows: Record<string, string>[] = Array.from({ length: 5 }, (_, index) => ({
    Mapping__c: badInputMapping.name,
    Direction__c: 'WordPressToSalesforce',
    Status__c: index === 3 ? 'Failed' : 'Success',
    Message__c: `row ${String(index + 1)}`,
    WP_Id__c: String(index + 1),
    Synced_At__c: `2026-12-06T10:0${String(index)}:00.000Z`,
  }));
  rows.push({ ...rows[0], Mapping__c: 'Other_Mapping', Message__c: 'another mapping' });
  rows.push({ ...rows[0], WP_Id__c: '', Message__c: 'no WordPress object' });
  for (const row of rows) {
    const saved = await admin.sobject('WP_Sync_Log__c').create(row);
    if (!saved.success) throw new Error(JSON.stringify(saved));
  }
});
afterAll(() => emulator.stop());

describe('GET /wordpress/results (WP_Sync_Log__c through the connector)', () => {
  it('lists the results of WordPress objects of the type, newest first, a page at a time', async () => {
    const first = await listResults(context(), new URLSearchParams('type=user&per_page=2'));
    expect(first.items.map((item) => item.message)).toEqual(['row 5', 'row 4']);
    expect(first.items[0]).toMatchObject({ type: 'user', wordpressId: 5, status: 'Success' });
    expect(first.next).toBe(first.items[1]?.id);
    const second = await listResults(
      context(),
      new URLSearchParams(`type=user&per_page=2&before=${String(first.next)}`),
    );
    expect(second.items.map((item) => item.message)).toEqual(['row 3', 'row 2']);
    const last = await listResults(
      context(),
      new URLSearchParams(`type=user&per_page=2&before=${String(second.next)}`),
    );
    expect(last.items.map((item) => item.message)).toEqual(['row 1']);
    expect(last.next).toBeNull();
  });

  it('filters by status', async () => {
    const failed = await listResults(context(), new URLSearchParams('status=Failed'));
    expect(failed.items.map((item) => item.message)).toEqual(['row 4']);
  });

  it('refuses a bad status, page size or page key, and a quote cannot reach the query', async () => {
    for (const query of ['status=Done', 'per_page=0', 'per_page=201', "before=a'OR Id != null"]) {
      await expect(listResults(context(), new URLSearchParams(query))).rejects.toBeInstanceOf(
        SignedRouteInputError,
      );
    }
  });
});
