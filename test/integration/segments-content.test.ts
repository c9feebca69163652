/**
 * Segments (issue 23), the companion plugin's part, in the run's real WordPress: the list meta
 * `sfwp_tags` registered through the settings route and its changes in the change feed; the
 * status route's roles; the role guard (administrators and the connector's own user never
 * changed, every change logged with before and after); and content access — a member without
 * the tag gets no restricted content from the REST API, searches, the RSS feed or the page,
 * with the tag they get it, and the block and shortcode show their content only to the tags.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import {
  createMember,
  createPost,
  enableMemberTags,
  getPage,
  logInWithCookies,
  restAs,
  restOk,
  setMemberTags,
  type Member,
  type RestrictedPost,
} from '../browser/support/segments-site.js';
import { resetWordPress } from '../wordpress/reset.js';
import { runInSite } from '../wordpress/site-php.js';

const wordpress = inject('wordpress');
const site = { ...wordpress };
const php = <T>(code: string): Promise<T> => runInSite<T>(site, code);
const word = (name: string): string => `${name}${randomBytes(4).toString('hex')}`;

interface Change {
  type: string;
  id: number;
  operation: string;
  origin: string;
}
interface RestPost {
  id: number;
  content: { rendered: string; raw?: string };
  excerpt: { rendered: string };
}
interface RoleEntry {
  before: string[];
  after: string[];
  outcome: string;
  reason: string;
}

function editor(): { username: string; applicationPassword: string; id: number } {
  const found = wordpress.people?.editor;
  if (!found) throw new Error('This test needs the launcher-created editor; unset WP_URL.');
  return found;
}

async function latestCursor(): Promise<number> {
  return (await restOk<{ latest_cursor: number }>(site, 'GET', '/sfwp/v1/status')).latest_cursor;
}

async function changesAfter(cursor: number): Promise<[string, number, string, string][]> {
  const page = await restOk<{ changes: Change[] }>(
    site,
    'GET',
    `/sfwp/v1/changes?after=${cursor}&limit=1000`,
  );
  return page.changes.map((change) => [change.type, change.id, change.operation, change.origin]);
}

async function roleLog(userId: number): Promise<RoleEntry[]> {
  return php<RoleEntry[]>(`$result = get_user_meta( ${userId}, '_sfwp_role_change' );`);
}

/** The page's main content, without the theme's header, sidebar and footer. */
function mainOf(html: string): string {
  const main = /<main\b[\s\S]*<\/main>/.exec(html)?.[0];
  if (!main) throw new Error(`no <main> in the page:\n${html.slice(0, 500)}`);
  return main;
}

let adminId: number;

beforeAll(async () => {
  await resetWordPress(wordpress);
  adminId = (await restOk<{ id: number }>(site, 'GET', '/wp/v2/users/me')).id;
  // The administrator's application password stands for the connector.
  await restOk(site, 'PUT', '/sfwp/v1/settings', { body: { connector_user_id: adminId } });
  await enableMemberTags(site);
}, 120_000);

describe('list meta', () => {
  it('is set through the settings route and shown back by settings and status', async () => {
    const settings = await restOk<Record<string, unknown>>(site, 'GET', '/sfwp/v1/settings');
    expect(settings.list_meta_keys).toEqual({ user: ['sfwp_tags'] });
    const status = await restOk<Record<string, unknown>>(site, 'GET', '/sfwp/v1/status');
    expect(status.list_meta_keys).toEqual({ user: ['sfwp_tags'] });
    const refused = await restAs<{ code: string }>(site, 'PUT', '/sfwp/v1/settings', {
      body: { list_meta_keys: { user: ['_secret'] } },
    });
    expect(refused.status).toBe(400);
  });

  it('holds a set of strings written by the connector, each change in the feed', async () => {
    const member = await createMember(site);
    const cursor = await latestCursor();
    expect(await setMemberTags(site, member.id, [' Gold ', 'Gold', 'Silver', 'Été'])).toEqual([
      'Gold',
      'Silver',
      'Été',
    ]);
    expect(await setMemberTags(site, member.id, ['Silver'])).toEqual(['Silver']);
    expect(await changesAfter(cursor)).toEqual([
      ['user', member.id, 'update', 'connector'],
      ['user', member.id, 'update', 'connector'],
    ]);
    const tooLong = await restAs(site, 'POST', `/wp/v2/users/${member.id}`, {
      body: { meta: { sfwp_tags: ['x'.repeat(256)] } },
    });
    expect(tooLong.status).toBe(400);
    const byself = await restAs(site, 'POST', '/wp/v2/users/me', {
      as: member,
      body: { meta: { sfwp_tags: ['Gold'] } },
    });
    expect(byself.status).toBe(403);
    const stored = await php<unknown>(
      `$result = get_user_meta( ${member.id}, 'sfwp_tags', true );`,
    );
    expect(stored).toEqual(['Silver']);
  });
});

