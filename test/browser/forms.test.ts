/**
 * Issue 19 in Chromium (Debian's, through playwright-core) against a real local WordPress: an
 * anonymous visitor fills the "Salesforce form" block on a published page using the keyboard
 * only; bad input gets inline errors tied to their fields; the form works with JavaScript off;
 * axe (@axe-core/playwright) finds no serious or critical violation in the
 * form; and an administrator viewing stored submissions full of script sees text, nothing runs.
 * Screenshots go to test-results/browser.
 *
 *   npx tsx --test test/browser/forms.test.ts
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startLocalWordPress, type LocalWordPress } from '../wordpress/launcher.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = resolve('test-results/browser');
const UI_TIMEOUT_MS = 30_000;
const MARK = 'sfwpFormXss';

interface Row {
  id: string;
  fields: string;
  status: string;
  utm_source: string;
  utm_campaign: string;
  page_url: string;
}

let wordpress: LocalWordPress;
let browser: Browser;
let workDir: string;
let formId = 0;
let pageUrl = '';
let pageId = 0;

async function rest<T>(path: string, init: RequestInit = {}): Promise<T> {
  const basic = Buffer.from(`${wordpress.username}:${wordpress.applicationPassword}`).toString(
    'base64',
  );
  const response = await fetch(`${wordpress.url}/wp-json${path}`, {
    ...init,
    headers: { authorization: `Basic ${basic}`, 'content-type': 'application/json' },
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

const rows = (): Promise<Row[]> => rest<Row[]>('/sfwp-test/v1/form-submissions');

/** Serious and critical axe violations inside the form. */
async function seriousViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).include('.sfwp-form').analyze();
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${String(violation.impact)}, ${violation.nodes.length} nodes)`,
    );
}

/** Presses Tab until the focused element has the id (at most 30 times). */
async function tabTo(page: Page, id: string): Promise<number> {
  for (let presses = 1; presses <= 30; presses += 1) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.id)) === id) return presses;
  }
  throw new Error(`Tab never reached #${id}`);
}

async function logIn(page: Page): Promise<void> {
  await page.goto(`${wordpress.url}/wp-login.php`);
  await page.locator('#user_login').fill(wordpress.username);
  await page.locator('#user_pass').fill(wordpress.adminPassword);
  await page.locator('#wp-submit').click();
  await page.getByRole('heading', { name: 'Dashboard', level: 1 }).waitFor();
}

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  workDir = mkdtempSync(join(tmpdir(), 'sfwp-forms-browser-'));
  wordpress = await startLocalWordPress({ workers: 2 });
  await rest('/sfwp-test/v1/form-limits', {
    method: 'PUT',
    body: JSON.stringify({ rate_limit: 100, min_fill_seconds: 1 }),
  });
  const form = await rest<{ id: number }>('/sfwp-test/v1/forms', {
    method: 'POST',
    body: JSON.stringify({
      title: 'Contact us',
      definition: {
        fields: [
          { name: 'first_name', label: 'First name', type: 'text' },
          { name: 'email', label: 'Email', type: 'email', required: true },
          { name: 'topic', label: 'Topic', type: 'select', options: ['Sales', 'Support'] },
          { name: 'message', label: 'Message', type: 'textarea' },
        ],
        consent: { enabled: true, required: true, label: 'I agree to be contacted' },
        success: { message: 'Thank you, we will be in touch.' },
      },
    }),
  });
  formId = form.id;
  const page = await rest<{ id: number; link: string }>('/wp/v2/pages', {
    method: 'POST',
    body: JSON.stringify({
      title: 'Contact us',
      status: 'publish',
      content: `<!-- wp:sfwp/form {"formId":${formId}} /-->`,
    }),
  });
  pageUrl = page.link;
  pageId = page.id;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
  });
});

after(async () => {
  await browser.close();
  await wordpress.stop();
  rmSync(workDir, { recursive: true, force: true });
});

