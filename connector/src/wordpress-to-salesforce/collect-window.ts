import type { ChangePage, WordPressChange } from '../wordpress/companion-plugin.js';

/** Changes worth waiting for: one Collections write and one match-and-read query take 200. */
export const COLLECT_TARGET = 200;

/** Feed rows read together, to be applied together. */
export interface GatheredChanges {
  changes: WordPressChange[];
  nextCursor: number;
  hasMore: boolean;
}

export interface CollectOptions {
  /** Feed rows read per request. */
  batchSize: number;
  /** How long to keep gathering after the first change; 0 gathers nothing more. */
  collectMs: number;
  /** Waits up to `ms`; may return sooner (a webhook ping says more changes are there). */
  pause(ms: number): Promise<void>;
  /** Stops gathering (the connector is stopping): what was read is applied as it is. */
  stopped(): boolean;
  now?: () => number;
}

/**
 * Reads the change feed after `after` and, when the page holds fewer than 200 people's changes
 * (the connector's own rows do not count) and the feed nothing more, keeps reading for up to `collectMs` or until 200 are waiting, so a trickle
 * of changes costs Salesforce one match-and-read query and one write per window rather than per
 * change. An empty feed, or a page of 200 or more, is returned at once: nothing waits alone.
 */
export async function collectChanges(
  read: (after: number, limit: number) => Promise<ChangePage>,
  after: number,
  options: CollectOptions,
): Promise<GatheredChanges> {
  const now = options.now ?? Date.now;
  const first = await read(after, options.batchSize);
  const gathered: GatheredChanges = {
    changes: [...first.changes],
    nextCursor: first.nextCursor,
    hasMore: first.hasMore,
  };
  const target = Math.min(COLLECT_TARGET, options.batchSize);
  // The connector's own writes (origin=connector) are skipped, so they are nothing to wait with.
  const pending = (): number =>
    gathered.changes.filter((change) => change.origin === 'wordpress').length;
  if (pending() === 0 || options.collectMs <= 0) return gathered;
  const deadline = now() + options.collectMs;
  while (!gathered.hasMore && pending() < target && !options.stopped()) {
    const left = deadline - now();
    if (left <= 0) break;
    await options.pause(left);
    if (options.stopped()) break;
    const more = await read(gathered.nextCursor, options.batchSize - gathered.changes.length);
    gathered.changes.push(...more.changes);
    if (more.changes.length > 0) gathered.nextCursor = more.nextCursor;
    gathered.hasMore = more.hasMore;
  }
  return gathered;
}
