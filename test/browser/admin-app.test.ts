/**
 * The admin app in a real browser (Debian chromium through playwright-core) against the org
 * emulator, as issue 5 describes: open the app; see the shipped default mappings; add a field
 * mapping and see the validation error for a field that does not exist; save a valid one and see
 * it in the emulator; see a failed sync log entry and press Retry, and a subscriber to
 * WP_Sync_Command__e on the emulator receives the command: the unmodified Pub/Sub API client,
 * signed in as the connector's integration user, on the emulator's gRPC server. And (issue 8) a
 * log message full of markup is shown as text and runs nothing.
 * Screenshots go to test-results/browser.
 *
 *   npm run test:browser   (builds the preview once when the components changed)
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openAdminApp, SCREENSHOTS, type AdminAppBrowser } from './support/admin-app-browser.js';
import type PubSubApiClient from 'salesforce-pubsub-api-client';
import { connectClient, SubscriptionRecorder } from '../emulator/pubsub/testing/client.js';
import { login, startAdminPreview, type RunningAdminPreview } from '../admin-preview/server.js';
import { FAILED_MESSAGE, HOSTILE_MESSAGE } from '../admin-preview/seed.js';

const COMMAND_TOPIC = '/event/WP_Sync_Command__e';
const COMMAND_TIMEOUT_MS = 10_000;

let preview: RunningAdminPreview;
let app: AdminAppBrowser;
let page: Page;
let pubsub: PubSubApiClient | undefined;
const commands = new SubscriptionRecorder();

/** A field of a received event: the client hands Avro unions over as `{string: value}`. */
function valueOf(payload: Record<string, unknown>, field: string): unknown {
  const value = payload[field];
  return value !== null && typeof value === 'object' && 'string' in value ? value.string : value;
}

/** The first command the Pub/Sub subscriber received that matches `predicate`. */
async function commandReceived(
  predicate: (payload: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  const find = () => commands.events.find((event) => predicate(event.payload));
  await commands.waitFor(() => find() !== undefined, COMMAND_TIMEOUT_MS);
  const found = find();
  assert.ok(found);
  return found.payload;
}

before(async () => {
  preview = await startAdminPreview({ heartbeatMs: 1000 });
  const { emulator } = preview;
  assert.ok(emulator.pubSub, 'the preview starts the emulator with its Pub/Sub server');
  pubsub = await connectClient(
    emulator.pubSub.endpoint,
    await login(emulator, 'integration'),
    // The client accepts only https instance URLs; the server only needs one to be given.
    emulator.instanceUrl.replace(/^http:/, 'https:'),
    emulator.credentials.orgId,
  );
  pubsub.subscribe(COMMAND_TOPIC, commands.callback, 100);
  app = await openAdminApp(preview.url);
  page = app.page;
});

after(async () => {
  await app.close();
  // Server first: it ends open streams while the client still listens (toolchain.md: an error
  // reaching a closed client crashes the process).
  await preview.stop();
  pubsub?.close();
});

void test('opens the app and shows the connector heartbeat', async () => {
  await page.getByRole('heading', { name: 'WordPress Sync', level: 1 }).waitFor();
  await page.getByText('0.1.0-preview').waitFor();
  assert.equal(await page.locator('.read-only-notice').count(), 0, 'the admin may edit');
  await page.screenshot({ path: join(SCREENSHOTS, '01-connector.png'), fullPage: true });
});

void test('shows the shipped default mappings from the emulator', async () => {
  await page.getByRole('tab', { name: 'Mappings' }).click();
  const contactCard = page.locator('lightning-card.mapping', { hasText: '(Contact_User)' });
  const accountCard = page.locator('lightning-card.mapping', { hasText: '(Account_Organization)' });
  await contactCard.waitFor();
  await accountCard.waitFor();
  await contactCard.getByRole('gridcell', { name: 'first_name' }).waitFor();
  await accountCard.getByRole('gridcell', { name: 'meta.billing_city' }).waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, '02-mappings.png'), fullPage: true });
});

void test('refuses a field mapping to a WordPress field that does not exist', async () => {
  const contactCard = page.locator('lightning-card.mapping', { hasText: '(Contact_User)' });
  await contactCard.getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('button', { name: 'Add field mapping' }).click();
  const row = page.locator('fieldset', { hasText: 'Field mapping 6' });
  await row.getByRole('combobox', { name: 'Salesforce field' }).click();
  await page.getByRole('option', { name: 'Title (Title)' }).click();
  await row.getByRole('textbox', { name: 'WordPress field' }).fill('favourite_colour');
  await page.getByRole('button', { name: 'Save', exact: true }).click();

  const alert = page.locator('.validation');
  await alert
    .getByText('Field mapping 6: WordPress user has no field "favourite_colour".')
    .waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, '03-validation-error.png'), fullPage: true });
  const saved = preview.emulator.org.query(
    "SELECT Id FROM WP_Field_Mapping__mdt WHERE DeveloperName = 'Contact_User_Title'",
  );
  assert.equal(saved.totalSize, 0, 'nothing is deployed while the mapping has issues');
});