void test('an anonymous visitor fills the block form with the keyboard only and is thanked; the submission keeps the UTM values', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const page = await context.newPage();
  const before = (await rows()).length;
  await page.goto(`${pageUrl}?utm_source=newsletter&utm_campaign=spring`);
  assert.deepEqual(await seriousViolations(page), []);

  await tabTo(page, `sfwp-${formId}-first-name`);
  await page.keyboard.type('Ada');
  await page.keyboard.press('Tab');
  await page.keyboard.type('ada@example.test');
  await page.keyboard.press('Tab');
  await page.keyboard.press('ArrowDown'); // Sales
  await page.keyboard.press('Tab');
  await page.keyboard.type('Please call me.');
  await page.keyboard.press('Tab');
  assert.equal(
    await page.evaluate(() => document.activeElement?.id),
    `sfwp-${formId}-sfwp-consent`,
  );
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  // The honeypot is never reached: the next stop is the button.
  assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'BUTTON');
  await page.waitForTimeout(1100); // the minimum fill time in this run
  await page.keyboard.press('Enter');

  const thanks = page.getByRole('status').filter({ hasText: 'Thank you, we will be in touch.' });
  await thanks.waitFor();
  assert.equal(
    await page.evaluate(() => document.activeElement?.textContent),
    'Thank you, we will be in touch.',
  );
  await page.screenshot({ path: join(SCREENSHOTS, 'forms-01-thanks.png') });
  const stored = (await rows()).slice(before);
  assert.equal(stored.length, 1);
  const [row] = stored;
  assert.ok(row);
  assert.deepEqual(JSON.parse(row.fields), {
    first_name: 'Ada',
    email: 'ada@example.test',
    topic: 'Sales',
    message: 'Please call me.',
  });
  assert.equal(row.utm_source, 'newsletter');
  assert.equal(row.utm_campaign, 'spring');
  assert.equal(row.page_url, `${pageUrl}?utm_source=newsletter&utm_campaign=spring`);
  await context.close();
});

void test('bad input gets inline errors tied to their fields, focus on the first, and nothing is stored', async () => {
  const context = await browser.newContext();
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const page = await context.newPage();
  const before = (await rows()).length;
  await page.goto(pageUrl);
  await page.getByLabel('Email').fill('not-an-email');
  await page.waitForTimeout(1100);
  await page.getByRole('button', { name: 'Send' }).click();

  const email = page.getByLabel('Email');
  await page.locator(`#sfwp-${formId}-email[aria-invalid="true"]`).waitFor();
  assert.equal(await email.getAttribute('aria-describedby'), `sfwp-${formId}-email-error`);
  assert.equal(
    await page.locator(`#sfwp-${formId}-email-error`).textContent(),
    'Email must be an email address, like name@example.com.',
  );
  assert.equal(
    await page.locator(`#sfwp-${formId}-sfwp-consent-error`).textContent(),
    'Please give your consent to send this form.',
  );
  assert.equal(await page.evaluate(() => document.activeElement?.id), `sfwp-${formId}-email`);
  assert.equal(
    await page.getByRole('status').textContent(),
    'Please correct the highlighted fields.',
  );
  assert.deepEqual(await seriousViolations(page), []);
  await page.screenshot({ path: join(SCREENSHOTS, 'forms-02-errors.png') });
  assert.equal((await rows()).length, before);
  await context.close();
});

void test('with JavaScript off the form posts, comes back with errors, then thanks the visitor', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const page = await context.newPage();
  const before = (await rows()).length;
  await page.goto(pageUrl);
  // Without the script the browser's own validation applies first (required fields, and
  // type="email" syntax); "grace@example" passes it, the server wants a domain with a dot.
  await page.getByLabel('Email').fill('grace@example');
  await page.getByLabel('I agree to be contacted').check();
  await page.waitForTimeout(1100);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.waitForURL(/sfwp_result=/);
  assert.equal(
    await page.locator(`#sfwp-${formId}-email-error`).textContent(),
    'Email must be an email address, like name@example.com.',
  );
  assert.equal(await page.getByLabel('Email').getAttribute('aria-invalid'), 'true');
  assert.equal(await page.getByLabel('Email').inputValue(), 'grace@example');
  assert.equal(await page.getByLabel('I agree to be contacted').isChecked(), true);
  assert.equal((await rows()).length, before);
  await page.getByLabel('Email').fill('grace@example.test');
  await page.waitForTimeout(1100);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByText('Thank you, we will be in touch.').waitFor();
  assert.equal((await rows()).length, before + 1);
  await context.close();
});

