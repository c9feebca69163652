/**
 * Script from Salesforce must not reach anonymous readers (issue 24, item 1). The connector
 * writes as an administrator, who has `unfiltered_html`; the companion plugin applies
 * WordPress's own filtering to every connector-origin write anyway. Checked in the run's real
 * WordPress: what is stored, what anonymous REST serves, and the page the default theme
 * renders, with a parser (./support/executable-markup.ts), never a substring search alone.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { originHeaders } from '../../connector/src/wordpress/origin-signature.js';
import { resetWordPress } from '../wordpress/reset.js';
import {
  elementCount,
  executableMarkupInDocument,
  executableMarkupInFragment,
  isScriptUrl,
  type ExecutableMarkup,
} from './support/executable-markup.js';
import { MARK, PAYLOADS } from './support/xss-payloads.js';

const wordpress = inject('wordpress');
const SECRET = randomBytes(24).toString('hex');

type Who = 'anonymous' | 'admin';

interface Reply<T> {
  status: number;
  body: T;
  text: string;
}

interface Rendered {
  raw?: string;
  rendered: string;
}

interface Post {
  id: number;
  link: string;
  status: string;
  title: Rendered;
  content: Rendered;
  excerpt: Rendered;
  meta: Record<string, string>;
}

interface User {
  id: number;
  name: string;
  slug: string;
  description: string;
  url: string;
  first_name?: string;
  last_name?: string;
  nickname?: string;
}

interface Status {
  unfiltered_html: boolean;
  warnings: { code: string; message: string }[];
}

async function rest<T>(
  method: string,
  route: string,
  options: { as?: Who; body?: unknown; signed?: boolean } = {},
): Promise<Reply<T>> {
  const headers: Record<string, string> = options.signed ? originHeaders(SECRET) : {};
  if ((options.as ?? 'admin') === 'admin') {
    const credentials = `${wordpress.username}:${wordpress.applicationPassword}`;
    headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${wordpress.url}/wp-json${route}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as T, text };
}

async function ok<T>(
  method: string,
  route: string,
  options: { as?: Who; body?: unknown; signed?: boolean } = {},
): Promise<T> {
  const reply = await rest<T>(method, route, options);
  if (reply.status >= 300) throw new Error(`${method} ${route}: ${reply.status} ${reply.text}`);
  return reply.body;
}

async function settings(body: Record<string, unknown>): Promise<void> {
  await ok('PUT', '/sfwp/v1/settings', { body });
}

/** The page a logged-out visitor gets. */
async function page(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(20_000) });
  expect(response.status, `GET ${url}`).toBe(200);
  return response.text();
}

/** Executable markup that came from the payloads (the theme's own scripts are not ours). */
function injected(found: ExecutableMarkup[]): ExecutableMarkup[] {
  return found.filter((item) => item.where.includes(MARK));
}

async function createOrganization(signed: boolean, extraMeta: Record<string, string> = {}) {
  return ok<Post>('POST', '/wp/v2/organizations', {
    signed,
    body: {
      title: PAYLOADS.name,
      content: PAYLOADS.description,
      status: 'publish',
      meta: { website: PAYLOADS.website, billing_city: PAYLOADS.city, ...extraMeta },
    },
  });
}

async function stored(id: number): Promise<Post> {
  return ok<Post>('GET', `/wp/v2/organizations/${String(id)}?context=edit`);
}

function expectNoExecutableIn(post: Post): void {
  expect(executableMarkupInFragment(post.title.rendered)).toEqual([]);
  expect(executableMarkupInFragment(post.content.rendered)).toEqual([]);
}

let counter = 0;
const unique = (): string => `${String(Date.now())}${String(++counter)}`;

beforeAll(async () => {
  await resetWordPress(wordpress);
});

beforeEach(async () => {
  await settings({
    shared_secret: SECRET,
    connector_user_id: 0,
    meta: { organization: ['website', 'billing_city', 'billing_country'] },
    html_meta_keys: {},
    url_meta_keys: { organization: ['website'] },
  });
});

