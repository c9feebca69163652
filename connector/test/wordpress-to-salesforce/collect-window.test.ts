import { describe, expect, it } from 'vitest';
import type { ChangePage, WordPressChange } from '../../src/wordpress/companion-plugin.js';
import { collectChanges } from '../../src/wordpress-to-salesforce/collect-window.js';

const change = (
  cursor: number,
  origin: WordPressChange['origin'] = 'wordpress',
): WordPressChange => ({
  cursor,
  type: 'user',
  id: cursor,
  operation: 'update',
  origin,
  time: '2026-11-22T10:00:00.000000Z',
});

/**
 * A feed where `arrivals[t]` changes land at t ms (a clock the pauses move), and a log of reads;
 * `origin` says whose they are.
 */
function feedOverTime(
  arrivals: Record<number, number>,
  origin: WordPressChange['origin'] = 'wordpress',
) {
  let clock = 0;
  let next = 1;
  const landed: WordPressChange[] = [];
  const land = () => {
    for (const [at, count] of Object.entries(arrivals)) {
      if (Number(at) > clock) continue;
      for (let i = 0; i < count; i++) landed.push(change(next++, origin));
      arrivals[Number(at)] = 0;
    }
  };
  const reads: number[] = [];
  const pauses: number[] = [];
  const read = (after: number, limit: number): Promise<ChangePage> => {
    land();
    reads.push(clock);
    const waiting = landed.filter((row) => row.cursor > after);
    const page = waiting.slice(0, limit);
    return Promise.resolve({
      changes: page,
      nextCursor: page.at(-1)?.cursor ?? after,
      hasMore: waiting.length > limit,
      latestCursor: landed.at(-1)?.cursor ?? 0,
    });
  };
  const options = (collectMs: number, batchSize = 500) => ({
    batchSize,
    collectMs,
    now: () => clock,
    stopped: () => false,
    pause: (ms: number) => {
      pauses.push(ms);
      clock += Math.min(ms, 50);
      return Promise.resolve();
    },
  });
  return { read, reads, pauses, options };
}

describe('collectChanges', () => {
  it('does not wait when the page holds only the connector’s own writes (nothing to apply)', async () => {
    const feed = feedOverTime({ 0: 60, 60: 40 }, 'connector');
    const gathered = await collectChanges(feed.read, 0, feed.options(200));
    expect(gathered.changes).toHaveLength(60);
    expect(feed.reads).toEqual([0]);
    expect(feed.pauses).toEqual([]);
  });

  it('keeps gathering a small page for up to collectMs', async () => {
    const feed = feedOverTime({ 0: 3, 60: 4, 120: 5, 400: 9 });
    const gathered = await collectChanges(feed.read, 0, feed.options(200));
    expect(gathered.changes).toHaveLength(12);
    expect(gathered.nextCursor).toBe(12);
    expect(feed.reads.at(-1)).toBe(200);
  });

  it('stops gathering once 200 are waiting', async () => {
    const feed = feedOverTime({ 0: 150, 50: 60 });
    const gathered = await collectChanges(feed.read, 0, feed.options(200));
    expect(gathered.changes).toHaveLength(210);
    expect(feed.reads).toEqual([0, 50]);
  });

  it('does not wait when a page holds 200, the feed has more, or nothing came', async () => {
    for (const [arrivals, batchSize] of [
      [{ 0: 200 }, 500],
      [{ 0: 30 }, 20],
      [{}, 500],
    ] as const) {
      const feed = feedOverTime({ ...arrivals });
      await collectChanges(feed.read, 0, feed.options(200, batchSize));
      expect(feed.pauses).toEqual([]);
    }
  });

  it('applies each page at once with collectMs 0', async () => {
    const feed = feedOverTime({ 0: 3, 10: 4 });
    const gathered = await collectChanges(feed.read, 0, feed.options(0));
    expect(gathered.changes).toHaveLength(3);
    expect(feed.pauses).toEqual([]);
  });

  it('reads no more than batchSize rows in all', async () => {
    const feed = feedOverTime({ 0: 60, 50: 100 });
    const gathered = await collectChanges(feed.read, 0, feed.options(200, 100));
    expect(gathered.changes).toHaveLength(100);
    expect(gathered.hasMore).toBe(true);
  });
});
