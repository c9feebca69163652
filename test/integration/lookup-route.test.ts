/**
 * The companion plugin's `POST sfwp/v1/lookup` in the run's real WordPress, and the connector's
 * match lookups over it: users and tracked posts found by email, login, title or REST meta in
 * one request, the database's case-insensitive comparison, the trash left out, bad fields and
 * types refused, and access as core grants it.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { MatchBatcher } from '../../connector/src/engine/match-batcher.js';
import { WpapiWordPressClient } from '../../connector/src/wordpress/index.js';
import type { RequestRecord, WordPressObject } from '../../connector/src/wordpress/types.js';
import { resetWordPress } from '../wordpress/reset.js';
import { personClient } from './support/wordpress-people.js';

const wordpress = inject('wordpress');
const requests: RequestRecord[] = [];
const admin = new WpapiWordPressClient({
  siteUrl: wordpress.url,
  username: wordpress.username,
  applicationPassword: wordpress.applicationPassword,
  onRequest: (record) => requests.push(record),
});
const tag = randomBytes(3).toString('hex');
const ids: Record<string, number> = {};

beforeAll(async () => {
  await resetWordPress(wordpress);
  await admin.companion.configure({ post_types: ['organization'] });
  for (const name of ['ada', 'grace', 'edsger']) {
    const user = await admin.create('user', {
      username: `${name}${tag}`,
      email: `${name}.${tag}@example.test`,
      password: 'pw-0123456789',
    });
    ids[name] = user.id;
  }
  for (const [name, status] of [
    ['Acme', 'publish'],
    ['Initech', 'draft'],
    ['Gone', 'publish'],
  ] as const) {
    const post = await admin.create('organization', {
      title: `${name} ${tag}`,
      status,
      meta: { website: `https://${name.toLowerCase()}-${tag}.example/` },
    });
    ids[name] = post.id;
  }
  await admin.delete('organization', ids.Gone ?? 0, { force: false });
}, 120_000);

afterAll(async () => {
  await resetWordPress(wordpress);
});

describe('sfwp/v1/lookup', () => {
  it('finds users by email in one request, compared without regard to case', async () => {
    const matches = await admin.companion.lookUp('user', 'email', [
      `ADA.${tag}@Example.TEST`,
      `grace.${tag}@example.test`,
      `nobody.${tag}@example.test`,
    ]);
    expect(matches).toEqual([
      { id: ids.ada, value: `ada.${tag}@example.test` },
      { id: ids.grace, value: `grace.${tag}@example.test` },
    ]);
    expect(await admin.companion.lookUp('user', 'username', [`edsger${tag}`])).toEqual([
      { id: ids.edsger, value: `edsger${tag}` },
    ]);
  });

  it('finds posts of a tracked type by title and by REST meta, leaving the trash out', async () => {
    const byTitle = await admin.companion.lookUp('organization', 'title', [
      `Acme ${tag}`,
      `initech ${tag}`,
      `Gone ${tag}`,
    ]);
    expect(byTitle.map((match) => match.id)).toEqual([ids.Acme, ids.Initech]);
    const byWebsite = await admin.companion.lookUp('organization', 'meta.website', [
      `https://acme-${tag}.example/`,
    ]);
    expect(byWebsite).toEqual([{ id: ids.Acme, value: `https://acme-${tag}.example/` }]);
  });

  it('refuses fields it cannot compare, untracked types and too many values', async () => {
    await expect(admin.companion.lookUp('user', 'user_pass', ['x'])).rejects.toMatchObject({
      status: 400,
      code: 'sfwp_lookup_field_unsupported',
    });
    // session_tokens is stored user meta, but not registered for REST: not a field to compare.
    await expect(
      admin.companion.lookUp('user', 'meta.session_tokens', ['x']),
    ).rejects.toMatchObject({ status: 400, code: 'sfwp_lookup_field_unsupported' });
    await expect(admin.companion.lookUp('post', 'title', ['Hello world!'])).rejects.toMatchObject({
      status: 400,
      code: 'rest_invalid_param',
    });
    const tooMany = Array.from({ length: 201 }, (_, index) => `v${index}`);
    await expect(admin.companion.lookUp('user', 'email', tooMany)).rejects.toMatchObject({
      status: 400,
      code: 'rest_invalid_param',
    });
  });

  it('lets in only who may list those objects: no sfwp access, no list_users, no lookup', async () => {
    const subscriber = personClient(wordpress, 'subscriber');
    await expect(
      subscriber.companion.lookUp('user', 'email', [`ada.${tag}@example.test`]),
    ).rejects.toMatchObject({ status: 403 });
    const anonymous = await fetch(`${wordpress.url}/wp-json/sfwp/v1/lookup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'user', field: 'email', values: ['x'] }),
    });
    expect(anonymous.status).toBe(401);
  });

  it('carries the connector’s match lookups: one lookup, then a read of the objects found', async () => {
    const matcher = new MatchBatcher(admin);
    const email = (object: WordPressObject): unknown => (object as { email?: unknown }).email;
    requests.length = 0;
    const found = await Promise.all(
      [`Ada.${tag}@example.test`, `edsger.${tag}@example.test `, `new.${tag}@example.test`].map(
        (value) => matcher.find('user', 'email', email, value),
      ),
    );
    expect(found.map((objects) => objects.map((object) => object.id))).toEqual([
      [ids.ada],
      [ids.edsger],
      [],
    ]);
    expect(requests.map((request) => request.purpose)).toEqual(['lookup', 'read']);
  });
});
