/**
 * Segments (#23) end to end: the org emulator and a real WordPress, with the shipped Contact ⇄
 * user mapping given two set-valued fields — the member levels (restricted multi-select picklist
 * WP_Member_Level__c ⇄ user meta list sfwp_tags) and roles (Title ⇄ roles, allowlist author,
 * contributor), and the Contact's Topics ⇄ user meta list sfwp_topics. Sets travel element by
 * element both ways; roles only as the allowlist says.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../connector/src/config/index.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import { startConnector, type ConnectorHandle } from '../../connector/src/app/connector.js';
import { WpapiWordPressClient, type WordPressUser } from '../../connector/src/wordpress/index.js';
import type { RunningEmulator } from '../emulator/index.js';
import { globalAgent } from 'node:https';
import { TOPIC_NAME_MAX_LENGTH } from '../../connector/src/salesforce/topic-gateway.js';
import { startEmulator } from '../emulator/index.js';
import { connectAs, connectorEnvironment } from './support/emulated-org.js';
import { eventually } from './support/eventually.js';
import { logCapture } from './support/log-lines.js';
import { resetWordPress } from '../wordpress/reset.js';

const wordpress = inject('wordpress');
const stateDir = mkdtempSync(join(tmpdir(), 'sfwp-segments-'));
const { lines: logLines, stream: logStream } = logCapture();

let emulator: RunningEmulator;
let admin: Connection;
let connector: ConnectorHandle | undefined;
const wp = new WpapiWordPressClient({
  siteUrl: wordpress.url,
  username: wordpress.username,
  applicationPassword: wordpress.applicationPassword,
});

/** Adds set-valued field rows to the shipped Contact_User mapping, as an admin would deploy them. */
function addSetFields(): void {
  const store = emulator.org.store;
  const [email] = [...store.rows('WP_Field_Mapping__mdt')].filter(
    (row) => row.DeveloperName === 'Contact_User_Email',
  );
  if (!email) throw new Error('the package ships Contact_User_Email');
  store.put('WP_Field_Mapping__mdt', {
    ...email,
    Id: 'm01000000000201AAA',
    DeveloperName: 'Contact_User_Levels',
    Salesforce_Field__c: 'WP_Member_Level__c',
    WordPress_Field__c: 'meta.sfwp_tags',
    Direction__c: 'Bidirectional',
    Transform__c: 'None',
    Required__c: false,
    Set_Source__c: 'MultiSelectPicklist',
  });
  store.put('WP_Field_Mapping__mdt', {
    ...email,
    Id: 'm01000000000202AAA',
    DeveloperName: 'Contact_User_Roles',
    Salesforce_Field__c: 'Title',
    WordPress_Field__c: 'roles',
    Direction__c: 'Bidirectional',
    Transform__c: 'None',
    Required__c: false,
    Set_Source__c: 'MultiSelectPicklist',
    Allowed_Roles__c: 'author,contributor',
    Allow_Privileged_Roles__c: false,
  });
  store.put('WP_Field_Mapping__mdt', {
    ...email,
    Id: 'm01000000000203AAA',
    DeveloperName: 'Contact_User_Topics',
    Salesforce_Field__c: 'Topics',
    WordPress_Field__c: 'meta.sfwp_topics',
    Direction__c: 'Bidirectional',
    Transform__c: 'None',
    Required__c: false,
    Set_Source__c: 'Topics',
  });
}

async function contact(id: string): Promise<Record<string, unknown>> {
  const record: Record<string, unknown> = await admin.sobject('Contact').retrieve(id);
  return record;
}

async function createContact(fields: Record<string, unknown>): Promise<string> {
  const [result] = await admin.sobject('Contact').create([fields]);
  if (!result?.success) throw new Error(`Contact not created: ${JSON.stringify(result)}`);
  return result.id;
}

