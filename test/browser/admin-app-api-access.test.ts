/**
 * The admin app's API access tab (issue 22) in a real browser (Debian chromium through
 * playwright-core) against the org emulator: the shipped Account directory entry is listed; a
 * read entry for Contact is built with the field picker, refused while it names a field Contact
 * does not have, then deployed, listed, and read by the connector's own access-entry loader; an
 * Apex REST entry whose label is markup is listed as text and runs nothing; deactivating an entry
 * deploys it again with Active off and the connector stops allowing it.
 * Screenshots go to test-results/browser.
 *
 *   npx tsx --test test/browser/admin-app-api-access.test.ts
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openAdminApp, SCREENSHOTS, type AdminAppBrowser } from './support/admin-app-browser.js';
import { startAdminPreview, type RunningAdminPreview } from '../admin-preview/server.js';
import { connectAs } from '../integration/support/emulated-org.js';
import { loadAccessEntriesFromOrg } from '../../connector/src/salesforce/developer-api/access-entry-loader.js';

const HOSTILE_LABEL = '<img src=x onerror=window.__sfwpXss=1>';

let preview: RunningAdminPreview;
let app: AdminAppBrowser;
let page: Page;

/** The entries the connector would allow now, read as it reads them (its integration user). */
async function connectorEntries() {
  const connection = await connectAs(preview.emulator, 'integration');
  return loadAccessEntriesFromOrg(connection);
}

function entryRow(developerName: string) {
  return page.locator('tr.entry', { hasText: `(${developerName})` });
}

async function pick(comboboxName: string, optionName: string): Promise<void> {
  await page.getByRole('combobox', { name: comboboxName }).click();
  await page.getByRole('option', { name: optionName, exact: true }).click();
}

before(async () => {
  preview = await startAdminPreview({ heartbeatMs: 1000 });
  app = await openAdminApp(preview.url);
  page = app.page;
});

after(async () => {
  await app.close();
  await preview.stop();
});

void test('lists the shipped Account directory entry', async () => {
  await page.getByRole('tab', { name: 'API access' }).click();
  const row = entryRow('Account_Directory');
  await row.waitFor();
  const text = await row.innerText();
  assert.match(text, /Account directory/);
  assert.match(text, /Name, Website, BillingCity/);
  assert.match(text, /Active/);
  await page.screenshot({ path: join(SCREENSHOTS, 'api-access-01-list.png'), fullPage: true });
});

void test('refuses a Contact read entry that names a field Contact does not have', async () => {
  await page.getByRole('button', { name: 'New access entry' }).click();
  await page.getByRole('textbox', { name: 'API name' }).fill('Contact_Directory');
  await page.getByRole('textbox', { name: 'Label' }).fill('Contact directory');
  await pick('Salesforce object', 'Contact (Contact)');
  await pick('Add a field', 'First Name (FirstName)');
  await pick('Add a field', 'Last Name (LastName)');
  const allowed = page.getByRole('textbox', { name: 'Allowed fields' });
  assert.equal(await allowed.inputValue(), 'FirstName, LastName', 'the picker fills the allowlist');
  await allowed.fill('FirstName, LastName, Favourite_Colour__c');
  const filter = page.getByRole('textbox', { name: 'Fixed filter (optional)' });
  await filter.fill("LastName = 'A') OR (Favourite_Colour__c = 'red'");
  await page.getByRole('button', { name: 'Save', exact: true }).click();

  const validation = page.locator('.validation');
  await validation.getByText('Contact has no field "Favourite_Colour__c".').waitFor();
  await validation
    .getByText('Fixed filter has unbalanced parentheses or an unclosed quote.')
    .waitFor();
  await filter.fill("Favourite_Colour__c = 'red'");
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  // The emulator's SOQL parser refuses the condition, as Salesforce's does.
  await validation
    .getByText('Fixed filter is not a valid SOQL condition on Contact', { exact: false })
    .waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'api-access-02-invalid.png'), fullPage: true });
  const saved = preview.emulator.org.query(
    "SELECT Id FROM WP_API_Access__mdt WHERE DeveloperName = 'Contact_Directory'",
  );
  assert.equal(saved.totalSize, 0, 'nothing is deployed while the entry has issues');
});

