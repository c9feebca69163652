import type { ChangePage, WordPressChange } from '../wordpress/companion-plugin.js';

/** Changes worth waiting for: one Collections write and one match-and-read query take 200. */
export const COLLECT_TARGET = 200;

/** Feed rows read together, to be applied together. */
export interface GatheredChanges {
  changes: WordPressChange[];
  nextCursor: number;
  hasMore: boolean;
}

/**
 * Whether a reader applies a feed row. People's changes (`origin=wordpress`) always; the
 * connector's own writes never in single-org mode (`readsForOrg` undefined), since they came
 * from the one org. With several orgs, a connector write made for another org
 * (`sourceOrg` set and not `readsForOrg`) is news to this org — its own writes, and
 * connector rows that name no org (an older connector), are skipped as before.
 */
export function readsChange(change: WordPressChange, readsForOrg: string | undefined): boolean {
  if (change.origin === 'wordpress') return true;
  return (
    readsForOrg !== undefined &&
    change.sourceOrg !== undefined &&
    change.sourceOrg !== '' &&
    change.sourceOrg !== readsForOrg
  );
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
  /** The org whose reader this is, with several orgs; see {@link readsChange}. */
  readsForOrg?: string | undefined;
  now?: () => number;
}

/**
 * Reads the change feed after `after` and, when the page holds fewer than 200 changes to apply
 * (rows {@link readsChange} skips do not count) and the feed nothing more, keeps reading for up to `collectMs` or until 200 are waiting, so a trickle
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
  // Rows this reader skips (the connector's own writes) are nothing to wait with.
  const pending = (): number =>
    gathered.changes.filter((change) => readsChange(change, options.readsForOrg)).length;
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

/**
 * The last change per object that the reader applies ({@link readsChange}): a delete after
 * edits is a delete, an edit after a delete brings it back.
 */
export function latestPerObject(
  changes: readonly WordPressChange[],
  readsForOrg?: string,
): Map<string, WordPressChange> {
  const latest = new Map<string, WordPressChange>();
  for (const change of changes) {
    if (!readsChange(change, readsForOrg)) continue;
    const key = `${change.type}:${change.id}`;
    const previous = latest.get(key);
    // A create followed by edits in one window is still a create.
    const operation =
      previous?.operation === 'create' && change.operation === 'update'
        ? 'create'
        : change.operation;
    // A manual row asks for a full write, whatever else happened to the object in the window;
    // only a person asks (another org's write is compared with agreed values like any edit).
    const manual =
      (change.manual === true && change.origin === 'wordpress') || previous?.manual === true;
    const kept: WordPressChange = { ...change, operation };
    if (manual) kept.manual = true;
    else delete kept.manual;
    latest.set(key, kept);
  }
  return latest;
}
