/**
 * Segments (issue 23) in Chromium against a real local WordPress: a logged-in member without
 * the tag opens a members-only page and sees the message; the connector's kind of write gives
 * them the tag (the list meta `sfwp_tags` through REST), and after a reload the content is
 * there; the tag removed, the page refuses them again. Screenshots go to test-results/browser.
 *
 *   npx tsx --test test/browser/segments-member.test.ts
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startLocalWordPress, type LocalWordPress } from '../wordpress/launcher.js';
import { SCREENSHOTS } from './support/admin-app-browser.js';
import {
  createMember,
  createPost,
  enableMemberTags,
  logInInBrowser,
  setMemberTags,
  type Member,
  type RestrictedPost,
} from './support/segments-site.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const UI_TIMEOUT_MS = 30_000;
const SECRET = 'The Gold members’ briefing';
const MESSAGE = 'Only Gold members can read this briefing.';

let wordpress: LocalWordPress;
let browser: Browser;
let page: Page;
let member: Member;
let briefing: RestrictedPost;

/** What the member sees of the page: the secret, the message, or neither. */
async function visible(target: Page): Promise<{ secret: boolean; message: boolean }> {
  const main = target.locator('main');
  await main.waitFor();
  const text = await main.innerText();
  return { secret: text.includes(SECRET), message: text.includes(MESSAGE) };
}

before(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  wordpress = await startLocalWordPress({ workers: 2 });
  await enableMemberTags(wordpress);
  member = await createMember(wordpress, 'browsermember');
  briefing = await createPost(
    wordpress,
    { type: 'pages', title: 'Briefing', content: `<p>${SECRET}</p>` },
    { tags: ['Gold'], match: 'any', message: `<p>${MESSAGE}</p>` },
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  page = await context.newPage();
  await logInInBrowser(page, wordpress, member);
});

after(async () => {
  await browser.close();
  await wordpress.stop();
});

void test('a member sees a members-only page once they have the tag, and not after it is removed', async () => {
  await page.goto(briefing.link);
  assert.deepEqual(await visible(page), { secret: false, message: true }, 'no tag: the message');
  await page.screenshot({ path: join(SCREENSHOTS, 'segments-01-refused.png'), fullPage: true });

  assert.deepEqual(await setMemberTags(wordpress, member.id, ['Silver', 'Gold']), [
    'Silver',
    'Gold',
  ]);
  await page.reload();
  assert.deepEqual(await visible(page), { secret: true, message: false }, 'tag Gold: the page');
  await page.screenshot({ path: join(SCREENSHOTS, 'segments-02-member.png'), fullPage: true });

  assert.deepEqual(await setMemberTags(wordpress, member.id, ['Silver']), ['Silver']);
  await page.reload();
  assert.deepEqual(await visible(page), { secret: false, message: true }, 'tag removed: refused');
});
