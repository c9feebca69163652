/**
 * The admin app in a real browser (Debian chromium through playwright-core) shows Salesforce
 * data carrying script as text (issue 24, item 1): the payloads of the WordPress XSS tests
 * (test/integration/support/xss-payloads.ts) in sync log entries, as the connector reports a
 * value WordPress filtered, and typed into the mapping editor. The check walks the live DOM,
 * shadow roots included, for elements, handlers and URLs the browser built from a payload.
 * Screenshots go to test-results/browser.
 *
 *   npm run test:browser
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { openAdminApp, SCREENSHOTS, type AdminAppBrowser } from './support/admin-app-browser.js';
import { startAdminPreview, type RunningAdminPreview } from '../admin-preview/server.js';
import { MARK, PAYLOADS } from '../integration/support/xss-payloads.js';

/** Payloads that set a flag instead of alerting, so an execution is seen without a dialog. */
const FLAG = `window.__${MARK}=1`;
const MESSAGES = [
  `WordPress sanitised title (sent "${PAYLOADS.name}", stored "Acme Corp")`,
  PAYLOADS.description,
  `Website ${PAYLOADS.website} <a href="javascript:${FLAG}">${MARK}-link</a>`,
  `<svg onload="${FLAG}"><circle r="1"></circle></svg><img src="x" onerror="${FLAG}">${MARK}-img`,
  `&lt;script&gt;${FLAG}&lt;/script&gt; &#60;script&#62;${FLAG}&#60;/script&#62; ${MARK}-entities`,
];

let preview: RunningAdminPreview;
let app: AdminAppBrowser;
let page: Page;

/** What the browser built from a payload, found by walking every element and shadow root. */
async function injectedMarkup(target: Page): Promise<string[]> {
  return target.evaluate((mark) => {
    const found: string[] = [];
    const pending: (Document | ShadowRoot | Element)[] = [document];
    for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
      for (const element of Array.from(node.querySelectorAll('*'))) {
        if (element.shadowRoot) pending.push(element.shadowRoot);
        const tag = element.tagName.toLowerCase();
        const text = element.outerHTML;
        if (['script', 'iframe', 'object', 'embed', 'svg'].includes(tag) && text.includes(mark)) {
          found.push(`<${tag}>`);
        }
        for (const attribute of Array.from(element.attributes)) {
          const value = attribute.value;
          const name = attribute.name.toLowerCase();
          if (name.startsWith('on') && value.includes(mark)) found.push(`${tag} ${name}`);
          if (
            // Lightning base components use javascript:void(0) themselves; ours carry the mark.
            value.includes(mark) &&
            ['href', 'src', 'action', 'formaction', 'xlink:href'].includes(name) &&
            // A browser ignores whitespace and control characters inside a URL's scheme.
            /^(javascript|vbscript|data:text\/html)/.test(
              value.replace(/[\s\p{Cc}]+/gu, '').toLowerCase(),
            )
          ) {
            found.push(`${tag} ${name}="${value}"`);
          }
        }
      }
    }
    return found;
  }, MARK);
}

async function executed(target: Page): Promise<unknown> {
  // Give an injected handler every chance to run before looking for its effect.
  await target.waitForTimeout(500);
  return target.evaluate(
    (flag) => (window as unknown as Record<string, unknown>)[flag],
    `__${MARK}`,
  );
}

before(async () => {
  preview = await startAdminPreview({ heartbeatMs: 1000 });
  const { org, credentials } = preview.emulator;
  const session = org.sessionOf(org.user(credentials.integration.username));
  const [account] = preview.seeded.accounts;
  MESSAGES.forEach((message, index) => {
    org.events.publish(
      'WP_Sync_Result__e',
      {
        Mapping__c: 'Account_Organization',
        Record_Id__c: account,
        WP_Id__c: `<b onclick="${FLAG}">${String(index)}</b>`,
        Direction__c: 'SalesforceToWordPress',
        Status__c: index === 0 ? 'Skipped' : 'Failed',
        Message__c: message,
        Source_Event__c: `xss-${String(index)}`,
      },
      session,
    );
  });
  app = await openAdminApp(preview.url);
  page = app.page;
});

after(async () => {
  await app.close();
  await preview.stop();
});

void test('the sync log shows the XSS payloads as text and builds nothing from them', async () => {
  await page.getByRole('tab', { name: 'Sync log' }).click();
  await page
    .getByRole('row')
    .filter({ hasText: `${MARK}-entities` })
    .waitFor();
  const shown = await page.locator('lightning-datatable').innerText();
  for (const literal of [
    `<script>alert('${MARK}-name')</script>`,
    `<iframe src="https://evil.example/${MARK}-3"></iframe>`,
    `<svg onload="alert('${MARK}-4')">`,
    `javascript:alert('${MARK}-10')`,
    // Entity-encoded script stays as typed, never decoded into markup.
    `&lt;script&gt;${FLAG}&lt;/script&gt;`,
    `&#60;script&#62;${FLAG}&#60;/script&#62;`,
    `<b onclick="${FLAG}">0</b>`,
  ]) {
    assert.ok(shown.includes(literal), `shown literally: ${literal}`);
  }
  await page.screenshot({ path: join(SCREENSHOTS, 'xss-01-sync-log.png'), fullPage: true });
  assert.deepEqual(await injectedMarkup(page), []);
  assert.equal(await executed(page), undefined, 'no injected script or handler ran');
  assert.deepEqual(app.dialogs, [], 'no dialog opened');
});

void test('the mapping editor shows a payload typed as a WordPress field as text', async () => {
  await page.getByRole('tab', { name: 'Mappings' }).click();
  const accountCard = page.locator('lightning-card.mapping', { hasText: '(Account_Organization)' });
  await accountCard.getByRole('button', { name: 'Edit' }).click();
  await page.getByRole('button', { name: 'Add field mapping' }).click();
  const row = page.locator('fieldset', { hasText: 'Field mapping 6' });
  await row.getByRole('combobox', { name: 'Salesforce field' }).click();
  await page.getByRole('option', { name: /\(Phone\)$/ }).click();
  const field = `<img src="x" onerror="${FLAG}"><svg onload="${FLAG}">${MARK}`;
  await row.getByRole('textbox', { name: 'WordPress field' }).fill(field);
  await page.getByRole('button', { name: 'Save', exact: true }).click();

  const alert = page.locator('.validation');
  await alert.getByText(MARK, { exact: false }).first().waitFor();
  assert.ok((await alert.innerText()).includes(field), 'the refused field is quoted as text');
  await page.screenshot({ path: join(SCREENSHOTS, 'xss-02-mapping-editor.png'), fullPage: true });
  assert.deepEqual(await injectedMarkup(page), []);
  assert.equal(await executed(page), undefined, 'no injected script or handler ran');
  assert.deepEqual(app.dialogs, [], 'no dialog opened');
});

void test('control: the same payloads inserted as HTML do run, so the checks above can fail', async () => {
  await page.evaluate((html) => {
    const container = document.createElement('div');
    container.innerHTML = html;
    document.body.append(container);
  }, MESSAGES[3] ?? '');
  await page.waitForFunction(
    (flag) => (window as unknown as Record<string, unknown>)[flag] === 1,
    `__${MARK}`,
  );
  assert.ok((await injectedMarkup(page)).length >= 2, 'the control built an <svg> and an <img>');
});
