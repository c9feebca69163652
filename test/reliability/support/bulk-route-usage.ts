/**
 * Whether the connector wrote through the companion plugin's bulk route during a suite: the test
 * hook counter mu-plugin counts `sfwp_bulk_item_processed` (one per bulk item) while switched on.
 */
export interface WordPressAdmin {
  url: string;
  username: string;
  applicationPassword: string;
}

async function hookCounts(
  wordpress: WordPressAdmin,
  method: 'GET' | 'PUT',
  body?: unknown,
): Promise<Record<string, number>> {
  const authorization = `Basic ${Buffer.from(`${wordpress.username}:${wordpress.applicationPassword}`).toString('base64')}`;
  const response = await fetch(`${wordpress.url}/wp-json/sfwp-test/v1/hook-counts`, {
    method,
    headers: { authorization, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`hook counter answered ${String(response.status)}`);
  return (await response.json()) as Record<string, number>;
}

/** Starts counting bulk items from zero. */
export async function countBulkItems(wordpress: WordPressAdmin): Promise<void> {
  await hookCounts(wordpress, 'PUT', { enabled: true });
}

/** Stops counting and answers how many bulk items WordPress processed meanwhile. */
export async function bulkItemsCounted(wordpress: WordPressAdmin): Promise<number> {
  await hookCounts(wordpress, 'PUT', { enabled: false });
  return (await hookCounts(wordpress, 'GET')).sfwp_bulk_item_processed ?? 0;
}
