/**
 * The WordPress → Salesforce changes: new WordPress users under the Contact_User mapping, made
 * by a WordPress administrator who is not the connector's user (the local WordPress's
 * `editor`), so the companion plugin records them as `origin=wordpress`. As a burst (as fast
 * as WordPress takes them) or as a steady trickle (one every 1/rate s).
 */
import {
  WpapiWordPressClient,
  type WordPressUser,
  type WriteOperation,
} from '../connector/src/wordpress/index.js';
import type { WordPressTarget } from '../test/wordpress/target.js';
import { sleep } from './stats.js';

export const USER_TAG = 'bench-wp2sf';

function clientFor(wordpress: WordPressTarget, concurrency = 4): WpapiWordPressClient {
  return new WpapiWordPressClient({
    siteUrl: wordpress.url,
    username: wordpress.username,
    applicationPassword: wordpress.applicationPassword,
    concurrency,
  });
}

function fieldsOf(tag: string, index: number): Record<string, unknown> {
  return {
    username: `${tag}-${index}`,
    email: `${tag}-${index}@example.test`,
    password: `bench-${index}-${'x'.repeat(16)}`,
    first_name: 'Bench',
    last_name: `Member ${index}`,
    url: `https://member-${index}.example.test`,
    description: `Member ${index}, created by the benchmark.`,
  };
}

/**
 * `count` users, one created every 1/`ratePerSecond` s with a single request (a steady trickle
 * of people signing up); their ids.
 */
export async function createWordPressUsersPaced(
  wordpress: WordPressTarget,
  count: number,
  ratePerSecond: number,
  tag = `${USER_TAG}-trickle`,
): Promise<number[]> {
  const client = clientFor(wordpress, 1);
  const ids: number[] = [];
  const start = performance.now();
  for (let index = 0; index < count; index++) {
    const wait = start + (index * 1000) / ratePerSecond - performance.now();
    if (wait > 0) await sleep(wait);
    ids.push((await client.create('user', fieldsOf(tag, index))).id);
  }
  return ids;
}

/**
 * `count` WordPress users (the changes), created with the connector's client; their ids. A
 * create WordPress fails with a 5xx is tried again (a loaded machine can make php -S fail one);
 * if that one had in fact been stored, its login is found and reused.
 */
export async function createWordPressUsers(
  wordpress: WordPressTarget,
  count: number,
  log: (line: string) => void = () => undefined,
): Promise<number[]> {
  const client = clientFor(wordpress);
  const ids = new Array<number>(count).fill(0);
  let pending = Array.from({ length: count }, (_, index) => index);
  for (let attempt = 1; pending.length > 0; attempt++) {
    const results = await client.writeMany(
      pending.map((index): WriteOperation => ({
        kind: 'create',
        type: 'user',
        fields: fieldsOf(USER_TAG, index),
      })),
    );
    const retry: number[] = [];
    let firstError: string | undefined;
    for (const [position, result] of results.entries()) {
      const index = pending[position] ?? 0;
      if (result.ok) {
        ids[index] = result.id;
        continue;
      }
      if (attempt > 1 && result.error.code === 'existing_user_login') {
        const found = await client.list('user', { search: `${USER_TAG}-${index}@`, perPage: 5 });
        const user = found.items.find((item) => item.username === `${USER_TAG}-${index}`);
        if (user) {
          ids[index] = user.id;
          continue;
        }
      }
      firstError ??= result.error.message;
      if ((result.error.status ?? 0) >= 500 || result.error.retryable) retry.push(index);
      else throw new Error(`a WordPress user could not be created: ${result.error.message}`);
    }
    if (retry.length > 0) {
      if (attempt >= 3) {
        throw new Error(
          `${retry.length} of ${count} WordPress users could not be created after ${attempt} attempts: ${firstError ?? ''}`,
        );
      }
      log(`  ${retry.length} user creations failed (${firstError ?? ''}); trying them again`);
    }
    pending = retry;
  }
  return ids;
}

/** The users as WordPress returns them (context=edit), read before the timed part. */
export async function readUsers(
  wordpress: WordPressTarget,
  count: number,
): Promise<WordPressUser[]> {
  const client = clientFor(wordpress);
  const users: WordPressUser[] = [];
  for (let page = 1; ; page++) {
    const result = await client.list('user', { search: USER_TAG, perPage: 100, page });
    users.push(...result.items);
    if (page >= result.totalPages) break;
  }
  if (users.length !== count) {
    throw new Error(`expected ${count} benchmark users in WordPress, found ${users.length}`);
  }
  return users;
}
