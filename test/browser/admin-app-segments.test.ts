/**
 * Issue 23 in the admin app (Debian's Chromium through playwright-core, the admin preview on the
 * org emulator): an admin opens the shipped Member_Level sample and adds a set mapping of the
 * member levels to the WordPress user's roles. The editor refuses a set of a field that is no
 * multi-select picklist and roles without an allowlist, then a privileged role without the
 * confirmation, with nothing deployed; confirmed, the deployed custom metadata carries the set
 * source, the allowed roles and the confirmation.
 *
 *   npx tsx --test test/browser/admin-app-segments.test.ts
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openAdminApp, SCREENSHOTS, type AdminAppBrowser } from './support/admin-app-browser.js';
import { startAdminPreview, type RunningAdminPreview } from '../admin-preview/server.js';

const NEW_ROW = 'Member_Level_WP_Member_Level';

let preview: RunningAdminPreview;
let app: AdminAppBrowser;
let page: Page;

before(async () => {
  preview = await startAdminPreview({ heartbeatMs: 1000 });
  app = await openAdminApp(preview.url);
  page = app.page;
});

after(async () => {
  await app.close();
  await preview.stop();
});

async function choose(row: Locator, combobox: string, option: string): Promise<void> {
  await row.getByRole('combobox', { name: combobox }).click();
  await page.getByRole('option', { name: option, exact: true }).click();
}

async function saveAndExpectIssue(text: string, screenshot: string): Promise<void> {
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.locator('.validation').getByText(text).waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, screenshot), fullPage: true });
  const saved = preview.emulator.org.query(
    `SELECT Id FROM WP_Field_Mapping__mdt WHERE DeveloperName = '${NEW_ROW}'`,
  );
  assert.equal(saved.totalSize, 0, 'nothing is deployed while the mapping has issues');
}

void test('an admin maps member levels to allowed WordPress roles, privileged ones confirmed', async () => {
  await page.getByRole('tab', { name: 'Mappings' }).click();
  const card = page.locator('lightning-card.mapping', { hasText: '(Member_Level)' });
  await card.getByRole('gridcell', { name: 'meta.sfwp_tags' }).waitFor();
  await card.getByRole('button', { name: 'Edit' }).click();

  const tags = page.locator('fieldset', { hasText: 'Field mapping 1' });
  assert.equal(
    await tags.getByRole('combobox', { name: 'Set source' }).innerText(),
    'Multi-select picklist',
    'the shipped sample is a multi-select picklist set',
  );
  await page.getByRole('button', { name: 'Add field mapping' }).click();
  const row = page.locator('fieldset', { hasText: 'Field mapping 2' });
  await choose(row, 'Salesforce field', 'Title (Title)');
  await row.getByRole('textbox', { name: 'WordPress field' }).fill('roles');
  await choose(row, 'Set source', 'Multi-select picklist');
  await saveAndExpectIssue(
    'Field mapping 2: Set source MultiSelectPicklist needs a multi-select picklist; Title is a string field.',
    'admin-segments-01-not-a-picklist.png',
  );
  await page
    .locator('.validation')
    .getByText('WordPress field roles needs Allowed roles')
    .waitFor();

  await choose(row, 'Salesforce field', 'Member Level (WP_Member_Level__c)');
  await row.getByRole('textbox', { name: 'Allowed roles' }).fill('member_gold, shop_manager');
  await row.getByRole('textbox', { name: 'Privileged roles of your site' }).fill('shop_manager');
  await saveAndExpectIssue(
    'Field mapping 2: Allowed roles shop_manager can manage the site or its users',
    'admin-segments-02-privileged.png',
  );

  await row.getByText('Allow privileged roles', { exact: true }).click();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page
    .getByText('Deployed. The connector was asked to reload its mappings.')
    .waitFor()
    .catch(async (error: unknown) => {
      await page.screenshot({
        path: join(SCREENSHOTS, 'admin-segments-03-failed.png'),
        fullPage: true,
      });
      throw error;
    });
  await page.screenshot({ path: join(SCREENSHOTS, 'admin-segments-03-deployed.png') });

  const saved = preview.emulator.org.query(
    'SELECT DeveloperName, Salesforce_Field__c, WordPress_Field__c, Set_Source__c, ' +
      'Allowed_Roles__c, Allow_Privileged_Roles__c FROM WP_Field_Mapping__mdt ' +
      "WHERE Object_Mapping__r.DeveloperName = 'Member_Level' ORDER BY DeveloperName",
  );
  assert.deepEqual(
    saved.records.map((record) => ({
      name: record.DeveloperName,
      salesforce: record.Salesforce_Field__c,
      wordPress: record.WordPress_Field__c,
      source: record.Set_Source__c,
      roles: record.Allowed_Roles__c,
      privileged: record.Allow_Privileged_Roles__c,
    })),
    [
      {
        name: 'Member_Level_Tags',
        salesforce: 'WP_Member_Level__c',
        wordPress: 'meta.sfwp_tags',
        source: 'MultiSelectPicklist',
        roles: null,
        privileged: false,
      },
      {
        name: NEW_ROW,
        salesforce: 'WP_Member_Level__c',
        wordPress: 'roles',
        source: 'MultiSelectPicklist',
        roles: 'member_gold,shop_manager',
        privileged: true,
      },
    ],
  );
  const mapping = preview.emulator.org.query(
    "SELECT Active__c FROM WP_Object_Mapping__mdt WHERE DeveloperName = 'Member_Level'",
  );
  assert.equal(mapping.records[0]?.Active__c, false, 'the sample stays inactive');
});
