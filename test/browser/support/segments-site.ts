/**
 * A WordPress set up for segments (issue 23): members whose tags live in the list meta
 * `sfwp_tags`, posts with a content access rule, and logging in as a member (in Chromium, or
 * with cookies for plain HTTP). The integration suite and the browser tests share these; the
 * end-to-end test with Salesforce can reuse them too.
 */
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { phpString, runInSite } from '../../wordpress/site-php.js';
import type { WordPressTarget } from '../../wordpress/target.js';

/** A WordPress the helpers can reach: REST as its administrator, and PHP on its files. */
export interface SegmentsSite extends WordPressTarget {
  siteDir?: string | undefined;
}

/** The user meta holding a member's tags, as the plugin reads it. */
export const TAGS_META = 'sfwp_tags';

export interface RestReply<T> {
  status: number;
  body: T;
  headers: Headers;
}

/** REST credentials: a login and its application password. */
export interface Credentials {
  username: string;
  applicationPassword: string;
}

/** A REST call with an application password (the site's administrator when none is given). */
export async function restAs<T>(
  site: SegmentsSite,
  method: string,
  route: string,
  options: { as?: Credentials | null; body?: unknown; headers?: Record<string, string> } = {},
): Promise<RestReply<T>> {
  const headers: Record<string, string> = { ...options.headers };
  const who = options.as === undefined ? site : options.as;
  if (who) {
    const token = Buffer.from(`${who.username}:${who.applicationPassword}`).toString('base64');
    headers.authorization = `Basic ${token}`;
  }
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${site.url}/wp-json${route}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  try {
    return { status: response.status, body: JSON.parse(text) as T, headers: response.headers };
  } catch {
    throw new Error(`${method} ${route} answered ${response.status} with non-JSON: ${text}`);
  }
}

/** A REST call that must succeed (2xx); returns the body. */
export async function restOk<T>(
  site: SegmentsSite,
  method: string,
  route: string,
  options: { as?: Credentials | null; body?: unknown } = {},
): Promise<T> {
  const reply = await restAs<T>(site, method, route, options);
  if (reply.status >= 300) {
    throw new Error(`${method} ${route} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  }
  return reply.body;
}

/** Tells the plugin that `sfwp_tags` holds a list, as the connector does at start. */
export async function enableMemberTags(site: SegmentsSite): Promise<void> {
  await restOk(site, 'PUT', '/sfwp/v1/settings', {
    body: { list_meta_keys: { user: [TAGS_META] } },
  });
}

export interface Member extends Credentials {
  id: number;
  password: string;
}

/** A subscriber with a password (to log in) and an application password (for REST). */
export async function createMember(site: SegmentsSite, prefix = 'member'): Promise<Member> {
  const username = `${prefix}${randomBytes(4).toString('hex')}`;
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  const user = await restOk<{ id: number }>(site, 'POST', '/wp/v2/users', {
    body: { username, email: `${username}@example.test`, password, roles: ['subscriber'] },
  });
  const app = await restOk<{ password: string }>(
    site,
    'POST',
    `/wp/v2/users/${user.id}/application-passwords`,
    { body: { name: 'segments test' } },
  );
  return { id: user.id, username, password, applicationPassword: app.password };
}

/** Sets a member's tags through REST, as the connector writes them (the list meta). */
export async function setMemberTags(
  site: SegmentsSite,
  userId: number,
  tags: string[],
): Promise<string[]> {
  const user = await restOk<{ meta: Record<string, unknown> }>(
    site,
    'POST',
    `/wp/v2/users/${userId}?context=edit`,
    { body: { meta: { [TAGS_META]: tags } } },
  );
  return user.meta[TAGS_META] as string[];
}

/** A post's content access rule, as the Members only box stores it. */
export interface AccessRule {
  tags: string[];
  match?: 'any' | 'all';
  denied?: 'message' | 'redirect';
  message?: string;
  redirect?: string;
}

export interface RestrictedPost {
  id: number;
  link: string;
}

/** Publishes a post or page and gives it an access rule (none when `rule` is null). */
export async function createPost(
  site: SegmentsSite,
  fields: { type?: 'posts' | 'pages'; title: string; content: string; excerpt?: string },
  rule: AccessRule | null,
): Promise<RestrictedPost> {
  const { type = 'posts', ...body } = fields;
  const post = await restOk<{ id: number; link: string }>(site, 'POST', `/wp/v2/${type}`, {
    body: { ...body, status: 'publish' },
  });
  if (rule) await setAccessRule(site, post.id, rule);
  return { id: post.id, link: post.link };
}

/** Writes a post's rule the way the Members only box saves it (the protected meta). */
export async function setAccessRule(
  site: SegmentsSite,
  postId: number,
  rule: AccessRule,
): Promise<void> {
  const value = JSON.stringify({ match: 'any', denied: 'message', message: '', ...rule });
  await runInSite<boolean>(
    site,
    `$result = (bool) update_post_meta( ${postId}, '_sfwp_access', wp_slash( json_decode( ${phpString(value)}, true ) ) );`,
  );
}

/** Logs a member in through wp-login.php in Chromium. */
export async function logInInBrowser(
  page: Page,
  site: SegmentsSite,
  member: Member,
): Promise<void> {
  await page.goto(`${site.url}/wp-login.php`);
  await page.locator('#user_login').fill(member.username);
  await page.locator('#user_pass').fill(member.password);
  await page.locator('#wp-submit').click();
  await page.waitForURL((url) => !url.pathname.endsWith('/wp-login.php'));
}

/** Debian's Chromium, headless, with a page logged in as the member (the segments tests). */
export async function memberInChromium(
  site: SegmentsSite,
  member: Member,
): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(30_000);
  const page = await context.newPage();
  await logInInBrowser(page, site, member);
  return { browser, page };
}

/** Logs a member in through wp-login.php over plain HTTP; returns the Cookie header to send. */
export async function logInWithCookies(site: SegmentsSite, member: Member): Promise<string> {
  const response = await fetch(`${site.url}/wp-login.php`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      cookie: 'wordpress_test_cookie=WP%20Cookie%20check',
    },
    body: new URLSearchParams({
      log: member.username,
      pwd: member.password,
      testcookie: '1',
      'wp-submit': 'Log In',
    }).toString(),
    signal: AbortSignal.timeout(20_000),
  });
  const cookies = response.headers
    .getSetCookie()
    .map((line) => line.split(';')[0] ?? '')
    .filter((pair) => pair.startsWith('wordpress_') && !pair.endsWith('=deleted'));
  if (response.status !== 302 || !cookies.some((pair) => pair.startsWith('wordpress_logged_in_'))) {
    throw new Error(`logging ${member.username} in answered ${response.status} without a session`);
  }
  return cookies.join('; ');
}

export interface PageReply {
  status: number;
  location: string | null;
  text: string;
}

/** GETs a front-end URL (a page, a feed, a search), as a visitor or with a member's cookies. */
export async function getPage(url: string, cookie?: string): Promise<PageReply> {
  const response = await fetch(url, {
    redirect: 'manual',
    headers: cookie ? { cookie } : {},
    signal: AbortSignal.timeout(20_000),
  });
  return {
    status: response.status,
    location: response.headers.get('location'),
    text: await response.text(),
  };
}
