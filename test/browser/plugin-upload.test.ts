/**
 * The WordPress plugin zip installed the way a site owner installs it (issue 25): a local
 * WordPress started without the sfwp plugin, wp-admin in Chromium (Debian's, through
 * playwright-core), Plugins → Add New → Upload Plugin with dist's zip, Activate; then the plugin
 * is active in the list and its change feed records a user created afterwards, read with the
 * administrator's application password; Deactivate and Delete then run its uninstall cleanup.
 * Screenshots go to test-results/browser.
 *
 *   npm run test:browser
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { buildPluginZip, type BuiltPluginZip } from '../../scripts/package/plugin-zip.js';
import { startLocalWordPress, type LocalWordPress } from '../wordpress/launcher.js';
import { runInSite } from '../wordpress/site-php.js';

const php = <T>(code: string): Promise<T> => runInSite<T>(wordpress, code);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = resolve('test-results/browser');
const UI_TIMEOUT_MS = 30_000;
const PLUGIN_FILE = 'sfwp/sfwp.php';

interface Change {
  cursor: number;
  type: string;
  id: number;
  operation: string;
  origin: string;
}

let wordpress: LocalWordPress;
let built: BuiltPluginZip;
let context: BrowserContext;
let page: Page;
let workDir: string;

async function rest(path: string, init: RequestInit = {}): Promise<Response> {
  const basic = Buffer.from(`${wordpress.username}:${wordpress.applicationPassword}`).toString(
    'base64',
  );
  return fetch(`${wordpress.url}/wp-json/${path}`, {
    ...init,
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' },
  });
}

function pluginRow(target: Page) {
  return target.locator(`tr[data-plugin="${PLUGIN_FILE}"]`);
}

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  workDir = mkdtempSync(join(tmpdir(), 'sfwp-plugin-upload-'));
  built = await buildPluginZip(join(workDir, 'dist'));
  wordpress = await startLocalWordPress({ companionPlugin: false, workers: 2 });
  context = await chromium.launchPersistentContext(join(workDir, 'chromium'), {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
  });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  page = await context.newPage();
});

after(async () => {
  await context.close();
  await wordpress.stop();
  rmSync(workDir, { recursive: true, force: true });
});

void test('the site starts without the plugin: not in the list, no sfwp routes', async () => {
  assert.equal(existsSync(join(wordpress.siteDir, 'wp-content/plugins/sfwp')), false);
  const status = await rest('sfwp/v1/status');
  assert.equal(status.status, 404);
  assert.equal(((await status.json()) as { code: string }).code, 'rest_no_route');

  await page.goto(`${wordpress.url}/wp-login.php`);
  await page.locator('#user_login').fill(wordpress.username);
  await page.locator('#user_pass').fill(wordpress.adminPassword);
  await page.locator('#wp-submit').click();
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();

  await page.locator('#menu-plugins > a').click();
  await page.getByRole('heading', { name: 'Plugins', level: 1 }).waitFor();
  assert.equal(await pluginRow(page).count(), 0);
});

void test('Plugins → Add New → Upload Plugin installs the zip, and Activate activates it', async () => {
  await page.locator('#menu-plugins').getByRole('link', { name: 'Add New', exact: true }).click();
  await page.locator('a.upload-view-toggle').click();
  await page.locator('#pluginzip').setInputFiles(built.file);
  await page.screenshot({ path: join(SCREENSHOTS, 'plugin-01-upload.png') });
  await page.locator('#install-plugin-submit').click();

  await page.getByText('Plugin installed successfully.').waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'plugin-02-installed.png') });
  await page.getByRole('link', { name: 'Activate Plugin' }).click();

  await page.getByText('Plugin activated.').waitFor();
  const row = pluginRow(page);
  assert.match((await row.getAttribute('class')) ?? '', /(^|\s)active(\s|$)/);
  assert.match(await row.innerText(), /sfwp — Salesforce sync companion/);
  assert.match(await row.innerText(), new RegExp(`Version ${built.version.replace(/\./g, '\\.')}`));
  await page.screenshot({ path: join(SCREENSHOTS, 'plugin-03-active.png'), fullPage: true });

  const installed = join(wordpress.siteDir, 'wp-content/plugins/sfwp');
  assert.equal(existsSync(join(installed, 'readme.txt')), true);
  assert.equal(existsSync(join(installed, 'uninstall.php')), true);
});

void test('the uploaded plugin reports its version and records a new user in its change feed', async () => {
  const status = await rest('sfwp/v1/status');
  assert.equal(status.status, 200);
  const reported = (await status.json()) as { version: string; latest_cursor: number };
  assert.equal(reported.version, built.version);

  const created = await rest('wp/v2/users', {
    method: 'POST',
    body: JSON.stringify({
      username: 'site-owner-test',
      email: 'site-owner-test@example.test',
      password: 'a-long-password-for-the-test-user',
    }),
  });
  assert.equal(created.status, 201);
  const user = (await created.json()) as { id: number };

  const feed = await rest(`sfwp/v1/changes?after=${String(reported.latest_cursor)}`);
  assert.equal(feed.status, 200);
  const { changes } = (await feed.json()) as { changes: Change[] };
  assert.deepEqual(
    changes
      .filter((change) => change.type === 'user' && change.id === user.id)
      .map(({ operation, origin }) => ({ operation, origin })),
    [{ operation: 'create', origin: 'wordpress' }],
  );
});

void test('Deactivate and Delete in wp-admin remove the plugin, its table and its options', async () => {
  const tableQuery =
    "$result = $wpdb->get_var( $wpdb->prepare( 'SHOW TABLES LIKE %s', $wpdb->prefix . 'sfwp_changes' ) );";
  assert.equal(await php<string | null>(tableQuery), 'wp_sfwp_changes');

  page.once('dialog', (dialog) => void dialog.accept());
  await page.locator('#menu-plugins > a').click();
  await pluginRow(page)
    .getByRole('link', { name: /Deactivate/ })
    .click();
  await page.getByText('Plugin deactivated.').waitFor();
  await pluginRow(page)
    .getByRole('link', { name: /Delete/ })
    .click();
  // With its script ready the list asks in a dialog and deletes in place; a click before that
  // follows the link to the confirmation page. Either is what a site owner sees.
  const confirmPage = page.getByRole('button', { name: 'Yes, delete these files and data' });
  const deletedInPlace = page.getByText(/was successfully deleted/);
  await confirmPage.or(deletedInPlace).waitFor();
  if (await confirmPage.isVisible()) await confirmPage.click();
  await page.getByText(/was successfully deleted|The selected plugin has been deleted/).waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'plugin-04-deleted.png'), fullPage: true });

  assert.equal(existsSync(join(wordpress.siteDir, 'wp-content/plugins/sfwp')), false);
  assert.equal(await php<string | null>(tableQuery), null);
  assert.equal(
    await php<string>(
      '$result = (string) $wpdb->get_var( "SELECT GROUP_CONCAT(option_name) FROM {$wpdb->options} WHERE option_name LIKE \'sfwp%\'" );',
    ),
    '',
  );
});