void test('deploys a valid field mapping into the emulator', async () => {
  const row = page.locator('fieldset', { hasText: 'Field mapping 6' });
  await row.getByRole('textbox', { name: 'WordPress field' }).fill('meta.job_title');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Deployed. The connector was asked to reload its mappings.').waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, '04-deployed.png'), fullPage: true });

  const saved = preview.emulator.org.query(
    'SELECT Salesforce_Field__c, WordPress_Field__c, Direction__c, Object_Mapping__r.DeveloperName ' +
      "FROM WP_Field_Mapping__mdt WHERE DeveloperName = 'Contact_User_Title'",
  );
  assert.equal(saved.totalSize, 1);
  assert.deepEqual(
    {
      salesforce: saved.records[0]?.Salesforce_Field__c,
      wordPress: saved.records[0]?.WordPress_Field__c,
      direction: saved.records[0]?.Direction__c,
    },
    { salesforce: 'Title', wordPress: 'meta.job_title', direction: 'Bidirectional' },
  );
  const contactMapping = preview.emulator.org
    .mappings()
    .find((mapping) => mapping.developerName === 'Contact_User');
  assert.ok(contactMapping, 'the Contact mapping is still there');
  const reload = await commandReceived(
    (payload) => valueOf(payload, 'Command__c') === 'ReloadMappings',
  );
  assert.equal(valueOf(reload, 'Mapping__c'), 'Contact_User');

  await page.getByRole('button', { name: 'Back to mappings' }).click();
  const contactCard = page.locator('lightning-card.mapping', { hasText: '(Contact_User)' });
  await contactCard.getByRole('gridcell', { name: 'meta.job_title' }).waitFor();
});

void test('retries a failed sync log entry and the connector side receives the command', async () => {
  const failedId = preview.seeded.failedRecordId;
  await page.getByRole('tab', { name: 'Sync log' }).click();
  const failedRow = page.getByRole('row').filter({ hasText: FAILED_MESSAGE });
  await failedRow.getByRole('gridcell', { name: 'Failed', exact: true }).waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, '05-sync-log.png'), fullPage: true });
  await failedRow.getByRole('button', { name: 'Retry' }).click();
  await page.getByText(`Retry of ${failedId} sent to the connector.`).waitFor();

  const command = await commandReceived(
    (payload) =>
      valueOf(payload, 'Command__c') === 'RetryFailed' &&
      valueOf(payload, 'Record_Ids__c') === failedId,
  );
  assert.equal(valueOf(command, 'Mapping__c'), 'Contact_User');
  await page.screenshot({ path: join(SCREENSHOTS, '06-retry-sent.png'), fullPage: true });
});

void test('shows a failure message full of markup as text and runs none of it', async () => {
  await page.getByRole('tab', { name: 'Sync log' }).click();
  const hostileRow = page
    .getByRole('row')
    .filter({ hasText: '<script>window.__sfwpXss=1</script>' });
  await hostileRow.getByRole('gridcell', { name: 'Failed', exact: true }).waitFor();
  const shown = await hostileRow.innerText();
  for (const fragment of [
    '<script>window.__sfwpXss=1</script>',
    '<img src=x onerror="window.__sfwpXss=1">',
    '"><svg onload=window.__sfwpXss=1>',
    '<img src=y onerror=alert(1)>',
  ]) {
    assert.ok(shown.includes(fragment), `shown literally: ${fragment} (row text: ${shown})`);
  }
  assert.ok(HOSTILE_MESSAGE.includes('<script>'), 'the seeded message is the hostile one');
  await page.screenshot({ path: join(SCREENSHOTS, '07-hostile-message.png'), fullPage: true });
  // Give an injected handler every chance to run before looking for its effect.
  await page.waitForTimeout(500);
  const executed = await page.evaluate(
    () => (window as unknown as { __sfwpXss?: unknown }).__sfwpXss,
  );
  assert.equal(executed, undefined, 'no injected script or handler ran');
  assert.deepEqual(app.dialogs, [], 'no dialog opened');
  // Locators pierce shadow roots: no element the message describes exists anywhere.
  assert.equal(await page.locator('img[src="x"], img[src="y"]').count(), 0, 'no injected <img>');
  assert.equal(await page.locator('svg[onload]').count(), 0, 'no injected <svg>');
  assert.equal(await page.locator('[onerror]').count(), 0, 'no element with an onerror handler');

  // Control: the same markup inserted as HTML does run here, so the checks above can fail.
  await page.evaluate((html) => {
    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
  }, HOSTILE_MESSAGE);
  await page.waitForFunction(() => (window as unknown as { __sfwpXss?: unknown }).__sfwpXss === 1);
  assert.equal(await page.locator('[onerror]').count(), 2, 'the control injected its <img>s');
  await page.waitForTimeout(200);
  assert.ok(app.dialogs.length > 0, 'the control opened a dialog');
});
