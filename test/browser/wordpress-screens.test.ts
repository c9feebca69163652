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
import { phpString, runInSite } from '../wordpress/site-php.js';

const php = <T>(code: string): Promise<T> => runInSite<T>(wordpress, code);

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
let statusPort: number;

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

async function screenshot(target: Page, name: string, fullPage = true): Promise<void> {
  const file = join(SCREENSHOTS, `${name}.png`);
  await target.screenshot({ path: file, fullPage });
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
  statusPort = port;
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

void test('Sync now on a user whose Contact was changed by hand brings the WordPress values back', async () => {
  const id = await createUser('screens-ada', 'subscriber', 'Lovelace');
  const [contact] = await eventually(async () => {
    const found = await contactsByEmail('screens-ada@example.test');
    return found.length === 1 ? found : undefined;
  }, 'the new user’s Contact');
  assert.ok(contact);
  await integration.sobject('Contact').update({ Id: contact.Id, LastName: 'ChangedByHand' });

  await page.goto(`${wordpress.url}/wp-admin/user-edit.php?user_id=${id}`);
  const panel = page.locator('.sfwp-panel');
  assert.equal(await panel.locator('.sfwp-salesforce-id').innerText(), contact.Id);
  assert.equal(await panel.locator('.sfwp-state').innerText(), 'Linked');
  assert.equal(await panel.locator('.sfwp-dead-letter-count').innerText(), '0');
  await page.locator('#sfwp-salesforce').scrollIntoViewIfNeeded();
  await screenshot(page, 'wordpress-user-panel', false);
  await panel.locator('.sfwp-sync-now').click();
  assert.match(await page.locator('.sfwp-notice').innerText(), /1 object queued/);
  const row = await php<{ origin: string; reason: string } | null>(`
    global $wpdb;
    $result = $wpdb->get_row( $wpdb->prepare( 'SELECT origin, reason FROM ' . SFWP_Schema::table_name() . ' WHERE object_type = %s AND object_id = %d ORDER BY id DESC LIMIT 1', 'user', ${String(id)} ) );`);
  assert.deepEqual(
    { origin: row?.origin, reason: row?.reason },
    { origin: 'wordpress', reason: 'manual' },
    'Sync now goes through the change feed as a manual change',
  );
  await eventually(async () => {
    const [now] = await contactsByEmail('screens-ada@example.test');
    return now?.LastName === 'Lovelace' ? true : undefined;
  }, 'the WordPress last name back in Salesforce');

  // The Sync Log's recent results (WP_Sync_Log__c through the connector) show the success.
  const resultRow = page.locator(
    `.sfwp-result-row[data-sfwp-type="user"][data-sfwp-id="${String(id)}"]`,
  );
  await eventually(async () => {
    await page.goto(
      `${wordpress.url}/wp-admin/tools.php?page=sfwp-sync-log&view=results&result=Success&object_type=user`,
    );
    return (await resultRow.count()) > 0 ? true : undefined;
  }, 'the success in the Sync Log’s recent results');
  assert.equal(await resultRow.first().locator('.sfwp-result-status').innerText(), 'Success');
  await screenshot(page, 'wordpress-sync-log-results', true);
});

void test('the bulk action on 50 selected users brings all 50 to Salesforce', async () => {
  const ids = await php<number[]>(`
    foreach ( array( 'user_register', 'profile_update', 'set_user_role', 'add_user_role', 'added_user_meta', 'updated_user_meta' ) as $hook ) { remove_all_actions( $hook ); }
    remove_all_filters( 'insert_user_meta' );
    $result = array();
    for ( $i = 1; $i <= ${BULK_USERS}; $i++ ) {
      $login = sprintf( 'bulkuser%02d', $i );
      $result[] = wp_insert_user( array( 'user_login' => $login, 'user_pass' => wp_generate_password(), 'user_email' => $login . '@example.test', 'first_name' => 'Bulk', 'last_name' => 'User' . $i, 'role' => 'subscriber' ) );
    }
    update_user_meta( 1, 'users_per_page', 100 );`);
  assert.equal(ids.length, BULK_USERS);
  assert.equal((await contactsByEmail('bulkuser%')).length, 0, 'imported without the change feed');

  await page.goto(`${wordpress.url}/wp-admin/users.php?s=bulkuser&sfwp_status=linked`);
  assert.equal(await page.locator('#the-list tr.no-items').count(), 1, 'none linked yet');
  await page.goto(`${wordpress.url}/wp-admin/users.php?s=bulkuser&sfwp_status=not-linked`);
  assert.equal(await page.locator('#the-list tr').count(), BULK_USERS);
  await page.locator('#cb-select-all-1').check();
  await page.locator('#bulk-action-selector-top').selectOption('sfwp_sync_to_salesforce');
  await page.locator('#doaction').click();
  assert.match(await page.locator('.sfwp-notice').innerText(), /50 objects queued/);
  const contacts = await eventually(async () => {
    const found = await contactsByEmail('bulkuser%');
    return found.length === BULK_USERS ? found : undefined;
  }, 'all 50 Contacts');
  for (const [index, contact] of contacts.entries())
    assert.match(contact.LastName, /^User\d+$/, `Contact ${String(index)}`);

  await page.goto(`${wordpress.url}/wp-admin/users.php?s=bulkuser&sfwp_status=not-linked`);
  assert.equal(await page.locator('#the-list tr.no-items').count(), 1, 'none left unlinked');
  await page.goto(`${wordpress.url}/wp-admin/users.php?s=bulkuser&sfwp_status=linked`);
  assert.equal(await page.locator('#the-list tr').count(), BULK_USERS);
  const states = await page
    .locator('#the-list td.column-sfwp_salesforce .sfwp-state')
    .allInnerTexts();
  assert.deepEqual(new Set(states), new Set(['Linked']));
  await screenshot(page, 'wordpress-users-list', false);
});

void test('a bad email fails: the status filter shows the user, the log lists it, Retry fixes it', async () => {
  const id = await createUser('screens-bad', 'subscriber', 'Broken');
  await eventually(async () => {
    const found = await contactsByEmail('screens-bad@example.test');
    return found.length === 1 ? true : undefined;
  }, 'the user’s Contact');
  const setEmail = (email: string) =>
    php<number>(
      `$result = $wpdb->update( $wpdb->users, array( 'user_email' => ${phpString(email)} ), array( 'ID' => ${id} ) ); clean_user_cache( ${id} );`,
    );
  await setEmail('screens bad@example.test');
  await page.goto(`${wordpress.url}/wp-admin/user-edit.php?user_id=${id}`);
  await page.locator('.sfwp-sync-now').click();
  await page.locator('.sfwp-notice').waitFor();

  await eventually(async () => {
    await page.goto(`${wordpress.url}/wp-admin/users.php?sfwp_status=failed`);
    return (await page.locator(`#user-${id}`).count()) === 1 ? true : undefined;
  }, 'the failed user under the filter');
  assert.equal(await page.locator('#the-list tr').count(), 1, 'only the failed user');
  assert.equal(await page.locator(`#user-${id} .sfwp-state`).innerText(), 'Failed');

  await page.goto(`${wordpress.url}/wp-admin/tools.php?page=sfwp-sync-log`);
  const row = page.locator(`.sfwp-log-row[data-sfwp-id="${id}"]`);
  assert.match(await row.innerText(), /INVALID_EMAIL_ADDRESS/);
  assert.equal(await row.locator('.sfwp-log-status').innerText(), 'open');
  await screenshot(page, 'wordpress-sync-log');

  await setEmail('screens-bad@example.test');
  await row.locator('.sfwp-retry').click();
  assert.match(await page.locator('.sfwp-notice').innerText(), /1 fixed, 0 still failing/);
  await page.goto(`${wordpress.url}/wp-admin/users.php?sfwp_status=failed`);
  assert.equal(await page.locator(`#user-${id}`).count(), 0);
});

void test('a tracked post type has the column and, in the block editor, the meta box', async () => {
  // The shipped Account_Organization mapping runs from Salesforce to WordPress only.
  const created = await admin.sobject('Account').create({ Name: 'Screens Ltd' });
  assert.ok(created.success);
  const id = await eventually(async () => {
    const account = await admin.sobject('Account').retrieve(created.id);
    const wordpressId = Number((account as { WP_Id__c?: string | null }).WP_Id__c ?? '');
    return wordpressId > 0 ? wordpressId : undefined;
  }, 'the Account’s organization post');
  await page.goto(`${wordpress.url}/wp-admin/edit.php?post_type=organization`);
  assert.equal(
    await page.locator(`#post-${id} td.column-sfwp_salesforce .sfwp-state`).innerText(),
    'Linked',
  );

  await page.goto(`${wordpress.url}/wp-admin/post.php?post=${id}&action=edit`);
  const box = page.locator('#sfwp-salesforce');
  await box.waitFor({ state: 'attached' });
  await page.keyboard.press('Escape');
  assert.equal(await box.locator('.sfwp-state').innerText(), 'Linked');
  assert.equal(await box.locator('.sfwp-salesforce-id').innerText(), created.id);
  assert.equal(await box.locator('.sfwp-sync-now').count(), 0, 'synced from Salesforce only');
  assert.equal(await box.locator('.sfwp-from-salesforce').count(), 1);
  await box.scrollIntoViewIfNeeded();
  await screenshot(page, 'wordpress-meta-box', false);
});

void test('a subscriber and an editor are refused every screen and action', async () => {
  for (const role of ['subscriber', 'editor']) {
    const login = `screens-${role}`;
    await createUser(login, role, role);
    const context = await browser.newContext();
    const visitor = await context.newPage();
    await logIn(visitor, login, PASSWORD);
    assert.equal(await visitor.locator('a[href*="page=sfwp-sync"]').count(), 0, `${role}: no menu`);
    for (const screen of ['options-general.php?page=sfwp-sync', 'tools.php?page=sfwp-sync-log']) {
      const response = await visitor.goto(`${wordpress.url}/wp-admin/${screen}`);
      assert.equal(response?.status(), 403, `${role}: ${screen}`);
    }
    await visitor.goto(`${wordpress.url}/wp-admin/profile.php`);
    assert.equal(await visitor.locator('#sfwp-salesforce').count(), 0, `${role}: no panel`);
    const sync = await visitor.goto(
      `${wordpress.url}/wp-admin/admin-post.php?action=sfwp_sync_now&type=user&id=1`,
    );
    assert.equal(sync?.status(), 403, `${role}: Sync now`);
    const retry = await visitor.request.post(`${wordpress.url}/wp-admin/admin-post.php`, {
      form: { action: 'sfwp_retry', mapping: 'Contact_User', id: '1' },
    });
    assert.equal(retry.status(), 403, `${role}: Retry`);
    if (role === 'editor') {
      await visitor.goto(`${wordpress.url}/wp-admin/edit.php?post_type=organization`);
      assert.equal(await visitor.locator('th#sfwp_salesforce').count(), 0, 'editor: no column');
      assert.equal(
        await visitor.locator('option[value="sfwp_sync_to_salesforce"]').count(),
        0,
        'editor: no bulk action',
      );
    }
    await context.close();
  }
});

void test('a forged nonce is refused and records nothing', async () => {
  const rows = () =>
    php<number>(
      '$result = (int) $wpdb->get_var( "SELECT COUNT(*) FROM {$wpdb->prefix}sfwp_changes WHERE object_type = \'user\' AND object_id = 1" );',
    );
  const before = await rows();
  const response = await page.goto(
    `${wordpress.url}/wp-admin/admin-post.php?action=sfwp_sync_now&type=user&id=1&_wpnonce=0123456789`,
  );
  assert.equal(response?.status(), 403);
  assert.equal(await rows(), before);
});

void test('the heartbeat route and the connector routes refuse unsigned calls', async () => {
  const basic = Buffer.from(`${wordpress.username}:${wordpress.applicationPassword}`).toString(
    'base64',
  );
  const heartbeat = await fetch(`${wordpress.url}/wp-json/sfwp/v1/heartbeat`, {
    method: 'POST',
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' },
    body: JSON.stringify({ state: 'running', version: '9.9.9' }),
  });
  assert.equal(heartbeat.status, 403, 'an administrator without the connector’s signature');
  const stored = await php<{ version: string }>(
    "$result = get_option( 'sfwp_connector_heartbeat' );",
  );
  assert.notEqual(stored.version, '9.9.9');
  for (const route of ['link-status', 'outcomes', 'retry']) {
    const response = await fetch(`http://127.0.0.1:${String(statusPort)}/wordpress/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'user', ids: [1], mapping: 'Contact_User' }),
    });
    assert.equal(response.status, 401, route);
  }
});

void test('the status page shows the latest drift audit once the Audit command ran one', async () => {
  await page.goto(`${wordpress.url}/wp-admin/options-general.php?page=sfwp-sync`);
  const row = page.locator('.sfwp-row-audit td');
  if (connector.status().audit === undefined)
    assert.match(await row.innerText(), /No audit has run yet/);
  const before = connector.status().audit?.finishedAt;
  await admin.sobject('WP_Sync_Command__e').create({ Command__c: 'Audit' });
  const audit = await eventually(() => {
    const latest = connector.status().audit;
    return Promise.resolve(latest && latest.finishedAt !== before ? latest : undefined);
  }, 'the audit the command started');
  await page.goto(`${wordpress.url}/wp-admin/options-general.php?page=sfwp-sync`);
  const text = await row.innerText();
  assert.ok(
    text.startsWith(
      `${audit.pairsChecked.toLocaleString('en-US')} pairs checked, ${audit.pairsDiffering.toLocaleString('en-US')} differing, ${audit.goneLinks.toLocaleString('en-US')} links with a side gone, ${audit.unlinkedMatches.toLocaleString('en-US')} unlinked matches`,
    ),
    text,
  );
  assert.ok(audit.pairsChecked > 0, 'the users the earlier tests synced');
  assert.match(text, /Finished .* ago/);
  assert.equal(await row.locator('time').getAttribute('datetime'), audit.finishedAt);
});