describe('a connector-origin post write (signed), made as an administrator', () => {
  it('is stored filtered: kses post rules for content, no tags in the title, URL and text meta', async () => {
    const created = await createOrganization(true);
    const post = await stored(created.id);

    expect(post.title.raw).not.toBeUndefined();
    expect(elementCount(post.title.raw ?? '')).toBe(0);
    expect(post.title.raw).toContain('Acme');
    const raw = post.content.raw ?? '';
    expect(executableMarkupInFragment(raw)).toEqual([]);
    // What the post rules allow stays; the entity-encoded script stays text.
    expect(raw).toContain('<strong>us</strong>');
    expect(raw).toContain('<a href="https://example.test/">site</a>');
    expect(raw).toContain(`&lt;script&gt;alert('${MARK}-8')`);
    expect(post.meta.website).toBe('');
    expect(elementCount(post.meta.billing_city ?? '')).toBe(0);
    expect(post.meta.billing_city).toContain('Lyon');
  });

  it('serves anonymous REST readers and the rendered page no executable markup', async () => {
    const created = await createOrganization(true);
    const anonymous = await ok<Post>('GET', `/wp/v2/organizations/${String(created.id)}`, {
      as: 'anonymous',
    });
    expectNoExecutableIn(anonymous);
    expect(isScriptUrl(anonymous.meta.website ?? '')).toBe(false);

    const html = await page(anonymous.link);
    expect(html).toContain('Acme');
    expect(html).toContain('About <strong>us</strong>');
    expect(injected(executableMarkupInDocument(html))).toEqual([]);
  });

  it('control: the same write without the connector origin keeps the script (the check can fail)', async () => {
    const created = await createOrganization(false);
    const post = await stored(created.id);
    const kinds = new Set(executableMarkupInFragment(post.content.raw ?? '').map((f) => f.kind));
    expect([...kinds].sort()).toEqual(['element', 'event-handler', 'script-url']);
    expect(post.meta.website).toBe(PAYLOADS.website);
    const html = await page(post.link);
    expect(injected(executableMarkupInDocument(html)).length).toBeGreaterThan(0);
  });

  it('filters every request of a signed /batch/v1 call, excerpts included', async () => {
    const request = {
      method: 'POST',
      path: '/wp/v2/posts',
      body: {
        title: PAYLOADS.name,
        content: PAYLOADS.description,
        excerpt: PAYLOADS.description,
        status: 'publish',
      },
    };
    const reply = await ok<{ responses: { status: number; body: Post }[] }>('POST', '/batch/v1', {
      signed: true,
      body: { requests: [request, request] },
    });
    expect(reply.responses.map((response) => response.status)).toEqual([201, 201]);
    for (const { body } of reply.responses) {
      const post = await ok<Post>('GET', `/wp/v2/posts/${String(body.id)}?context=edit`);
      expect(executableMarkupInFragment(post.content.raw ?? '')).toEqual([]);
      expect(executableMarkupInFragment(post.excerpt.raw ?? '')).toEqual([]);
      expect(post.excerpt.raw).toContain('<strong>us</strong>');
      expect(elementCount(post.title.raw ?? '')).toBe(0);
      const anonymous = await ok<Post>('GET', `/wp/v2/posts/${String(body.id)}`, {
        as: 'anonymous',
      });
      expectNoExecutableIn(anonymous);
      expect(executableMarkupInFragment(anonymous.excerpt.rendered)).toEqual([]);
    }
  });

  it('filters the writes of the configured connector user even without a signature', async () => {
    const me = await ok<{ id: number }>('GET', '/wp/v2/users/me');
    await settings({ connector_user_id: me.id });
    const created = await createOrganization(false);
    const post = await stored(created.id);
    expect(executableMarkupInFragment(post.content.raw ?? '')).toEqual([]);
    expect(elementCount(post.title.raw ?? '')).toBe(0);
    expect(post.meta.website).toBe('');
  });

  it('keeps the post rules for meta declared HTML and strips every tag from other meta', async () => {
    await settings({
      meta: { organization: ['website', 'billing_city', 'summary'] },
      html_meta_keys: { organization: ['summary'] },
    });
    const created = await createOrganization(true, {
      summary: `<em>Hi</em>${PAYLOADS.description}`,
      billing_city: '<em>Lyon</em>',
    });
    const post = await stored(created.id);
    expect(post.meta.summary).toContain('<em>Hi</em>');
    expect(post.meta.summary).toContain('<strong>us</strong>');
    expect(executableMarkupInFragment(post.meta.summary ?? '')).toEqual([]);
    expect(post.meta.billing_city).toBe('Lyon');
  });
});