/** The WordPress user a Contact is linked to, once Salesforce holds its id. */
async function linkedUser(id: string): Promise<WordPressUser> {
  const record = await eventually(async () => {
    const row = await contact(id);
    return row.WP_Id__c ? row : undefined;
  }, `WP_Id__c on ${id}`);
  return wp.get('user', Number(record.WP_Id__c));
}

function levels(user: WordPressUser): string[] {
  const value = user.meta.sfwp_tags;
  return Array.isArray(value) ? value.map(String).sort() : [];
}

function picklist(value: unknown): string[] {
  return typeof value === 'string' && value !== '' ? value.split(';').sort() : [];
}

async function userUntil(
  id: number,
  done: (user: WordPressUser) => boolean,
  what: string,
): Promise<WordPressUser> {
  return eventually(async () => {
    const user = await wp.get('user', id);
    return done(user) ? user : undefined;
  }, what);
}

async function contactUntil(
  id: string,
  done: (record: Record<string, unknown>) => boolean,
  what: string,
): Promise<Record<string, unknown>> {
  return eventually(async () => {
    const record = await contact(id);
    return done(record) ? record : undefined;
  }, what);
}

async function syncLog(id: string, status: string, containing: string): Promise<string> {
  const row = await eventually(async () => {
    const rows = await admin.query<{ Message__c: string }>(
      `SELECT Status__c, Message__c FROM WP_Sync_Log__c WHERE Record_Id__c = '${id}' AND Status__c = '${status}'`,
    );
    return rows.records.find((record) => record.Message__c.includes(containing));
  }, `a ${status} WP_Sync_Log__c row of ${id} saying ${containing}`);
  return row.Message__c;
}

const same = (a: readonly string[], b: readonly string[]): boolean =>
  JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());

beforeAll(async () => {
  await resetWordPress(wordpress);
  emulator = await startEmulator({
    https: true,
    // Reading TopicsForObjects needs Modify Metadata (docs/SEGMENTS.md); an admin grants it.
    configure: (orgConfig) => {
      orgConfig.users[1]?.profile.userPermissions.push('ModifyMetadata');
    },
  });
  globalAgent.options.ca = emulator.httpsCertificatePem;
  admin = await connectAs(emulator, 'admin');
  addSetFields();
  const config = loadConfig({
    cwd: stateDir,
    env: connectorEnvironment(emulator, wordpress, stateDir, 'jwt'),
  });
  connector = await startConnector(config, {
    logger: createLogger({ level: 'info', destination: logStream }),
  });
});

