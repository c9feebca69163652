import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig, type Config } from '../../connector/src/config/index.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import type { FullSyncProgress } from '../../connector/src/engine/backfill-progress.js';
import { runFullSync } from '../../connector/src/app/run-full-sync.js';
import { WpapiWordPressClient } from '../../connector/src/wordpress/index.js';
import type { RunningEmulator } from '../emulator/index.js';
import { resetWordPress } from '../wordpress/reset.js';
import { connectAs, connectorEnvironment, startTrustedEmulator } from './support/emulated-org.js';
import { personClient } from './support/wordpress-people.js';

const wordpress = inject('wordpress');
const stateDir = mkdtempSync(join(tmpdir(), 'sfwp-full-sync-wp-'));
const logStream = new Writable({
  write(_chunk: Buffer, _encoding, callback) {
    callback();
  },
});
const logger = createLogger({ level: 'warn', destination: logStream });
const PEOPLE = 230;
const EXISTING = 5;

let emulator: RunningEmulator;
let config: Config;
let withoutLastName = 0;
/** The site's own valid accounts (the launcher's people), which the backfill creates too. */
let siteAccounts = 0;

function backfill(extra: { dryRun?: boolean; onProgress?: (progress: FullSyncProgress) => void }) {
  return runFullSync(config, {
    logger,
    mapping: 'Contact_User',
    direction: 'wordpress-to-salesforce',
    ...extra,
  });
}

beforeAll(async () => {
  await resetWordPress(wordpress);
  emulator = await startTrustedEmulator();
  config = loadConfig({
    cwd: stateDir,
    env: connectorEnvironment(emulator, wordpress, stateDir, 'client-credentials'),
  });
  const people = personClient(wordpress, 'editor');
  for (let start = 0; start < PEOPLE; start += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, PEOPLE - start) }, (_, offset) =>
        people.create('user', {
          username: `backfill${start + offset}`,
          email: `backfill${start + offset}@example.test`,
          first_name: 'Back',
          last_name: `Fill ${start + offset}`,
          password: 'not-used-backfill',
        }),
      ),
    );
  }
  // One person Salesforce cannot take: LastName is required.
  await people.create('user', {
    username: 'nameless',
    email: 'nameless@example.test',
    password: 'not-used-backfill',
  });
  // Five people Salesforce knows already (made by the integration user: no sync events).
  const integration = await connectAs(emulator, 'integration');
  await integration.sobject('Contact').create(
    Array.from({ length: EXISTING }, (_, index) => ({
      LastName: `Known ${index}`,
      Email: `backfill${index}@example.test`,
    })),
  );
  const all = await people.list('user', { perPage: 100 });
  const everyone = [...all.items];
  for (let page = 2; page <= all.totalPages; page++)
    everyone.push(...(await people.list('user', { perPage: 100, page })).items);
  // Accounts without a last name cannot become Contacts (LastName is required); the
  // connector's own user is never synced.
  const me = await new WpapiWordPressClient({
    siteUrl: wordpress.url,
    username: wordpress.username,
    applicationPassword: wordpress.applicationPassword,
  }).currentUser();
  withoutLastName = everyone.filter((user) => !user.last_name && user.id !== me.id).length;
  siteAccounts = everyone.filter(
    (user) => user.last_name && user.id !== me.id && !user.email?.startsWith('backfill'),
  ).length;
  expect(withoutLastName).toBeGreaterThanOrEqual(1);
}, 120_000);

afterAll(async () => {
  await emulator.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('sfwp sync --full --direction wp-to-sf', () => {
  it('dry run: lists creates and links by email, writes nothing', async () => {
    const upserts = emulator.stats.collectionCalls.byKind.upsert;
    const { progress, changes } = await backfill({ dryRun: true });
    expect(changes.filter((change) => change.action === 'link')).toHaveLength(EXISTING);
    expect(changes.filter((change) => change.action === 'create')).toHaveLength(
      PEOPLE - EXISTING + siteAccounts,
    );
    expect(changes.find((change) => change.action === 'create')?.fields).toHaveProperty('LastName');
    expect(progress.failed).toBe(withoutLastName);
    expect(changes.filter((change) => change.action === 'invalid')).toHaveLength(withoutLastName);
    expect(changes.find((change) => change.action === 'invalid')?.reason).toMatch(
      /REQUIRED_FIELD_MISSING/,
    );
    expect(emulator.stats.collectionCalls.byKind.upsert).toBe(upserts);
  });

  it('is resumable and links instead of duplicating; a second run changes nothing', async () => {
    const integration = await connectAs(emulator, 'integration');
    const upserts = emulator.stats.collectionCalls.byKind.upsert;
    // Interrupted after its first chunk of 200 …
    await expect(
      backfill({
        onProgress: (progress) => {
          if (progress.done >= 200) throw new Error('interrupted');
        },
      }),
    ).rejects.toThrow('interrupted');
    const seen: number[] = [];
    // … and run again: it resumes after the last finished chunk.
    const { progress } = await backfill({
      onProgress: (current) => seen.push(current.done),
    });
    console.log(
      `[backfill wp→sf] resumed run: ${JSON.stringify(progress)}, ` +
        `${emulator.stats.collectionCalls.byKind.upsert - upserts} upsert calls in both runs`,
    );
    expect(seen.length).toBeGreaterThan(0);
    const contacts = await integration.query<{ Email: string; WP_Id__c: string | null }>(
      "SELECT Email, WP_Id__c FROM Contact WHERE Email LIKE 'backfill%'",
    );
    expect(contacts.totalSize).toBe(PEOPLE);
    expect(contacts.records.every((record) => record.WP_Id__c)).toBe(true);
    expect(new Set(contacts.records.map((record) => record.Email)).size).toBe(PEOPLE);
    expect(emulator.stats.collectionCalls.byKind.upsert - upserts).toBeLessThanOrEqual(3);

    const again = await backfill({});
    expect(again.progress.created + again.progress.updated + again.progress.linked).toBe(0);
    expect(again.progress.failed).toBe(withoutLastName);
    expect(again.progress.unchanged).toBe(again.progress.total - withoutLastName);
  });
});
