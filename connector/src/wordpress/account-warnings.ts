import type { WordPressClient } from './client.js';

export const UNFILTERED_HTML_WARNING =
  "The connector's WordPress user has the unfiltered_html capability. The companion plugin " +
  'filters every write it recognises as the connector’s (shared secret or connector_user_id), ' +
  'but without it markup from Salesforce would reach the site unfiltered. Use a WordPress user ' +
  'without unfiltered_html (docs/OPERATIONS.md).';

/**
 * Setup problems with the connector's WordPress account an operator should fix, read from
 * `users/me?context=edit` (which lists the account's capabilities). An answer without
 * capabilities, or no answer, gives no warning.
 */
export async function wordpressAccountWarnings(
  wordpress: Pick<WordPressClient, 'currentUser'>,
): Promise<string[]> {
  let me: { capabilities?: unknown };
  try {
    // users/me in the edit context carries `capabilities`, which WordPressUser does not name.
    me = (await wordpress.currentUser()) as { capabilities?: unknown };
  } catch {
    // The runtime has already read this account; a failure now is reported where it matters.
    return [];
  }
  const capabilities =
    me.capabilities !== null && typeof me.capabilities === 'object'
      ? (me.capabilities as Record<string, unknown>)
      : {};
  return capabilities.unfiltered_html === true ? [UNFILTERED_HTML_WARNING] : [];
}
