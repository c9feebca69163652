/**
 * The issue 24 (item 1) payloads sent through the connector's own write path: the shipped
 * mappings (TextToHtml for Account Name and Description, Url for the Website fields), the
 * connector's origin signature, the settings it pushes to the companion plugin, and an
 * administrator's application password. What the connector writes must show the Salesforce
 * text as text and never run as script, in REST and on the rendered page.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { companionSettingsFor } from '../../connector/src/wordpress-to-salesforce/companion-settings.js';
import {
  applyToWordPress,
  type ApplyDependencies,
} from '../../connector/src/salesforce-to-wordpress/apply.js';
import type { SyncEvent } from '../../connector/src/salesforce-to-wordpress/event.js';
import { WpapiWordPressClient } from '../../connector/src/wordpress/index.js';
import { resetWordPress } from '../wordpress/reset.js';
import {
  elementCount,
  executableMarkupInDocument,
  executableMarkupInFragment,
  isScriptUrl,
} from './support/executable-markup.js';
import { shippedApplyDependencies, shippedMappings } from './support/shipped-mappings.js';
import { MARK, PAYLOADS } from './support/xss-payloads.js';

const wordpress = inject('wordpress');
const SECRET = randomBytes(24).toString('hex');

let counter = 0;
function event(
  mapping: 'Contact_User' | 'Account_Organization',
  payload: Record<string, unknown>,
): SyncEvent {
  counter++;
  const prefix = mapping === 'Contact_User' ? '003' : '001';
  return {
    mapping,
    object: mapping === 'Contact_User' ? 'Contact' : 'Account',
    recordId: `${prefix}${String(counter).padStart(12, '0')}XSS`,
    operation: 'CREATE',
    changedFields: Object.keys(payload),
    payload,
    wordpressId: undefined,
    modstamp: undefined,
  };
}

/** An administrator's REST call outside the connector (reading back, publishing). */
async function admin<T>(method: string, route: string, body?: unknown): Promise<T> {
  const credentials = `${wordpress.username}:${wordpress.applicationPassword}`;
  const response = await fetch(`${wordpress.url}/wp-json${route}`, {
    method,
    headers: {
      authorization: `Basic ${Buffer.from(credentials).toString('base64')}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  if (response.status >= 300) throw new Error(`${method} ${route}: ${text}`);
  return JSON.parse(text) as T;
}

async function anonymous<T>(route: string): Promise<T> {
  const response = await fetch(`${wordpress.url}/wp-json${route}`, {
    signal: AbortSignal.timeout(20_000),
  });
  expect(response.status, route).toBe(200);
  return (await response.json()) as T;
}

interface Rendered {
  raw?: string;
  rendered: string;
}

let client: WpapiWordPressClient;
let deps: ApplyDependencies;

beforeAll(async () => {
  await resetWordPress(wordpress);
  const mappings = shippedMappings();
  // What the connector pushes at start, with the secret it signs its writes with.
  await admin('PUT', '/sfwp/v1/settings', {
    ...companionSettingsFor(mappings, { webhookUrl: undefined, sharedSecret: SECRET }),
    post_types: ['post', 'page', 'organization'],
  });
});

beforeEach(() => {
  client = new WpapiWordPressClient({
    siteUrl: wordpress.url,
    username: wordpress.username,
    applicationPassword: wordpress.applicationPassword,
    originSecret: SECRET,
  });
  deps = shippedApplyDependencies(client);
});

describe('the connector writing the payloads with the shipped mappings, as an administrator', () => {
  it('tells the plugin which meta keys are URLs', async () => {
    const current = await admin<{ url_meta_keys: Record<string, string[]> }>(
      'GET',
      '/sfwp/v1/status',
    );
    expect(current.url_meta_keys).toEqual({ organization: ['website'] });
  });

  it('shows an Account’s Name and Description as text, never as markup, to anonymous readers', async () => {
    const outcome = await applyToWordPress(
      event('Account_Organization', {
        Name: PAYLOADS.name,
        Description: PAYLOADS.description,
        Website: 'https://acme.example',
        BillingCity: 'Lyon',
      }),
      deps,
    );
    // TextToHtml's output passes WordPress's filtering unchanged: nothing reported as altered.
    // WordPress strips the tags, and the connector reports what it stored instead (Skipped).
    expect(['Success', 'Skipped'], JSON.stringify(outcome)).toContain(outcome.status);
    if (outcome.status !== 'Success' && outcome.status !== 'Skipped') return;
    expect(outcome.wordpressId).toBeGreaterThan(0);
    const id = String(outcome.wordpressId);
    // Organization posts start as drafts; the reader needs it published.
    await admin('POST', `/wp/v2/organizations/${id}`, { status: 'publish' });

    const post = await anonymous<{ link: string; title: Rendered; content: Rendered }>(
      `/wp/v2/organizations/${id}`,
    );
    expect(executableMarkupInFragment(post.title.rendered)).toEqual([]);
    expect(executableMarkupInFragment(post.content.rendered)).toEqual([]);
    expect(elementCount(post.title.rendered)).toBe(0);

    const html = await (await fetch(post.link, { signal: AbortSignal.timeout(20_000) })).text();
    expect(executableMarkupInDocument(html).filter((f) => f.where.includes(MARK))).toEqual([]);
    // The reader sees the Salesforce text as written, script tags included, as text.
    expect(html).toMatch(new RegExp(`&lt;script&gt;alert\\(\\S{1,8}${MARK}-1`));
  });

  it('stores "" for a javascript: Website and says so, syncing the other fields', async () => {
    const outcome = await applyToWordPress(
      event('Account_Organization', { Name: 'Acme Website', Website: PAYLOADS.website }),
      deps,
    );
    expect(outcome, JSON.stringify(outcome)).toMatchObject({ status: 'Skipped' });
    expect(outcome.message).toMatch(/WordPress sanitised meta\.website/);
    const id = outcome.wordpressId ?? 0;
    const post = await admin<{ title: Rendered; meta: Record<string, string> }>(
      'GET',
      `/wp/v2/organizations/${String(id)}?context=edit`,
    );
    expect(post.meta.website).toBe('');
    expect(post.title.raw).toBe('Acme Website');
  });

  it('stores a Contact’s names and Description as plain text', async () => {
    const outcome = await applyToWordPress(
      event('Contact_User', {
        Email: `xss.${String(counter)}@example.test`,
        FirstName: `<script>alert('${MARK}-f')</script>Grace`,
        LastName: 'Hopper',
        Description: PAYLOADS.description,
        WP_Website__c: 'https://grace.example.test',
      }),
      deps,
    );
    // WordPress strips the tags, and the connector reports what it stored instead (Skipped).
    expect(['Success', 'Skipped'], JSON.stringify(outcome)).toContain(outcome.status);
    if (outcome.status !== 'Success' && outcome.status !== 'Skipped') return;
    const wordpressId = outcome.wordpressId ?? 0;
    expect(wordpressId).toBeGreaterThan(0);
    const user = await client.get('user', wordpressId);
    for (const value of [user.first_name, user.name, user.description]) {
      expect(executableMarkupInFragment(value ?? '')).toEqual([]);
    }
    expect(elementCount(user.description)).toBe(0);
    expect(isScriptUrl(user.url)).toBe(false);
  });
});