describe('roles', () => {
  it('the status route lists the roles, privileged or not', async () => {
    const status = await restOk<{ roles: { slug: string; privileged: boolean }[] }>(
      site,
      'GET',
      '/sfwp/v1/status',
    );
    const privileged = Object.fromEntries(status.roles.map((role) => [role.slug, role.privileged]));
    expect(privileged).toEqual({
      administrator: true,
      editor: true, // unfiltered_html
      author: false,
      contributor: false,
      subscriber: false,
    });
  });

  it('a role change by the connector is made, logged with before and after, and in the feed', async () => {
    const member = await createMember(site);
    const cursor = await latestCursor();
    const changed = await restOk<{ roles: string[] }>(site, 'POST', `/wp/v2/users/${member.id}`, {
      body: { roles: ['author'] },
    });
    expect(changed.roles).toEqual(['author']);
    expect(await changesAfter(cursor)).toEqual([['user', member.id, 'update', 'connector']]);
    const log = await roleLog(member.id);
    expect(log.map((entry) => [entry.before, entry.after, entry.outcome])).toEqual([
      [[], ['subscriber'], 'changed'], // the create
      [['subscriber'], ['author'], 'changed'],
    ]);
    // The same roles again change nothing and log nothing.
    await restOk(site, 'POST', `/wp/v2/users/${member.id}`, { body: { roles: ['author'] } });
    expect(await roleLog(member.id)).toHaveLength(2);
    expect(await php<string[]>(`$result = get_userdata( ${member.id} )->roles;`)).toEqual([
      'author',
    ]);
  });

  it("an administrator's roles are never changed by the connector, and the refusal is logged", async () => {
    const person = editor(); // role administrator
    const refused = await restAs<{ code: string }>(site, 'POST', `/wp/v2/users/${person.id}`, {
      body: { roles: ['subscriber'] },
    });
    expect([refused.status, refused.body.code]).toEqual([403, 'sfwp_role_change_refused']);
    const self = await restAs<{ code: string }>(site, 'POST', '/wp/v2/users/me', {
      body: { roles: ['subscriber'] },
    });
    expect([self.status, self.body.code]).toEqual([403, 'sfwp_role_change_refused']);
    const roles = await restOk<{ roles: string[] }>(
      site,
      'GET',
      `/wp/v2/users/${person.id}?context=edit`,
    );
    expect(roles.roles).toEqual(['administrator']);
    expect((await roleLog(person.id)).at(-1)).toMatchObject({
      before: ['administrator'],
      after: ['subscriber'],
      outcome: 'refused',
      reason: 'administrator',
    });
    // Unchanged roles are no change: the write goes through.
    await restOk(site, 'POST', `/wp/v2/users/${person.id}`, { body: { roles: ['administrator'] } });
  });

  it('inside sfwp/v1/bulk the refused item is rolled back but its refusal stays logged', async () => {
    const secret = randomBytes(32).toString('hex');
    await restOk(site, 'PUT', '/sfwp/v1/settings', { body: { shared_secret: secret } });
    const member = await createMember(site);
    const refusedBefore = (await roleLog(editor().id)).length;
    const stamp = String(Math.floor(Date.now() / 1000));
    const mac = createHmac('sha256', secret).update(`${stamp}.connector`).digest('hex');
    const reply = await restAs<{ responses: { status: number; body: { code?: string } }[] }>(
      site,
      'POST',
      '/sfwp/v1/bulk',
      {
        body: {
          requests: [
            {
              method: 'POST',
              path: `/wp/v2/users/${editor().id}`,
              body: { roles: ['subscriber'] },
            },
            { method: 'POST', path: `/wp/v2/users/${member.id}`, body: { roles: ['author'] } },
          ],
        },
        headers: { 'x-sfwp-timestamp': stamp, 'x-sfwp-origin': `sha256=${mac}` },
      },
    );
    expect(reply.status).toBe(207);
    expect(reply.body.responses.map((item) => [item.status, item.body.code ?? null])).toEqual([
      [403, 'sfwp_role_change_refused'],
      [200, null],
    ]);
    const refused = await roleLog(editor().id);
    expect(refused).toHaveLength(refusedBefore + 1);
    expect(refused.at(-1)).toMatchObject({ after: ['subscriber'], outcome: 'refused' });
    expect((await roleLog(member.id)).at(-1)).toMatchObject({
      before: ['subscriber'],
      after: ['author'],
      outcome: 'changed',
    });
  });

  it("the connector's own user never changes its roles, even when it is no administrator", async () => {
    const robot = await createMember(site, 'robot');
    await restOk(site, 'PUT', '/sfwp/v1/settings', { body: { connector_user_id: robot.id } });
    try {
      const refused = await restAs<{ code: string }>(site, 'POST', '/wp/v2/users/me', {
        as: robot,
        body: { roles: ['editor'] },
      });
      expect([refused.status, refused.body.code]).toEqual([403, 'sfwp_role_change_refused']);
    } finally {
      await restOk(site, 'PUT', '/sfwp/v1/settings', { body: { connector_user_id: adminId } });
    }
    expect(await php<string[]>(`$result = get_userdata( ${robot.id} )->roles;`)).toEqual([
      'subscriber',
    ]);
    expect((await roleLog(robot.id)).at(-1)).toMatchObject({
      outcome: 'refused',
      reason: 'connector_user',
    });
  });

  it("a person's role change is theirs: in the feed as wordpress, not in the connector's log", async () => {
    const member = await createMember(site);
    const cursor = await latestCursor();
    await restOk(site, 'POST', `/wp/v2/users/${member.id}`, {
      as: editor(),
      body: { roles: ['contributor'] },
    });
    expect(await changesAfter(cursor)).toEqual([['user', member.id, 'update', 'wordpress']]);
    expect(await roleLog(member.id)).toHaveLength(1);
  });

  it("a person's add_role() moves the user's sfwp_version, which the connector merges against", async () => {
    const member = await createMember(site);
    const version = async (): Promise<number> =>
      (
        await restOk<{ sfwp_version: number }>(
          site,
          'GET',
          `/wp/v2/users/${member.id}?context=edit`,
        )
      ).sfwp_version;
    const before = await version();
    await php<boolean>(
      `wp_set_current_user( ${editor().id} ); ( new WP_User( ${member.id} ) )->add_role( 'author' ); $result = true;`,
    );
    expect(await version()).toBe(before + 1);
  });

  it('wp-admin shows the log (Tools → Salesforce Sync Log → Role changes)', async () => {
    const html = await php<string>(
      `wp_set_current_user( ${adminId} ); ob_start(); ( new SFWP_Admin_Role_Changes_View( new SFWP_Role_Change_Log() ) )->render(); $result = ob_get_clean();`,
    );
    expect(html).toContain('data-sfwp-outcome="refused"');
    expect(html).toMatch(/sfwp-roles-before">subscriber<\/td><td class="sfwp-roles-after">author</);
  });
});

describe('content access', () => {
  const secret = word('secret');
  const teaser = word('teaser');
  let plain: Member;
  let gold: Member;
  let restricted: RestrictedPost;
  let redirected: RestrictedPost;
  let offsite: RestrictedPost;
  let inline: RestrictedPost;

  beforeAll(async () => {
    plain = await createMember(site, 'plain');
    gold = await createMember(site, 'gold');
    await setMemberTags(site, gold.id, ['gold']); // tags compare without regard to case
    restricted = await createPost(
      site,
      {
        title: `Gold news ${teaser}`,
        content: `<p>${secret} body</p>`,
        excerpt: `${secret} excerpt`,
      },
      { tags: ['Gold', 'Platinum'], match: 'any', message: '<p>Gold members only.</p>' },
    );
    redirected = await createPost(
      site,
      { type: 'pages', title: 'Moved', content: `<p>${secret} page</p>` },
      { tags: ['Gold'], denied: 'redirect', redirect: `${wordpress.url}/join/` },
    );
    offsite = await createPost(
      site,
      { type: 'pages', title: 'Offsite', content: `<p>${secret} offsite</p>` },
      { tags: ['Gold'], denied: 'redirect', redirect: 'https://elsewhere.example/' },
    );
    inline = await createPost(
      site,
      {
        title: 'Inline',
        content:
          `<p>public part</p>[sfwp_members tags="Gold,Silver" match="any"]short-${secret}[/sfwp_members]` +
          `<!-- wp:sfwp/members-only {"tags":"Gold"} --><p>block-${secret}</p><!-- /wp:sfwp/members-only -->` +
          `<!-- wp:sfwp/members-only {"tags":"Gold,Platinum","match":"all"} --><p>both-${secret}</p><!-- /wp:sfwp/members-only -->`,
      },
      null,
    );
  }, 120_000);

  it('REST /wp/v2/posts gives the message, not the content, to readers without the tag', async () => {
    for (const as of [plain, null]) {
      const post = await restOk<RestPost>(site, 'GET', `/wp/v2/posts/${restricted.id}`, { as });
      expect(post.content.rendered).toContain('Gold members only.');
      expect(JSON.stringify(post)).not.toContain(secret);
      const list = await restAs<RestPost[]>(site, 'GET', '/wp/v2/posts?per_page=100', { as });
      expect(list.body.map((item) => item.id)).toContain(restricted.id);
      expect(JSON.stringify(list.body)).not.toContain(`${secret} body`);
    }
    const forGold = await restOk<RestPost>(site, 'GET', `/wp/v2/posts/${restricted.id}`, {
      as: gold,
    });
    expect(forGold.content.rendered).toContain(`${secret} body`);
    expect(forGold.excerpt.rendered).toContain(`${secret} excerpt`);
    const forEditor = await restOk<RestPost>(site, 'GET', `/wp/v2/posts/${restricted.id}`, {
      as: editor(),
    });
    expect(forEditor.content.rendered).toContain(`${secret} body`);
  });

  it('searches leave the restricted post out for readers without the tag', async () => {
    for (const as of [plain, null]) {
      const found = await restOk<RestPost[]>(site, 'GET', `/wp/v2/posts?search=${secret}`, { as });
      expect(found.map((item) => item.id)).not.toContain(restricted.id);
      const any = await restOk<{ id: number }[]>(site, 'GET', `/wp/v2/search?search=${secret}`, {
        as,
      });
      expect(any.map((item) => item.id)).not.toContain(restricted.id);
    }
    const forGold = await restOk<RestPost[]>(site, 'GET', `/wp/v2/posts?search=${secret}`, {
      as: gold,
    });
    expect(forGold.map((item) => item.id)).toContain(restricted.id);
    // The results (the theme's <main>); titles in widgets such as Recent Posts are no leak.
    const siteSearch = await getPage(`${wordpress.url}/?s=${secret}`);
    expect(mainOf(siteSearch.text)).toContain('Inline');
    expect(mainOf(siteSearch.text)).not.toContain(teaser);
    const goldSearch = await getPage(
      `${wordpress.url}/?s=${secret}`,
      await logInWithCookies(site, gold),
    );
    expect(mainOf(goldSearch.text)).toContain(teaser);
  });

  it('_embed of a restricted parent page shows no excerpt of it', async () => {
    const child = await restOk<{ id: number }>(site, 'POST', '/wp/v2/pages', {
      body: { title: 'Child', content: 'child', status: 'publish', parent: redirected.id },
    });
    const embedded = await restAs(site, 'GET', `/wp/v2/pages/${child.id}?_embed=up`, { as: plain });
    expect(JSON.stringify(embedded.body)).toContain(`"id":${redirected.id}`);
    expect(JSON.stringify(embedded.body)).not.toContain(secret);
  });

  it('the RSS feed and the home page carry no restricted content', async () => {
    const feed = await getPage(`${wordpress.url}/feed/`);
    expect(feed.status).toBe(200);
    expect(feed.text).toContain('Inline');
    expect(feed.text).not.toContain(secret);
    expect((await getPage(`${wordpress.url}/`)).text).not.toContain(secret);
    const goldFeed = await getPage(`${wordpress.url}/feed/`, await logInWithCookies(site, gold));
    expect(goldFeed.text).toContain(`${secret} body`);
  });

  it('the page shows the message, or redirects to an allowed host, and shows the content to the tag', async () => {
    const page = await getPage(restricted.link, await logInWithCookies(site, plain));
    expect([
      page.status,
      page.text.includes('Gold members only.'),
      page.text.includes(secret),
    ]).toEqual([200, true, false]);
    const forGold = await getPage(restricted.link, await logInWithCookies(site, gold));
    expect(forGold.text).toContain(`${secret} body`);
    const moved = await getPage(redirected.link);
    expect([moved.status, moved.location]).toEqual([302, `${wordpress.url}/join/`]);
    const notMoved = await getPage(offsite.link);
    expect([notMoved.status, notMoved.text.includes(secret)]).toEqual([200, false]);
    expect(notMoved.text).toContain('This content is for members only.');
  });

  it('the shortcode and the block show their content only to the tags', async () => {
    const forPlain = await restOk<RestPost>(site, 'GET', `/wp/v2/posts/${inline.id}`, {
      as: plain,
    });
    expect(forPlain.content.rendered).toContain('public part');
    expect(forPlain.content.rendered).not.toContain(secret);
    const forGold = await restOk<RestPost>(site, 'GET', `/wp/v2/posts/${inline.id}`, { as: gold });
    expect(forGold.content.rendered).toContain(`short-${secret}`);
    expect(forGold.content.rendered).toContain(`block-${secret}`);
    expect(forGold.content.rendered).not.toContain(`both-${secret}`);
  });

  it('tags come through the sfwp_user_tags filter', async () => {
    const decided = await php<boolean[]>(
      `$access = new SFWP_Content_Access();
       $before = $access->can_read( ${restricted.id}, ${plain.id} );
       add_filter( 'sfwp_user_tags', function ( $tags, $user_id ) { return ${plain.id} === $user_id ? array_merge( $tags, array( 'Platinum' ) ) : $tags; }, 10, 2 );
       $result = array( $before, $access->can_read( ${restricted.id}, ${plain.id} ) );`,
    );
    expect(decided).toEqual([false, true]);
  });

  it('the Members only box saves a rule only with its nonce, for those who may edit the post', async () => {
    const save = (userId: number, nonce: boolean): Promise<unknown> =>
      php<unknown>(
        `wp_set_current_user( ${userId} );
         $_POST = array( 'sfwp_access_tags' => 'Silver, Gold ,', 'sfwp_access_match' => 'all', 'sfwp_access_denied' => 'redirect', 'sfwp_access_redirect' => 'https://elsewhere.example/x' );
         if ( ${nonce ? 'true' : 'false'} ) { $_POST['sfwp_access_rule'] = wp_create_nonce( 'sfwp_access_rule' ); }
         wp_update_post( array( 'ID' => ${inline.id}, 'post_title' => 'Inline' ) );
         $result = get_post_meta( ${inline.id}, '_sfwp_access', true );`,
      );
    expect(await save(editor().id, false)).toBe('');
    expect(await save(plain.id, true)).toBe('');
    expect(await save(editor().id, true)).toEqual({
      tags: ['Silver', 'Gold'],
      match: 'all',
      denied: 'redirect',
      message: '',
      redirect: '', // not an allowed host
    });
  });
});