describe('a connector-origin user write (signed), made as an administrator', () => {
  async function createUser(description = PAYLOADS.description): Promise<User> {
    const id = unique();
    const user = await ok<User>('POST', '/wp/v2/users', {
      signed: true,
      body: {
        username: `xss${id}`,
        email: `xss${id}@example.test`,
        password: randomBytes(12).toString('hex'),
        first_name: `<script>alert('${MARK}-f')</script>Grace`,
        last_name: `<img src=x onerror="alert('${MARK}-l')">Hopper`,
        nickname: `<svg onload="alert('${MARK}-n')">`,
        name: `<b onclick="alert('${MARK}-d')">Grace</b> Hopper`,
        description,
        url: PAYLOADS.website,
      },
    });
    // Anonymous readers see only users with published posts.
    await ok('POST', '/wp/v2/posts', {
      body: { title: 'Hello', content: 'Post', status: 'publish', author: user.id },
    });
    return user;
  }

  it('stores names, description and Website as plain text and a safe URL', async () => {
    const created = await createUser();
    const user = await ok<User>('GET', `/wp/v2/users/${String(created.id)}?context=edit`);
    for (const field of [user.first_name, user.last_name, user.nickname, user.name]) {
      expect(executableMarkupInFragment(field ?? '')).toEqual([]);
    }
    expect(user.first_name).toContain('Grace');
    expect(elementCount(user.description)).toBe(0);
    expect(user.description).toContain('About us');
    expect(user.url).toBe('');
  });

  it('serves anonymous REST readers and the author’s post page no executable markup', async () => {
    const created = await createUser();
    const user = await ok<User>('GET', `/wp/v2/users/${String(created.id)}`, { as: 'anonymous' });
    expect(executableMarkupInFragment(user.name)).toEqual([]);
    expect(executableMarkupInFragment(user.description)).toEqual([]);
    expect(isScriptUrl(user.url)).toBe(false);

    const posts = await ok<Post[]>('GET', `/wp/v2/posts?author=${String(user.id)}`, {
      as: 'anonymous',
    });
    const html = await page(posts[0]?.link ?? '');
    // Twenty Twenty-One shows the author's bio under a single post.
    expect(html).toContain('About us');
    expect(injected(executableMarkupInDocument(html))).toEqual([]);
  });

  it('keeps the post rules’ allowed tags in the description when it is declared HTML', async () => {
    await settings({ html_meta_keys: { user: ['description'] } });
    const created = await createUser(`<strong>Bold</strong>${PAYLOADS.description}`);
    const user = await ok<User>('GET', `/wp/v2/users/${String(created.id)}?context=edit`);
    expect(user.description).toContain('<strong>Bold</strong>');
    expect(executableMarkupInFragment(user.description)).toEqual([]);
  });
});

describe('sfwp/v1/status on unfiltered_html', () => {
  it('warns while the connector user has unfiltered_html, and not for a user without it', async () => {
    const admin = await ok<Status>('GET', '/sfwp/v1/status');
    expect(admin.unfiltered_html).toBe(true);
    expect(admin.warnings.map((warning) => warning.code)).toEqual([
      'sfwp_connector_unfiltered_html',
    ]);

    const subscriber = wordpress.people?.subscriber;
    if (!subscriber) throw new Error('needs the test people of a WordPress started by this run');
    await settings({ connector_user_id: subscriber.id });
    const restricted = await ok<Status>('GET', '/sfwp/v1/status');
    expect(restricted.unfiltered_html).toBe(false);
    expect(restricted.warnings).toEqual([]);
  });
});