void test('nothing executes when an administrator views stored submissions carrying script', async () => {
  const flag = `window.__${MARK}=1`;
  await rest('/sfwp-test/v1/form-submissions', {
    method: 'POST',
    body: JSON.stringify({
      form_id: formId,
      fields: {
        first_name: `<script>${flag}</script>${MARK}-script`,
        [`<img src=x onerror="${flag}">`]: `<svg onload="${flag}"></svg>${MARK}-svg`,
        message: `"><img src=x onerror="${flag}">${MARK}-attr`,
      },
      utm_source: `<iframe srcdoc="<script>${flag}</script>"></iframe>`,
      page_url: `javascript:${flag}`,
      salesforce_id: `<b>${MARK}</b>`,
      message: `<img src=x onerror="${flag}">${MARK}-message`,
    }),
  });
  const context = await browser.newContext();
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const page = await context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await logIn(page);
  await page.goto(
    `${wordpress.url}/wp-admin/edit.php?post_type=sfwp_form&page=sfwp-form-submissions&status=failed`,
  );
  await page.getByRole('heading', { name: 'Form submissions', level: 1 }).waitFor();
  await page.screenshot({ path: join(SCREENSHOTS, 'forms-03-admin.png'), fullPage: true });
  await page.waitForTimeout(500);

  assert.equal(
    await page.evaluate(
      (name) => (window as unknown as Record<string, unknown>)[name],
      `__${MARK}`,
    ),
    undefined,
  );
  assert.deepEqual(dialogs, []);
  const table = page.locator('table.sfwp-submissions');
  assert.equal(await table.locator('script, iframe, svg, img').count(), 0);
  const text = (await table.textContent()) ?? '';
  for (const shown of [
    `<script>${flag}</script>${MARK}-script`,
    `${MARK}-svg`,
    `${MARK}-attr`,
    `${MARK}-message`,
    `<b>${MARK}</b>`,
  ]) {
    assert.ok(text.includes(shown), `shown as text: ${shown}`);
  }
  assert.equal(await table.locator('a[href^="javascript"]').count(), 0);
  await context.close();
});

void test('the block editor shows the Salesforce form block with its form chosen in the sidebar', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const page = await context.newPage();
  await logIn(page);
  await page.goto(`${wordpress.url}/wp-admin/post.php?post=${String(pageId)}&action=edit`);
  const block = page.locator('[data-type="sfwp/form"]');
  await block.waitFor();
  // The welcome guide opens on a first visit.
  await page.keyboard.press('Escape');
  // The server-rendered preview of the chosen form.
  await block.locator('.sfwp-form form').waitFor();
  assert.equal(await page.locator('.block-editor-warning').count(), 0);
  await block.click();
  await page.getByRole('button', { name: 'Settings', exact: true }).waitFor();
  const picker = page.getByLabel('Form', { exact: true });
  if (!(await picker.isVisible()))
    await page.getByRole('button', { name: 'Settings', exact: true }).click();
  assert.equal(await picker.inputValue(), String(formId));
  assert.deepEqual(await picker.locator('option').allTextContents(), [
    'Choose a form…',
    'Contact us',
  ]);
  await page.screenshot({ path: join(SCREENSHOTS, 'forms-04-editor.png') });
  await context.close();
});

void test('an administrator creates a form in wp-admin; invalid JSON keeps the saved definition', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const page = await context.newPage();
  await logIn(page);
  await page.goto(`${wordpress.url}/wp-admin/post-new.php?post_type=sfwp_form`);
  await page.locator('#title').fill('Newsletter signup');
  const definition = {
    fields: [{ name: 'email', label: 'Your email', type: 'email', required: true }],
  };
  await page
    .getByRole('textbox', { name: 'Form definition (JSON)' })
    .fill(JSON.stringify(definition));
  await page.locator('#publish').click();
  await page.waitForURL(/post\.php\?post=\d+&action=edit/);
  await page.locator('#message').waitFor();
  const id = Number(new URL(page.url()).searchParams.get('post'));
  assert.ok(id > 0);
  assert.match(
    (await page.locator('#sfwp-form-definition').textContent()) ?? '',
    new RegExp(`\\[sfwp_form id="${String(id)}"\\]`),
  );
  const stored = async (): Promise<unknown> =>
    JSON.parse(
      (
        await rest<{ meta: { _sfwp_form_definition: string } }>(
          `/wp/v2/sfwp-forms/${String(id)}?context=edit`,
        )
      ).meta._sfwp_form_definition,
    );
  assert.deepEqual(await stored(), definition);

  await page.getByRole('textbox', { name: 'Form definition (JSON)' }).fill('{ "fields": [ oops');
  await page.locator('#publish').click();
  await page.locator('#message').waitFor();
  assert.deepEqual(await stored(), definition);
  await page.screenshot({ path: join(SCREENSHOTS, 'forms-05-form-screen.png') });
  await context.close();
});
