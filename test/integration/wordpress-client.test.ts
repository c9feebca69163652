import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  WordPressAuthenticationError,
  WordPressError,
  WordPressNotFoundError,
  WordPressUnavailableError,
  WpapiWordPressClient,
  type RequestRecord,
  type WordPressPost,
  type WriteOperation,
} from '../../connector/src/wordpress/index.js';
import { findFreePort } from '../wordpress/php-server.js';
import { resetWordPress } from '../wordpress/reset.js';

const wordpress = inject('wordpress');

function clientRecording(
  records: RequestRecord[],
  applicationPassword = wordpress.applicationPassword,
): WpapiWordPressClient {
  return new WpapiWordPressClient({
    siteUrl: wordpress.url,
    username: wordpress.username,
    applicationPassword,
    onRequest: (record) => records.push(record),
  });
}

function unique(prefix: string): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

beforeAll(async () => {
  const resetMs = await resetWordPress(wordpress);
  console.log(
    resetMs === undefined
      ? `[wordpress] using ${wordpress.url} as it is (not started by this run, never reset)`
      : `[wordpress] reset to a clean database in ${resetMs.toFixed(0)} ms`,
  );
});

describe('WordPress client against a real WordPress', () => {
  it('creates, reads, updates and deletes a user', async () => {
    const client = clientRecording([]);
    const username = unique('ada');
    const created = await client.create('user', {
      username,
      email: `${username}@example.test`,
      password: randomBytes(12).toString('hex'),
      first_name: 'Ada',
      last_name: 'Lovelace',
      description: 'Wrote the first program.',
      url: 'https://ada.example.test',
    });
    expect(created.id).toBeGreaterThan(1);
    expect(created.email).toBe(`${username}@example.test`);

    const read = await client.get('user', created.id);
    expect(read.first_name).toBe('Ada');
    expect(read.description).toBe('Wrote the first program.');

    const updated = await client.update('user', created.id, { last_name: 'King' });
    expect(updated.last_name).toBe('King');
    expect((await client.get('user', created.id)).last_name).toBe('King');

    const deleted = await client.delete('user', created.id);
    expect(deleted).toMatchObject({ ok: true, id: created.id });
    await expect(client.get('user', created.id)).rejects.toBeInstanceOf(WordPressNotFoundError);
  });

  it('creates, reads, updates, trashes and deletes a post with a registered meta field', async () => {
    const client = clientRecording([]);
    const created = await client.create('post', {
      title: 'Hello from Salesforce',
      content: '<p>Body</p>',
      status: 'publish',
      meta: { sfwp_test_note: 'first' },
    });
    expect(created.type).toBe('post');
    expect(created.meta.sfwp_test_note).toBe('first');

    const read = await client.get('post', created.id);
    expect(read).toMatchObject({ title: { raw: 'Hello from Salesforce' }, status: 'publish' });
    expect(read.meta.sfwp_test_note).toBe('first');

    const updated = await client.update('post', created.id, { meta: { sfwp_test_note: 'second' } });
    expect(updated.meta.sfwp_test_note).toBe('second');
    expect((await client.get('post', created.id)).meta.sfwp_test_note).toBe('second');

    const trashed = await client.delete('post', created.id, { force: false });
    expect((trashed.object as WordPressPost).status).toBe('trash');
    expect(((await client.get('post', created.id)) as WordPressPost).status).toBe('trash');

    const deleted = await client.delete('post', created.id, { force: true });
    expect(deleted.id).toBe(created.id);
    await expect(client.get('post', created.id)).rejects.toBeInstanceOf(WordPressNotFoundError);
  });

  it('writes a custom post type through its own rest_base', async () => {
    const client = clientRecording([]);
    const created = await client.create('organization', { title: 'Acme', status: 'publish' });
    expect(created.type).toBe('organization');
    const page = await client.list('organization', { include: [created.id] });
    expect(page.items.map((item) => item.id)).toEqual([created.id]);
    await expect(client.create('no_such_type', { title: 'x' })).rejects.toThrow(
      /no post type 'no_such_type'.*organization/,
    );
  });

  it('sends a batch of 60 posts as 3 /batch/v1 requests', async () => {
    const records: RequestRecord[] = [];
    const client = clientRecording(records);
    const marker = unique('batch');
    const operations: WriteOperation[] = Array.from({ length: 60 }, (_, index) => ({
      kind: 'create',
      type: 'post',
      fields: { title: `${marker} ${index}`, status: 'publish', meta: { sfwp_test_note: marker } },
    }));

    const results = await client.writeMany(operations);

    const batchCalls = records.filter((record) => record.purpose === 'batch');
    console.log(
      `[wordpress] 60 posts: ${batchCalls.length} /batch/v1 requests of ` +
        `${batchCalls.map((call) => call.batchSize).join('+')} (${records.length} requests in all, discovery included)`,
    );
    expect(batchCalls).toHaveLength(3);
    expect(batchCalls.map((call) => call.batchSize)).toEqual([25, 25, 10]);
    expect(records.filter((record) => record.purpose === 'write')).toHaveLength(0);
    expect(results.every((result) => result.ok)).toBe(true);
    const ids = results.map((result) => (result.ok ? result.id : 0));
    expect(new Set(ids).size).toBe(60);

    const stored = await client.list('post', { include: ids, perPage: 100 });
    expect(stored.total).toBe(60);
    const titles = stored.items.map((item) => (item as WordPressPost).title.raw).sort();
    expect(titles).toEqual(operations.map((_, index) => `${marker} ${index}`).sort());
  });

  it('falls back to single requests for users where the route does not allow batching', async () => {
    const records: RequestRecord[] = [];
    const client = clientRecording(records);
    const operations: WriteOperation[] = Array.from({ length: 5 }, () => {
      const username = unique('batchuser');
      return {
        kind: 'create',
        type: 'user',
        fields: { username, email: `${username}@example.test`, password: 'x'.repeat(16) },
      };
    });

    const results = await client.writeMany(operations);

    expect(results.every((result) => result.ok)).toBe(true);
    const batchCalls = records.filter((record) => record.purpose === 'batch');
    const singleCalls = records.filter((record) => record.purpose === 'write');
    const usersBatchable = records.some(
      (record) => record.purpose === 'batch' && record.batchSize === 5,
    );
    if (wordpress.startedByRun) {
      // Debian 12 ships WordPress 6.1, whose users route has no allow_batch (added in 6.6).
      expect(batchCalls).toHaveLength(0);
      expect(singleCalls).toHaveLength(5);
      expect(
        singleCalls.every((call) => call.method === 'POST' && call.route === '/wp/v2/users'),
      ).toBe(true);
    } else {
      expect(usersBatchable ? batchCalls.length : singleCalls.length).toBe(usersBatchable ? 1 : 5);
    }
  });

  it('keeps per-item outcomes in a batch: one bad update fails alone', async () => {
    const client = clientRecording([]);
    const good = await client.create('post', { title: 'good', status: 'draft' });
    const results = await client.writeMany([
      { kind: 'update', type: 'post', id: good.id, fields: { title: 'good, updated' } },
      { kind: 'update', type: 'post', id: 99_999_999, fields: { title: 'missing' } },
      { kind: 'create', type: 'post', fields: { title: 'new one' } },
    ]);
    expect(results[0]).toMatchObject({ ok: true, id: good.id });
    expect(results[2]?.ok).toBe(true);
    const failure = results[1];
    expect(failure?.ok).toBe(false);
    if (failure && !failure.ok) {
      expect(failure.error).toBeInstanceOf(WordPressNotFoundError);
      expect(failure.error.code).toBe('rest_post_invalid_id');
      expect(failure.error.message).toContain('/wp/v2/posts/99999999');
    }
    expect(((await client.get('post', good.id)) as WordPressPost).title.raw).toBe('good, updated');
  });

  it('turns a WordPress validation error into a clear error naming the field', async () => {
    const client = clientRecording([]);
    const error = await client
      .create('user', { username: unique('bad'), email: 'not-an-email', password: 'x'.repeat(16) })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WordPressError);
    expect((error as WordPressError).code).toBe('rest_invalid_param');
    expect((error as WordPressError).status).toBe(400);
    expect((error as WordPressError).message).toMatch(/email/i);
    expect((error as WordPressError).retryable).toBe(false);
  });

  it('gives a clear authentication error for a bad application password, without leaking it', async () => {
    const badPassword = 'abcd'.repeat(6);
    const client = clientRecording([], badPassword);
    const error = await client.currentUser().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WordPressAuthenticationError);
    const message = (error as Error).message;
    expect(message).toContain(`user '${wordpress.username}'`);
    expect(message).toContain('WP_APP_PASSWORD');
    expect(message).not.toContain(badPassword);
    expect((error as WordPressError).status).toBe(401);

    const [result] = await client.writeMany([
      { kind: 'create', type: 'post', fields: { title: 'never written' } },
    ]);
    expect(result?.ok).toBe(false);
    if (result && !result.ok) expect(result.error).toBeInstanceOf(WordPressAuthenticationError);
  });

  it('reports an unreachable WordPress as a retryable error', async () => {
    const port = await findFreePort();
    const client = new WpapiWordPressClient({
      siteUrl: `http://127.0.0.1:${port}`,
      username: wordpress.username,
      applicationPassword: wordpress.applicationPassword,
    });
    const error = await client.get('post', 1).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(WordPressUnavailableError);
    expect((error as WordPressError).retryable).toBe(true);
    expect((error as Error).message).toContain(`127.0.0.1:${port}`);
  });
});

describe('WordPress reset between suites', () => {
  it.runIf(wordpress.startedByRun)('restores the freshly installed database', async () => {
    const client = clientRecording([]);
    const post = await client.create('post', { title: 'to be wiped' });
    const resetMs = await resetWordPress(wordpress);
    // Printed, not asserted: timings belong in output and benchmarks, not in pass/fail.
    console.log(`[wordpress] reset took ${resetMs?.toFixed(0) ?? '?'} ms`);
    expect(resetMs).toBeDefined();
    await expect(client.get('post', post.id)).rejects.toBeInstanceOf(WordPressNotFoundError);
    expect((await client.currentUser()).username).toBe(wordpress.username);
  });
});
