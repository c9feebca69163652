/**
 * What the several-orgs test reads from WordPress's side: the companion plugin's change feed,
 * where every connector write to an object is one row naming the org it wrote for.
 */
import type { WordPressTarget } from '../../wordpress/target.js';

interface FeedRow {
  type: string;
  id: number;
  origin: string;
  source_org?: string;
}

async function feed<T>(wordpress: WordPressTarget, route: string): Promise<T> {
  const pair = `${wordpress.username}:${wordpress.applicationPassword}`;
  const response = await fetch(`${wordpress.url}/wp-json/sfwp/v1${route}`, {
    headers: { authorization: `Basic ${Buffer.from(pair).toString('base64')}` },
    signal: AbortSignal.timeout(20_000),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${route} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** The feed's latest cursor now. */
export async function latestFeedCursor(wordpress: WordPressTarget): Promise<number> {
  return (await feed<{ latest_cursor: number }>(wordpress, '/status')).latest_cursor;
}

/** The connector's writes to a user after `cursor`, counted by the org they were made for. */
export async function connectorWritesTo(
  wordpress: WordPressTarget,
  userId: number,
  cursor: number,
): Promise<Record<string, number>> {
  const page = await feed<{ changes: FeedRow[]; has_more: boolean }>(
    wordpress,
    `/changes?after=${cursor}&limit=1000`,
  );
  if (page.has_more) throw new Error('more than 1,000 feed rows after the cursor');
  const counts: Record<string, number> = {};
  for (const row of page.changes) {
    if (row.type !== 'user' || row.id !== userId || row.origin !== 'connector') continue;
    const org = row.source_org ?? '(none)';
    counts[org] = (counts[org] ?? 0) + 1;
  }
  return counts;
}
