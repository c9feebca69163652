/**
 * The demo's Salesforce: the org emulator over HTTPS (self-signed, as real instance URLs are
 * https), its records and events in a data directory, seeded with the sample Accounts and
 * Contacts as the integration user (so seeding publishes no sync events: the initial full sync
 * carries them to WordPress).
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WordPressClient } from '../../connector/src/wordpress/index.js';
import { startEmulator, type RunningEmulator } from '../../test/emulator/index.js';
import { seedSampleData } from '../../test/emulator/sample-data.js';
import type { MappingLabel } from './live-log.js';

export interface DemoMapping extends MappingLabel {
  name: string;
  active: boolean;
  toWordPress: boolean;
  toSalesforce: boolean;
}

export interface DemoOrg {
  emulator: RunningEmulator;
  sampleContactIds: string[];
  sampleAccountIds: string[];
  /** The org's records came back from the data directory (`--keep`); nothing was seeded. */
  kept: boolean;
}

const SAMPLE_FILE = 'sample.json';

/**
 * The org emulator with its records and events in `dataDir`: an org kept from the last run
 * (`npm start -- --keep`) comes back as it was, a new one is seeded with the sample.
 */
export async function startDemoOrg(options: {
  http: number;
  pubSub: number;
  dataDir: string;
  /** Seed the sample Accounts and Contacts into a new org (not the second org of `--orgs 2`). */
  seed?: boolean;
}): Promise<DemoOrg> {
  const emulator = await startEmulator({
    https: true,
    port: options.http,
    pubSubPort: options.pubSub,
    dataDir: options.dataDir,
  });
  const sampleFile = join(options.dataDir, SAMPLE_FILE);
  if (emulator.org.restoredRecords > 0 && existsSync(sampleFile)) {
    const sample = JSON.parse(readFileSync(sampleFile, 'utf8')) as {
      contacts: string[];
      accounts: string[];
    };
    return {
      emulator,
      sampleContactIds: sample.contacts,
      sampleAccountIds: sample.accounts,
      kept: true,
    };
  }
  if (options.seed === false) {
    return {
      emulator,
      sampleContactIds: [],
      sampleAccountIds: [],
      kept: emulator.org.restoredRecords > 0,
    };
  }
  const seeded = seedSampleData(emulator.org, emulator.credentials.integration.username);
  writeFileSync(sampleFile, `${JSON.stringify(seeded)}\n`);
  return {
    emulator,
    sampleContactIds: seeded.contacts,
    sampleAccountIds: seeded.accounts,
    kept: false,
  };
}

/** The object mappings the org holds (the package's custom metadata), by developer name. */
export function demoMappings(emulator: RunningEmulator): Map<string, DemoMapping> {
  const mappings = new Map<string, DemoMapping>();
  for (const row of emulator.org.store.rows('WP_Object_Mapping__mdt')) {
    const name = String(row.DeveloperName);
    // A blank direction is the field's default, Bidirectional.
    const direction = typeof row.Direction__c === 'string' ? row.Direction__c : 'Bidirectional';
    mappings.set(name, {
      name,
      salesforceObject: String(row.Salesforce_Object__c),
      wordpressType: String(row.WordPress_Type__c),
      active: row.Active__c === true,
      toWordPress: direction !== 'WordPressToSalesforce',
      toSalesforce: direction !== 'SalesforceToWordPress',
    });
  }
  return mappings;
}

/**
 * The org is new on every start but the local WordPress persists, and Accounts have no match
 * field: without this, every start would add the sample organizations to WordPress again. An
 * Account whose name equals an existing post's title gets that post's id in its external id
 * field, as if the org had synced it before (written as the integration user: no event).
 */
export async function relinkSampleAccounts(
  org: DemoOrg,
  mapping: DemoMapping | undefined,
  wordpress: Pick<WordPressClient, 'list'>,
): Promise<number> {
  if (!mapping?.toWordPress) return 0;
  const posts = await wordpress.list(mapping.wordpressType, { perPage: 100, status: 'any' });
  const taken = new Set<number>();
  let linked = 0;
  for (const id of org.sampleAccountIds) {
    const name = org.emulator.org.get('Account', id)?.Name;
    const post = posts.items.find(
      (item) => !taken.has(item.id) && 'title' in item && item.title.raw === name,
    );
    if (!post) continue;
    taken.add(post.id);
    org.emulator.org.update(
      'Account',
      id,
      { WP_Id__c: String(post.id) },
      org.emulator.credentials.integration.username,
    );
    linked++;
  }
  return linked;
}
