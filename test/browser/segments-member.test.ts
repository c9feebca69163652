/**
 * Segments (issue 23) in Chromium against a real local WordPress: a logged-in member without
 * the tag opens a members-only page and sees the message; the connector's kind of write gives
 * them the tag (the list meta `sfwp_tags` through REST), and after a reload the content is
 * there; the tag removed, the page refuses them again. And an administrator in the block editor:
 * the "Members only" block saves its inner blocks under its tags, and the Members only box saves
 * the post's rule. Screenshots go to test-results/browser.
 *
 *   npx tsx --test test/browser/segments-member.test.ts
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startLocalWordPress, type LocalWordPress } from '../wordpress/launcher.js';
import { runInSite } from '../wordpress/site-php.js';
import { SCREENSHOTS } from './support/admin-app-browser.js';
import {
  createMember,
  createPost,
  enableMemberTags,
  memberInChromium,
  type AccessRule,
  setMemberTags,
  type Member,
  type RestrictedPost,
} from './support/segments-site.js';

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
  ({ browser, page } = await memberInChromium(wordpress, member));
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

/** Polls until the probe returns a value. */
async function eventually<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  const deadline = Date.now() + UI_TIMEOUT_MS;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

void test('in the block editor, the Members only block and box save the tags and the rule', async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  context.setDefaultTimeout(UI_TIMEOUT_MS);
  const editor = await context.newPage();
  try {
    await editor.goto(`${wordpress.url}/wp-login.php`);
    await editor.locator('#user_login').fill(wordpress.username);
    await editor.locator('#user_pass').fill(wordpress.adminPassword);
    await editor.locator('#wp-submit').click();
    await editor.locator('#wpadminbar').waitFor();
    await editor.goto(`${wordpress.url}/wp-admin/post-new.php`);
    await editor.waitForFunction("window.wp?.data?.select('core/editor')?.getCurrentPostId() > 0");
    const title = await editor.evaluate<string>(
      `(() => {
        const { data, blocks } = window.wp;
        if (data.select('core/edit-post').isFeatureActive('welcomeGuide')) {
          data.dispatch('core/edit-post').toggleFeature('welcomeGuide');
        }
        data.dispatch('core/editor').editPost({ title: 'Members briefing' });
        const inner = [blocks.createBlock('core/paragraph', { content: 'For Gold eyes' })];
        data.dispatch('core/block-editor').insertBlocks([
          blocks.createBlock('sfwp/members-only', { tags: 'Gold', match: 'all' }, inner),
        ]);
        data.dispatch('core/block-editor').clearSelectedBlock();
        data.dispatch('core/edit-post').openGeneralSidebar('edit-post/document');
        return blocks.getBlockType('sfwp/members-only').title;
      })()`,
    );
    assert.equal(title, 'Members only');
    const box = editor.locator('#sfwp-access-tags');
    if (!(await box.isVisible())) {
      await editor.getByRole('button', { name: 'Members only', exact: true }).click();
    }
    await box.fill('Gold, Platinum');
    await editor.locator('input[name="sfwp_access_denied"][value="redirect"]').check();
    await editor.locator('#sfwp-access-redirect').fill(`${wordpress.url}/join/`);
    await editor.screenshot({ path: join(SCREENSHOTS, 'segments-03-editor.png') });
    const postId = await editor.evaluate<number>(
      "window.wp.data.dispatch('core/editor').savePost().then(() => window.wp.data.select('core/editor').getCurrentPostId())",
    );
    const saved = await eventually(async () => {
      const stored = await runInSite<{ content: string; rule: AccessRule | '' }>(
        wordpress,
        `$result = array( 'content' => get_post( ${postId} )->post_content, 'rule' => get_post_meta( ${postId}, '_sfwp_access', true ) );`,
      );
      return stored.rule === '' ? undefined : stored;
    }, 'the Members only box to be saved');
    assert.match(
      saved.content,
      /<!-- wp:sfwp\/members-only {"tags":"Gold","match":"all"} -->[\s\S]*<p>For Gold eyes<\/p>[\s\S]*<!-- \/wp:sfwp\/members-only -->/,
    );
    assert.deepEqual(saved.rule, {
      tags: ['Gold', 'Platinum'],
      match: 'any',
      denied: 'redirect',
      message: '',
      redirect: `${wordpress.url}/join/`,
    });
  } finally {
    await context.close();
  }
});
