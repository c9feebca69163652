/**
 * The demo killed with SIGKILL in the middle of a bulk change, then `npm start -- --keep`: it
 * stops the previous run's MariaDB and `php -S` (which outlive a killed demo), keeps the crashed
 * run's log, brings back the org, the local WordPress and the connector's state, and the sync
 * converges with nothing lost and nothing twice. This runs the demo's own local WordPress (no
 * WP_URL), because the leftovers are what broke the restart.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Connection } from 'jsforce';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../connector/src/config/index.js';
import { WpapiWordPressClient, type WordPressUser } from '../../connector/src/wordpress/index.js';
import { connectAsAdmin } from '../../scripts/demo-change/salesforce.js';
import type { DemoCoordinates } from '../../scripts/start/demo-file.js';
import { processInfo, type ProcessRecord } from '../../scripts/start/leftovers.js';
import { DemoProcess, withoutConnectorSettings } from './support/demo-process.js';

const BULK = 200;
const workDir = mkdtempSync(join(tmpdir(), 'sfwp-demo-crash-'));
const demoDir = join(workDir, '.sfwp');
const env: NodeJS.ProcessEnv = { ...withoutConnectorSettings(process.env), NO_COLOR: '1' };
delete env.WP_URL;
delete env.WP_USERNAME;
delete env.WP_APP_PASSWORD;

const demos: DemoProcess[] = [];
afterAll(async () => {
  for (const demo of demos) await demo.stop();
  rmSync(workDir, { recursive: true, force: true });
});

function coordinates(): DemoCoordinates {
  return JSON.parse(readFileSync(join(demoDir, 'demo.json'), 'utf8')) as DemoCoordinates;
}

function recordedChildren(): ProcessRecord[] {
  const file = join(demoDir, 'demo-processes.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { children: ProcessRecord[] }).children;
}

function syncedLines(): number {
  const log = readFileSync(join(demoDir, 'demo.log'), 'utf8');
  return log.split('\n').filter((line) => line.includes('"msg":"record synced"')).length;
}

async function bulkContacts(admin: Connection): Promise<string[]> {
  const ids: string[] = [];
  for (let start = 0; start < BULK; start += 200) {
    const batch = Array.from({ length: Math.min(200, BULK - start) }, (_, index) => ({
      LastName: `Crash ${String(start + index)}`,
      Email: `crash-${String(start + index)}@crash.example`,
    }));
    const results = await admin.sobject('Contact').create(batch);
    for (const result of results) if (result.success) ids.push(result.id);
  }
  return ids;
}

async function crashUsers(client: WpapiWordPressClient): Promise<WordPressUser[]> {
  const users: WordPressUser[] = [];
  for (let page = 1; ; page++) {
    const listed = await client.list('user', { perPage: 100, page, search: 'crash.example' });
    users.push(...listed.items);
    if (page >= listed.totalPages) break;
  }
  return users.filter((user) => user.email?.endsWith('@crash.example'));
}

function sharingEmail<T>(rows: readonly T[], email: (row: T) => string): T[] {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(email(row), (counts.get(email(row)) ?? 0) + 1);
  return rows.filter((row) => (counts.get(email(row)) ?? 0) > 1);
}

describe('npm start after the demo was killed', () => {
  it('stops the leftovers, keeps org, WordPress and state with --keep, and converges', async () => {
    const first = new DemoProcess([], { cwd: workDir, env });
    demos.push(first);
    await first.waitFor('the first run', () => first.output.includes('Live log'), 180_000);
    const before = coordinates();
    const admin = await connectAsAdmin(before);
    const syncedBefore = syncedLines();

    const ids = await bulkContacts(admin);
    await first.waitFor('the bulk under way', () => syncedLines() - syncedBefore >= 20);
    first.child.kill('SIGKILL');
    await first.exited;
    const syncedAtKill = syncedLines() - syncedBefore;
    console.log(`[demo-crash] killed after ${String(syncedAtKill)} of ${String(BULK)} records`);
    expect(ids).toHaveLength(BULK);
    expect(syncedAtKill).toBeLessThan(BULK);
    // What broke the restart: the local WordPress's servers outlive the demo.
    const leftovers = recordedChildren();
    expect(leftovers.map((record) => record.command).join('\n')).toMatch(/mariadbd/);
    expect(leftovers.some((record) => processInfo(record.pid) !== undefined)).toBe(true);

    const restarted = performance.now();
    const second = new DemoProcess(['--keep'], { cwd: workDir, env });
    demos.push(second);
    await second.waitFor('the second run', () => second.output.includes('Live log'), 240_000);
    console.log(
      `[demo-crash] restarted with --keep in ${((performance.now() - restarted) / 1000).toFixed(1)} s`,
    );
    expect(second.output).toMatch(/Stopped \d+ processes left over from the previous run \(/);
    expect(second.output).toContain('The previous run did not stop cleanly; its log is');
    expect(second.output).toContain('with the org of the last run');
    for (const record of leftovers) expect(processInfo(record.pid)).toBeUndefined();
    expect(readFileSync(join(demoDir, 'demo.log.1'), 'utf8')).toContain('"msg":"record synced"');

    // Every Contact of the bulk reaches WordPress exactly once and gets its WordPress id back.
    const after = coordinates();
    const adminAgain = await connectAsAdmin(after);
    const config = loadConfig({
      file: join(demoDir, 'demo-connector.yaml'),
      env: {},
      cwd: workDir,
    });
    const wordpress = new WpapiWordPressClient({
      siteUrl: config.wordpress.url,
      username: config.wordpress.username,
      applicationPassword: config.wordpress.applicationPassword.reveal(),
    });
    let linkedCount = 0;
    const deadline = Date.now() + 180_000;
    while (Date.now() < deadline) {
      const result = await adminAgain.query<{ expr0: number }>(
        "SELECT COUNT(Id) FROM Contact WHERE Email LIKE '%@crash.example' AND WP_Id__c != null",
      );
      linkedCount = result.records[0]?.expr0 ?? 0;
      if (linkedCount >= BULK) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const users = await crashUsers(wordpress);
    // When a record arrived twice, the failure names it on both sides.
    if (linkedCount !== BULK || users.length !== BULK) {
      const contacts = await adminAgain.query<{
        Id: string;
        WP_Id__c: string | null;
        Email: string;
      }>("SELECT Id, WP_Id__c, Email FROM Contact WHERE Email LIKE '%@crash.example'");
      console.log(
        `[demo-crash] Contacts sharing an email: ${JSON.stringify(sharingEmail(contacts.records, (row) => row.Email))}; ` +
          `users sharing an email: ${JSON.stringify(sharingEmail(users, (user) => user.email ?? '').map((user) => [user.id, user.email]))}`,
      );
    }
    expect(linkedCount).toBe(BULK);
    expect(users).toHaveLength(BULK);
    expect(new Set(users.map((user) => user.email)).size).toBe(BULK);
    const contacts = await adminAgain.query<{ WP_Id__c: string; Email: string }>(
      "SELECT WP_Id__c, Email FROM Contact WHERE Email LIKE '%@crash.example'",
    );
    const emailById = new Map(users.map((user) => [String(user.id), user.email]));
    for (const contact of contacts.records) {
      expect(emailById.get(contact.WP_Id__c)).toBe(contact.Email);
    }

    // A clean stop leaves nothing running and nothing for the next start to clean up.
    const children = recordedChildren();
    expect(await second.stop()).toBe(0);
    for (const record of children) expect(processInfo(record.pid)).toBeUndefined();
    expect(existsSync(join(demoDir, 'demo.json'))).toBe(false);
    expect(existsSync(join(demoDir, 'demo-processes.json'))).toBe(false);
  }, 600_000);
});
