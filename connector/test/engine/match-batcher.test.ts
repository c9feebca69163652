import { describe, expect, it } from 'vitest';
import { MatchBatcher } from '../../src/engine/match-batcher.js';
import type { WordPressClient } from '../../src/wordpress/client.js';
import type { ListQuery, WordPressObject } from '../../src/wordpress/types.js';

/** A site with `count` users (ids 1…count, emails user<id>@example.test) that records its list calls. */
function site(count: number) {
  const users = Array.from(
    { length: count },
    (_, index) => ({ id: index + 1, email: `user${index + 1}@example.test` }) as WordPressObject,
  );
  const calls: ListQuery[] = [];
  const list = (_type: string, query: ListQuery = {}) => {
    calls.push(query);
    const matching = query.search
      ? users.filter((user) => (user as { email: string }).email.includes(query.search ?? ''))
      : query.include
        ? users.filter((user) => query.include?.includes(user.id))
        : users;
    const perPage = query.perPage ?? 10;
    const page = query.page ?? 1;
    return Promise.resolve({
      items: matching.slice((page - 1) * perPage, page * perPage),
      total: matching.length,
      totalPages: Math.max(1, Math.ceil(matching.length / perPage)),
    });
  };
  return { client: { list } as unknown as Pick<WordPressClient, 'list'>, calls };
}

const email = (object: WordPressObject): unknown => (object as { email?: unknown }).email;

describe('MatchBatcher', () => {
  it('answers many lookups made together by reading the pages, when that costs fewer requests', async () => {
    const wordpress = site(250);
    const matcher = new MatchBatcher(wordpress.client);
    const values = [
      ...Array.from({ length: 40 }, (_, index) => `User${index * 5 + 1}@Example.test `),
      'nobody@example.test',
    ];
    const found = await Promise.all(
      values.map((value) => matcher.find('user', 'email', email, value)),
    );
    expect(found.slice(0, 40).map((objects) => objects.map((object) => object.id))).toEqual(
      Array.from({ length: 40 }, (_, index) => [index * 5 + 1]),
    );
    expect(found[40]).toEqual([]);
    // Three pages of 100, not 41 searches.
    expect(wordpress.calls).toHaveLength(3);
    expect(wordpress.calls[0]).toMatchObject({ page: 1, perPage: 100, orderBy: 'id' });
  });

  it('searches each value when the site has more pages than there are values', async () => {
    const wordpress = site(1000);
    const matcher = new MatchBatcher(wordpress.client);
    const found = await Promise.all([
      matcher.find('user', 'email', email, 'user999@example.test'),
      matcher.find('user', 'email', email, 'user998@example.test'),
    ]);
    expect(found.map((objects) => objects.map((object) => object.id))).toEqual([[999], [998]]);
    // One page to learn the size, then one search per value: 3 requests instead of 10 pages.
    expect(wordpress.calls.map((query) => query.search ?? `page ${query.page}`)).toEqual([
      'page 1',
      'user999@example.test',
      'user998@example.test',
    ]);
  });

  it('looks up a lone value with one search, at once', async () => {
    const wordpress = site(500);
    const matcher = new MatchBatcher(wordpress.client, { maxWaitMs: 60_000, busy: () => 1 });
    const found = await matcher.find('user', 'email', email, 'user7@example.test');
    expect(found.map((object) => object.id)).toEqual([7]);
    expect(wordpress.calls).toEqual([{ search: 'user7@example.test', perPage: 20 }]);
  });

  it('answers lookups made after a round together in the next one', async () => {
    const wordpress = site(50);
    const matcher = new MatchBatcher(wordpress.client);
    const first = matcher.find('user', 'email', email, 'user1@example.test');
    await new Promise((resolve) => setImmediate(resolve));
    const later = Promise.all(
      [2, 3, 4].map((id) => matcher.find('user', 'email', email, `user${id}@example.test`)),
    );
    await first;
    const found = await later;
    expect(found.map((objects) => objects.map((object) => object.id))).toEqual([[2], [3], [4]]);
    // A search for the first, then one page for the three gathered meanwhile.
    expect(wordpress.calls.map((query) => query.search ?? `page ${query.page}`)).toEqual([
      'user1@example.test',
      'page 1',
    ]);
  });
});

describe('MatchBatcher with the companion plugin’s lookup route', () => {
  /** {@link site}, whose plugin answers lookups by email as the database compares them. */
  function siteWithLookup(count: number, answers = true) {
    const { client, calls } = site(count);
    const lookups: string[][] = [];
    const lookUp = (_type: string, _field: string, values: readonly string[]) => {
      lookups.push([...values]);
      if (!answers) return Promise.resolve(undefined);
      const wanted = new Set(values.map((value) => value.toLowerCase()));
      return Promise.resolve(
        Array.from({ length: count }, (_, index) => index + 1)
          .filter((id) => wanted.has(`user${id}@example.test`))
          .map((id) => ({ id, value: `user${id}@example.test` })),
      );
    };
    return { client: { ...client, lookUp }, calls, lookups };
  }

  it('asks the plugin once for all values, then reads only the objects found, by id', async () => {
    const wordpress = siteWithLookup(5000);
    const matcher = new MatchBatcher(wordpress.client);
    const values = [
      ...Array.from({ length: 150 }, (_, index) => `User${index * 30 + 1}@Example.test `),
      'nobody@example.test',
    ];
    const found = await Promise.all(
      values.map((value) => matcher.find('user', 'email', email, value)),
    );
    expect(found.slice(0, 150).map((objects) => objects.map((object) => object.id))).toEqual(
      Array.from({ length: 150 }, (_, index) => [index * 30 + 1]),
    );
    expect(found[150]).toEqual([]);
    expect(wordpress.lookups).toHaveLength(1);
    expect(wordpress.lookups[0]).toHaveLength(151);
    // Two reads of the 150 objects found (100 a page), no page of the 5,000 users, no search.
    expect(wordpress.calls.map((query) => query.include?.length)).toEqual([100, 50]);
  });

  it('reads nothing more when the plugin finds nothing (new records)', async () => {
    const wordpress = siteWithLookup(100);
    const matcher = new MatchBatcher(wordpress.client);
    const found = await Promise.all(
      ['new1@example.test', 'new2@example.test'].map((value) =>
        matcher.find('user', 'email', email, value),
      ),
    );
    expect(found).toEqual([[], []]);
    expect(wordpress.lookups).toHaveLength(1);
    expect(wordpress.calls).toEqual([]);
  });

  it('falls back on core’s routes when the site cannot look up that way', async () => {
    const wordpress = siteWithLookup(250, false);
    const matcher = new MatchBatcher(wordpress.client);
    const found = await Promise.all(
      ['user1@example.test', 'user2@example.test'].map((value) =>
        matcher.find('user', 'email', email, value),
      ),
    );
    expect(found.map((objects) => objects.map((object) => object.id))).toEqual([[1], [2]]);
    expect(wordpress.lookups).toHaveLength(1);
    expect(wordpress.calls.length).toBeGreaterThan(0);
  });
});