void test('deploys the valid entry; it is listed and the connector allows it', async () => {
  await page.getByRole('textbox', { name: 'Allowed fields' }).fill('FirstName, LastName');
  await page.getByRole('textbox', { name: 'Fixed filter (optional)' }).fill("LastName != 'X'");
  await page.getByRole('spinbutton', { name: 'Max records' }).fill('50');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Deployed. The connector was asked to reload its mappings.').waitFor();

  const saved = preview.emulator.org.query(
    'SELECT Kind__c, Salesforce_Object__c, Allowed_Fields__c, Fixed_Filter__c, Max_Records__c, Active__c, ' +
      "Allow_Anonymous__c, Apex_Path__c FROM WP_API_Access__mdt WHERE DeveloperName = 'Contact_Directory'",
  );
  assert.equal(saved.totalSize, 1);
  assert.deepEqual(saved.records[0], {
    ...saved.records[0],
    Kind__c: 'Query',
    Salesforce_Object__c: 'Contact',
    Allowed_Fields__c: 'FirstName, LastName',
    Fixed_Filter__c: "LastName != 'X'",
    Max_Records__c: 50,
    Active__c: true,
    Allow_Anonymous__c: false,
    Apex_Path__c: null,
  });
  const { entries, problems } = await connectorEntries();
  const entry = entries.get('Contact_Directory');
  assert.deepEqual(
    entry?.kind === 'query' && {
      object: entry.object,
      fields: entry.fields,
      max: entry.maxRecords,
    },
    { object: 'Contact', fields: ['FirstName', 'LastName'], max: 50 },
  );
  assert.deepEqual(problems, [], 'the connector can use every entry');

  await page.getByRole('button', { name: 'Back to API access' }).click();
  const row = entryRow('Contact_Directory');
  await row.waitFor();
  assert.match(await row.innerText(), /FirstName, LastName/);
  await page.screenshot({ path: join(SCREENSHOTS, 'api-access-03-saved.png'), fullPage: true });
});

void test('shows an Apex REST entry labelled with markup as text and runs none of it', async () => {
  await page.getByRole('button', { name: 'New access entry' }).click();
  await page.getByRole('textbox', { name: 'API name' }).fill('Sample_Post');
  await page.getByRole('textbox', { name: 'Label' }).fill(HOSTILE_LABEL);
  await pick('Kind', 'Call an Apex REST path');
  await page.getByRole('textbox', { name: 'Apex REST path' }).fill('sfwp/sample');
  await pick('Method', 'POST');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.locator('.validation').getByText('Apex REST path must start with /').waitFor();

  await page.getByRole('textbox', { name: 'Apex REST path' }).fill('/sfwp/sample');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Deployed. The connector was asked to reload its mappings.').waitFor();
  await page.getByRole('button', { name: 'Back to API access' }).click();

  const row = entryRow('Sample_Post');
  await row.waitFor();
  assert.ok((await row.innerText()).includes(HOSTILE_LABEL), 'the label is shown literally');
  assert.match(await row.innerText(), /POST \/sfwp\/sample/);
  await page.waitForTimeout(500);
  const executed = await page.evaluate(
    () => (window as unknown as { __sfwpXss?: unknown }).__sfwpXss,
  );
  assert.equal(executed, undefined, 'no injected handler ran');
  assert.equal(await page.locator('img[src="x"]').count(), 0, 'no injected <img>');
  assert.deepEqual(app.dialogs, [], 'no dialog opened');
  const { entries } = await connectorEntries();
  const apex = entries.get('Sample_Post');
  assert.deepEqual(apex?.kind === 'apex' && { path: apex.path, method: apex.method }, {
    path: '/sfwp/sample',
    method: 'POST',
  });
  await page.screenshot({ path: join(SCREENSHOTS, 'api-access-04-markup.png'), fullPage: true });

  // Control: the same label inserted as HTML does run here, so the checks above can fail.
  await page.evaluate((html) => {
    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
  }, HOSTILE_LABEL);
  await page.waitForFunction(() => (window as unknown as { __sfwpXss?: unknown }).__sfwpXss === 1);
});

void test('deactivates an entry and the connector stops allowing it', async () => {
  const row = entryRow('Contact_Directory');
  await row.getByRole('button', { name: 'Deactivate' }).click();
  await page.getByText('Deployed. The connector was asked to reload its mappings.').waitFor();
  await row.getByText('Inactive', { exact: true }).waitFor();
  assert.equal(await row.getByRole('button', { name: 'Deactivate' }).isDisabled(), true);

  const saved = preview.emulator.org.query(
    "SELECT Active__c, Allowed_Fields__c FROM WP_API_Access__mdt WHERE DeveloperName = 'Contact_Directory'",
  );
  assert.equal(saved.records[0]?.Active__c, false);
  assert.equal(saved.records[0].Allowed_Fields__c, 'FirstName, LastName', 'other values kept');
  const { entries } = await connectorEntries();
  assert.equal(entries.has('Contact_Directory'), false);
  assert.equal(entries.has('Account_Directory'), true);
});
