/**
 * Issue 19 in the admin app (Debian's Chromium through playwright-core, the admin preview on the
 * org emulator): the mapping editor offers the WordPress forms the connector's heartbeat lists
 * (the preview seeds a heartbeat with forms), the admin picks one, maps its email field to the
 * Lead's Email from the form's own fields, saves, and the deployed custom metadata carries the
 * field and the chosen form's id.
 *
 *   npx tsx --test test/browser/admin-app-forms.test.ts
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openAdminApp, SCREENSHOTS, type AdminAppBrowser } from './support/admin-app-browser.js';
import { startAdminPreview, type RunningAdminPreview } from '../admin-preview/server.js';

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

void test('an admin picks a WordPress form and maps its email field to the Lead’s Email', async () => {
  await page.getByRole('heading', { name: 'WordPress Sync', level: 1 }).waitFor();
  await page.getByRole('tab', { name: 'Mappings' }).click();
  const card = page.locator('lightning-card.mapping', { hasText: '(Lead_Form_Submission)' });
  await card.getByRole('button', { name: 'Edit' }).click();

  const picker = page.getByRole('combobox', { name: 'WordPress form', exact: true });
  await picker.click();
  assert.deepEqual(await page.getByRole('listbox').getByRole('option').allInnerTexts(), [
    'Any form no other mapping names',
    'Contact us (id 7)',
    'Newsletter signup (id 9)',
  ]);
  await page.getByRole('option', { name: 'Contact us (id 7)' }).click();

  const emailRow = page.locator('fieldset').filter({
    has: page.getByRole('combobox', { name: 'Salesforce field' }).filter({ hasText: 'Email' }),
  });
  const wordPressField = emailRow.first().getByRole('combobox', { name: 'WordPress field' });
  await wordPressField.click();
  await page.getByRole('option', { name: 'Work email (fields.work_email)' }).click();
  await page.screenshot({ path: join(SCREENSHOTS, 'admin-forms-01-picker.png'), fullPage: true });
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page
    .getByText('Deployed. The connector was asked to reload its mappings.')
    .waitFor()
    .catch(async (error: unknown) => {
      await page.screenshot({
        path: join(SCREENSHOTS, 'admin-forms-02-failed.png'),
        fullPage: true,
      });
      throw error;
    });

  const email = preview.emulator.org.query(
    'SELECT WordPress_Field__c FROM WP_Field_Mapping__mdt ' +
      "WHERE Salesforce_Field__c = 'Email' AND Object_Mapping__r.DeveloperName = 'Lead_Form_Submission'",
  );
  assert.deepEqual(
    email.records.map((record) => record.WordPress_Field__c),
    ['fields.work_email'],
  );
  const mapping = preview.emulator.org.query(
    "SELECT WordPress_Form_Id__c FROM WP_Object_Mapping__mdt WHERE DeveloperName = 'Lead_Form_Submission'",
  );
  assert.deepEqual(
    mapping.records.map((record) => String(record.WordPress_Form_Id__c)),
    ['7'],
  );
});
