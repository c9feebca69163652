import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig, type Config } from '../../connector/src/config/index.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import { runFullSync } from '../../connector/src/app/run-full-sync.js';
import { processStat } from '../../connector/src/app/process-stat.js';
import { ServiceRunningError } from '../../connector/src/app/service-marker.js';
import { SqliteStateStore } from '../../connector/src/store/sqlite-state-store.js';
import { WpapiWordPressClient, type WriteOperation } from '../../connector/src/wordpress/index.js';
import type { RunningEmulator } from '../emulator/index.js';
import { connectAs, connectorEnvironment, startTrustedEmulator } from './support/emulated-org.js';
import { resetWordPress } from '../wordpress/reset.js';

const wordpress = inject('wordpress');
const stateDir = mkdtempSync(join(tmpdir(), 'sfwp-full-sync-'));
const quiet = createLogger({
  level: 'warn',
  destination: new Writable({
    write: (_chunk, _encoding, callback) => {
      callback();
    },
  }),
});
const wp = new WpapiWordPressClient({
  siteUrl: wordpress.url,
  username: wordpress.username,
  applicationPassword: wordpress.applicationPassword,
});

let emulator: RunningEmulator;
let config: Config;
const CONTACTS = 1000;
const ALREADY_IN_WORDPRESS = 50;

async function wordpressUserEmails(): Promise<string[]> {
  const emails: string[] = [];
  for (let page = 1; ; page++) {
    const result = await wp.list('user', { page, perPage: 100 });
    emails.push(...result.items.map((user) => user.email ?? ''));
    if (page >= result.totalPages) return emails;
  }
}

beforeAll(async () => {
  await resetWordPress(wordpress);
  emulator = await startTrustedEmulator();
  // Seed as the integration user: its changes publish no sync events, as in a real org.
  const integration = await connectAs(emulator, 'integration');
  const contacts = Array.from({ length: CONTACTS }, (_, index) => ({
    FirstName: 'Full',
    LastName: `Sync ${index}`,
    Email: `full.sync.${index}@example.test`,
  }));
  const created = await integration.sobject('Contact').create(contacts, { allowRecursive: true });
  expect(created.every((result) => result.success)).toBe(true);
  // 50 of them already have WordPress accounts (different case in the email, no link yet).
  const existing: WriteOperation[] = Array.from({ length: ALREADY_IN_WORDPRESS }, (_, index) => ({
    kind: 'create',
    type: 'user',
    fields: {
      username: `existing${index * 20}`,
      email: `Full.Sync.${index * 20}@Example.test`,
      password: 'x'.repeat(20),
      last_name: 'Old',
    },
  }));
  const seeded = await wp.writeMany(existing);
  expect(seeded.every((result) => result.ok)).toBe(true);

  config = loadConfig({
    cwd: stateDir,
    env: connectorEnvironment(emulator, wordpress, stateDir, 'client-credentials'),
  });
}, 180_000);

afterAll(async () => {
  await emulator.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('sfwp sync --full (Salesforce → WordPress backfill)', () => {
  it('dry run: reports 50 links and 950 creates and writes nothing', async () => {
    const before = await wordpressUserEmails();
    const { changes, progress } = await runFullSync(config, {
      logger: quiet,
      mapping: 'Contact_User',
      dryRun: true,
    });
    const count = (action: string): number =>
      changes.filter((change) => change.action === action).length;
    expect(progress.total).toBe(CONTACTS);
    expect(count('link')).toBe(ALREADY_IN_WORDPRESS);
    expect(count('create')).toBe(CONTACTS - ALREADY_IN_WORDPRESS);
    expect(changes.find((change) => change.action === 'link')?.fields?.last_name).toEqual({
      from: 'Old',
      to: 'Sync 0',
    });
    expect(await wordpressUserEmails()).toEqual(before);
  });

  it('links the 50 existing WordPress users by email instead of duplicating them', async () => {
    const before = await wordpressUserEmails();
    const updates: number[] = [];
    const { progress } = await runFullSync(config, {
      logger: quiet,
      mapping: 'Contact_User',
      onProgress: (current) => updates.push(current.done),
    });
    console.log(`[full sync] ${JSON.stringify(progress)}`);
    expect(progress).toMatchObject({
      total: CONTACTS,
      done: CONTACTS,
      linked: ALREADY_IN_WORDPRESS,
      created: CONTACTS - ALREADY_IN_WORDPRESS,
      failed: 0,
    });
    expect(updates.at(-1)).toBe(CONTACTS);
    const after = await wordpressUserEmails();
    expect(after.length).toBe(before.length + CONTACTS - ALREADY_IN_WORDPRESS);
    const synced = after.filter((email) => email.startsWith('full.sync.'));
    expect(synced).toHaveLength(CONTACTS);
    expect(new Set(synced).size).toBe(CONTACTS);
  }, 300_000);

  it('a second full sync changes nothing', async () => {
    const { progress } = await runFullSync(config, { logger: quiet, mapping: 'Contact_User' });
    expect(progress).toMatchObject({ done: CONTACTS, unchanged: CONTACTS, created: 0, failed: 0 });
  }, 120_000);

  it('refuses to run beside a connector service on the same state; a dry run still may', async () => {
    // Another process on this machine marked the store as its service's, as `sfwp start` does.
    const service = spawn('sleep', ['60'], { stdio: 'ignore' });
    const store = new SqliteStateStore({ path: config.store.path });
    store.setCheckpoint(
      'service-process',
      JSON.stringify({
        pid: service.pid,
        host: hostname(),
        startTicks: processStat(service.pid ?? 0)?.startTicks,
        startedAt: new Date().toISOString(),
      }),
    );
    try {
      await expect(
        runFullSync(config, { logger: quiet, mapping: 'Contact_User' }),
      ).rejects.toBeInstanceOf(ServiceRunningError);
      const { progress } = await runFullSync(config, {
        logger: quiet,
        mapping: 'Contact_User',
        dryRun: true,
      });
      expect(progress).toMatchObject({ done: CONTACTS, failed: 0 });
    } finally {
      service.kill('SIGKILL');
      store.close();
    }
    // Once that process is gone, its mark no longer stops anyone.
    await new Promise((resolve) => service.once('exit', resolve));
    const { progress } = await runFullSync(config, { logger: quiet, mapping: 'Contact_User' });
    expect(progress).toMatchObject({ done: CONTACTS, unchanged: CONTACTS, failed: 0 });
  }, 120_000);
});