afterAll(async () => {
  await connector?.stop();
  await emulator.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('set-valued fields between the org emulator and a real WordPress', () => {
  let memberId = '';
  let member: WordPressUser;

  it('puts a level added in Salesforce into the user meta list', async () => {
    memberId = await createContact({
      LastName: 'Member',
      Email: 'member@example.test',
      WP_Member_Level__c: 'Gold',
    });
    member = await linkedUser(memberId);
    expect(levels(member)).toEqual(['Gold']);
  });

  it('keeps both concurrent additions: Silver in Salesforce, Bronze in WordPress', async () => {
    await Promise.all([
      admin.sobject('Contact').update({ Id: memberId, WP_Member_Level__c: 'Gold;Silver' }),
      wp.update('user', member.id, { meta: { sfwp_tags: ['Gold', 'Bronze'] } }),
    ]);
    const all = ['Bronze', 'Gold', 'Silver'];
    await userUntil(member.id, (user) => same(levels(user), all), 'WordPress with all three');
    await contactUntil(
      memberId,
      (record) => same(picklist(record.WP_Member_Level__c), all),
      'Salesforce with all three',
    );
  });

  it('removes only the element one side removed', async () => {
    await wp.update('user', member.id, { meta: { sfwp_tags: ['Bronze', 'Silver'] } });
    await contactUntil(
      memberId,
      (record) => same(picklist(record.WP_Member_Level__c), ['Bronze', 'Silver']),
      'Salesforce without Gold',
    );
    await admin.sobject('Contact').update({ Id: memberId, WP_Member_Level__c: 'Bronze' });
    const user = await userUntil(
      member.id,
      (current) => same(levels(current), ['Bronze']),
      'WordPress without Silver',
    );
    expect(levels(user)).toEqual(['Bronze']);
  });
});

describe('roles from Salesforce, guarded', () => {
  it('grants an allowlisted role and revokes it, keeping the role it does not manage', async () => {
    const id = await createContact({ LastName: 'Author', Email: 'author@example.test' });
    const user = await linkedUser(id);
    expect(user.roles).toEqual(['subscriber']);
    await admin.sobject('Contact').update({ Id: id, Title: 'author' });
    await userUntil(user.id, (now) => same(now.roles ?? [], ['subscriber', 'author']), 'author');
    expect(await syncLog(id, 'Success', 'roles of user')).toContain(
      `roles of user ${user.id}: [subscriber] → [subscriber, author]`,
    );
    await admin.sobject('Contact').update({ Id: id, Title: null });
    await userUntil(user.id, (now) => same(now.roles ?? [], ['subscriber']), 'author revoked');
  });

  it('refuses administrator from Salesforce data and logs it, granting the allowlisted rest', async () => {
    const id = await createContact({
      LastName: 'Climber',
      Email: 'climber@example.test',
      Title: 'administrator;contributor',
    });
    const user = await linkedUser(id);
    await userUntil(user.id, (now) => same(now.roles ?? [], ['contributor']), 'contributor');
    expect(
      await syncLog(id, 'Success', 'role administrator refused: not in Allowed_Roles__c'),
    ).toContain('Contact_User_Roles');
    expect(logLines.some((line) => line.includes('role administrator refused'))).toBe(true);
    // Salesforce keeps its data: the refused role is not taken away from Title.
    expect(picklist((await contact(id)).Title)).toEqual(['administrator', 'contributor']);
  });

  it("never changes the connector's own user or an administrator", async () => {
    const me = await wp.currentUser();
    const own = await wp.get('user', me.id);
    const other = await wp.create('user', {
      username: 'second-admin',
      email: 'second-admin@example.test',
      password: 'a-long-password-1',
      roles: ['administrator'],
    });
    const ownId = await createContact({ LastName: 'Connector', Email: own.email, Title: 'author' });
    const otherId = await createContact({
      LastName: 'Admin',
      Email: 'second-admin@example.test',
      Title: 'contributor',
    });
    await syncLog(ownId, 'Success', "not changed (the connector's own user)");
    await syncLog(otherId, 'Success', 'holds administrator');
    expect((await wp.get('user', me.id)).roles).toEqual(['administrator']);
    expect((await wp.get('user', other.id)).roles).toEqual(['administrator']);
  });
});

describe('bad input gets a clear outcome, and other records are unaffected', () => {
  async function linkedMember(email: string, level: string): Promise<[string, WordPressUser]> {
    const id = await createContact({ LastName: email, Email: email, WP_Member_Level__c: level });
    return [id, await linkedUser(id)];
  }

  it.each([
    [
      'an unknown picklist value',
      ['Gold', 'Diamond'],
      'bad value for restricted picklist field: Diamond',
    ],
    [
      'a ";" inside a value',
      ['Gold', 'Gold;Platinum'],
      '"Gold;Platinum" cannot be a multi-select picklist value',
    ],
    [
      'unicode tags',
      ['Gold', 'Müller ✓ 会员'],
      'bad value for restricted picklist field: Müller ✓ 会员',
    ],
    [
      '500 tags',
      Array.from({ length: 500 }, (_, index) => `Tag ${String(index).padStart(3, '0')}`),
      'bad value for restricted picklist field: Tag 000',
    ],
  ])('%s', async (what, tags, message) => {
    const key = what.replace(/\W+/g, '-');
    const [badId, bad] = await linkedMember(`bad-${key}@example.test`, 'Bronze');
    const [goodId, good] = await linkedMember(`good-${key}@example.test`, 'Bronze');
    await Promise.all([
      wp.update('user', bad.id, { meta: { sfwp_tags: tags } }),
      wp.update('user', good.id, { meta: { sfwp_tags: ['Bronze', 'Platinum'] } }),
    ]);
    expect(await syncLog(badId, 'Failed', message)).toContain(message);
    await contactUntil(
      goodId,
      (record) => same(picklist(record.WP_Member_Level__c), ['Bronze', 'Platinum']),
      'the good record synced',
    );
    expect(picklist((await contact(badId)).WP_Member_Level__c)).toEqual(['Bronze']);
    // WordPress kept what was written, unicode and all.
    expect(levels(await wp.get('user', bad.id))).toEqual([...tags].sort());
  });
});

describe('Topics between the org emulator and a real WordPress', () => {
  function topicsOf(user: WordPressUser): string[] {
    const value = user.meta.sfwp_topics;
    return Array.isArray(value) ? value.map(String).sort() : [];
  }

  async function recordTopics(id: string): Promise<string[]> {
    const rows = await admin.query<{ Topic: { Name: string } }>(
      `SELECT Id, Topic.Name FROM TopicAssignment WHERE EntityId = '${id}'`,
    );
    return rows.records.map((row) => row.Topic.Name).sort();
  }

  async function assignTopic(id: string, name: string): Promise<void> {
    const [topic] = await admin.sobject('Topic').create([{ Name: name }]);
    if (!topic?.success) throw new Error(`Topic not created: ${JSON.stringify(topic)}`);
    await admin.sobject('TopicAssignment').create([{ TopicId: topic.id, EntityId: id }]);
  }

  let memberId = '';
  let member: WordPressUser;

  it('brings a topic added in Salesforce to WordPress with the record’s next change', async () => {
    memberId = await createContact({ LastName: 'Topical', Email: 'topical@example.test' });
    member = await linkedUser(memberId);
    await assignTopic(memberId, 'Volunteer');
    // No trigger fires on TopicAssignment: the record's next event carries its topics.
    await admin.sobject('Contact').update({ Id: memberId, Description: 'Helps out' });
    await userUntil(member.id, (user) => same(topicsOf(user), ['Volunteer']), 'the topic');
  });

  it('adds a topic added in WordPress to the record, keeping the others', async () => {
    await wp.update('user', member.id, { meta: { sfwp_topics: ['Volunteer', 'Mentor ✓'] } });
    await eventually(
      async () =>
        same(await recordTopics(memberId), ['Mentor ✓', 'Volunteer']) ? true : undefined,
      'the Salesforce topics',
    );
    await wp.update('user', member.id, { meta: { sfwp_topics: ['Mentor ✓'] } });
    await eventually(
      async () => (same(await recordTopics(memberId), ['Mentor ✓']) ? true : undefined),
      'Volunteer removed in Salesforce',
    );
  });

  it('fails a record with a topic name over the limit, naming it, while another syncs', async () => {
    const badId = await createContact({ LastName: 'Long', Email: 'long-topic@example.test' });
    const goodId = await createContact({ LastName: 'Short', Email: 'short-topic@example.test' });
    const [bad, good] = await Promise.all([linkedUser(badId), linkedUser(goodId)]);
    const long = 'L'.repeat(TOPIC_NAME_MAX_LENGTH + 1);
    await Promise.all([
      wp.update('user', bad.id, { meta: { sfwp_topics: ['Fine', long] } }),
      wp.update('user', good.id, { meta: { sfwp_topics: ['Fine'] } }),
    ]);
    expect(await syncLog(badId, 'Failed', 'Topic name over 99 characters')).toContain('LLLL');
    await eventually(
      async () => (same(await recordTopics(goodId), ['Fine']) ? true : undefined),
      'the other record’s topic',
    );
    expect(await recordTopics(badId)).toEqual([]);
  });
});
