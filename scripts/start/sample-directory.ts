/**
 * The demo's sample directory page (issue 22): a published page "Account directory" with the
 * "Salesforce records" block on the package's Account_Directory access entry (Name, Website,
 * BillingCity of the emulator's Accounts, through the connector). Made once; a kept site keeps it.
 */
import type { WordPressTarget } from '../../test/wordpress/target.js';

export const SAMPLE_DIRECTORY_TITLE = 'Account directory';
export const SAMPLE_DIRECTORY_BLOCK =
  '<!-- wp:sfwp/records {"access":"Account_Directory","fields":"Name,Website,BillingCity","limit":20} /-->';

interface Page {
  link: string;
  content: { raw?: string };
}

async function call<T>(target: WordPressTarget, path: string, body?: unknown): Promise<T> {
  const auth = Buffer.from(`${target.username}:${target.applicationPassword}`).toString('base64');
  const response = await fetch(`${target.url}/wp-json/wp/v2/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${String(response.status)}`);
  return (await response.json()) as T;
}

/** The sample directory page, made if missing; answers its URL. */
export async function ensureSampleDirectory(target: WordPressTarget): Promise<{ pageUrl: string }> {
  const search = `search=${encodeURIComponent(SAMPLE_DIRECTORY_TITLE)}&status=publish&context=edit`;
  const pages = await call<Page[]>(target, `pages?${search}`);
  const page =
    pages.find((candidate) => candidate.content.raw?.includes('wp:sfwp/records')) ??
    (await call<Page>(target, 'pages', {
      title: SAMPLE_DIRECTORY_TITLE,
      status: 'publish',
      content: SAMPLE_DIRECTORY_BLOCK,
    }));
  return { pageUrl: page.link };
}
