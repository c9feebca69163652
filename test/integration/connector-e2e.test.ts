import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'jsforce';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig, type Config } from '../../connector/src/config/index.js';
import { createLogger } from '../../connector/src/observability/logger.js';
import { startConnector, type ConnectorHandle } from '../../connector/src/app/connector.js';
import {
  WordPressNotFoundError,
  WpapiWordPressClient,
  type WordPressPost,
} from '../../connector/src/wordpress/index.js';
import type { RunningEmulator } from '../emulator/index.js';
import { connectAs, connectorEnvironment, startTrustedEmulator } from './support/emulated-org.js';
import { eventually } from './support/eventually.js';
import { logCapture } from './support/log-lines.js';
import { resetWordPress } from '../wordpress/reset.js';

const wordpress = inject('wordpress');
const stateDir = mkdtempSync(join(tmpdir(), 'sfwp-e2e-'));
const { lines: logLines, stream: logStream } = logCapture();

let emulator: RunningEmulator;
let admin: Connection;
let config: Config;
let connector: ConnectorHandle | undefined;
const wp = new WpapiWordPressClient({
  siteUrl: wordpress.url,
  username: wordpress.username,
  applicationPassword: wordpress.applicationPassword,
});

async function contact(id: string): Promise<Record<string, unknown>> {
  const record: Record<string, unknown> = await admin.sobject('Contact').retrieve(id);
  return record;
}

/** A "mappings loaded" log line after the latest ReloadMappings command. */
function reloadedAfterCommand(): boolean {
  const commandAt = logLines.findLastIndex((line) => line.includes('"command":"ReloadMappings"'));
  return (
    commandAt >= 0 &&
    logLines.slice(commandAt).some((line) => line.includes('"msg":"mappings loaded"'))
  );
}

function adminUserId(): string {
  return emulator.org.user(emulator.credentials.admin.username).id;
}

function pausedLogged(): boolean {
  return logLines.some((line) => line.includes('"command":"Pause"'));
}

async function startConnectorForTest(): Promise<ConnectorHandle> {
  const started = await startConnector(config, {
    logger: createLogger({ level: 'info', destination: logStream }),
  });
  connector = started;
  return started;
}

beforeAll(async () => {
  await resetWordPress(wordpress);
  emulator = await startTrustedEmulator();
  admin = await connectAs(emulator, 'admin');
  config = loadConfig({
    cwd: stateDir,
    env: connectorEnvironment(emulator, wordpress, stateDir, 'jwt'),
  });
  await startConnectorForTest();
});

afterAll(async () => {
  await connector?.stop();
  await emulator.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('the connector between the org emulator and a real WordPress', () => {
  it('turns new Contacts into WordPress users and stamps the WordPress id back in Salesforce', async () => {
    const created = await admin.sobject('Contact').create([
      {
        FirstName: 'Ada',
        LastName: 'Lovelace',
        Email: 'Ada.Lovelace@example.test',
        Description: 'Analyst',
      },
      {
        FirstName: 'Alan',
        LastName: 'Turing',
        Email: 'alan@example.test',
        WP_Website__c: 'https://alan.example.test',
      },
    ]);
    const ids = created.map((result) => (result.success ? result.id : ''));
    const collectionCallsAfterCreate = emulator.stats.collectionCalls.count;
    for (const id of ids) {
      const stamped = await eventually(async () => {
        const record = await contact(id);
        return record.WP_Id__c ? record : undefined;
      }, `WP_Id__c on ${id}`);
      expect(stamped.WP_Sync_Status__c).toBe('Success');
      const user = await wp.get('user', Number(stamped.WP_Id__c));
      expect(user.email).toBe(String(stamped.Email).toLowerCase());
      expect(user.last_name).toBe(stamped.LastName);
    }
    const ada = await wp.get('user', Number((await contact(ids[0] ?? '')).WP_Id__c));
    expect(ada).toMatchObject({ first_name: 'Ada', description: 'Analyst' });
    // The new ids also go back through one sObject Collections update (integration user, no new event).
    await eventually(
      () =>
        Promise.resolve(
          emulator.stats.collectionCalls.count > collectionCallsAfterCreate ? true : undefined,
        ),
      'the Composite write-back of WordPress ids',
    );
  });

  it('applies updates and keeps per-record order under a burst of 500 updates to 100 records', async () => {
    const records = Array.from({ length: 100 }, (_, index) => ({
      FirstName: 'Burst',
      LastName: `R${index}-v0`,
      Email: `burst${index}@example.test`,
    }));
    const created = await admin.sobject('Contact').create(records, { allowRecursive: true });
    const ids = created.map((result) => (result.success ? result.id : ''));
    for (let version = 1; version <= 5; version++) {
      await admin.sobject('Contact').update(
        ids.map((id, index) => ({ Id: id, LastName: `R${index}-v${version}` })),
        { allowRecursive: true },
      );
    }
    await eventually(
      async () => {
        const rows = await admin.query<{ Id: string; WP_Id__c: string | null }>(
          `SELECT Id, WP_Id__c FROM Contact WHERE FirstName = 'Burst' AND WP_Id__c != null`,
        );
        return rows.totalSize === 100 ? rows : undefined;
      },
      'all 100 burst records linked',
      60_000,
    );
    await eventually(
      async () => {
        const page = await wp.list('user', { search: 'burst', perPage: 100 });
        const finals = page.items.filter((user) => user.last_name?.endsWith('-v5'));
        return finals.length === 100 ? finals : undefined;
      },
      'final values of all 100 records in WordPress',
      60_000,
    );
    const page = await wp.list('user', { search: 'burst', perPage: 100 });
    expect(page.total).toBe(100);
    for (const user of page.items) {
      const index = Number(/burst(\d+)@/.exec(user.email ?? '')?.[1]);
      expect(user.last_name).toBe(`R${index}-v5`);
    }
  }, 150_000); // two waits of up to 60 s each: the cap must cover both on a loaded machine

  it('publishes Accounts as organization posts with meta, and trashes them on delete', async () => {
    const result = await admin.sobject('Account').create({
      Name: 'Acme',
      Website: 'https://acme.example',
      BillingCity: 'Lyon',
      BillingCountry: 'France',
    });
    const id = result.success ? result.id : '';
    const wordpressId = await eventually(async () => {
      const record = (await admin.sobject('Account').retrieve(id)) as unknown as {
        WP_Id__c?: string;
      };
      return record.WP_Id__c ? Number(record.WP_Id__c) : undefined;
    }, 'Account WP_Id__c');
    const post = (await wp.get('organization', wordpressId)) as WordPressPost;
    expect(post.title.raw).toBe('Acme');
    // The shipped mapping's WP_Post_Status__c: organization posts are public at once.
    expect(post.status).toBe('publish');
    expect(post.meta).toMatchObject({
      website: 'https://acme.example',
      billing_city: 'Lyon',
      billing_country: 'France',
    });
    await admin.sobject('Account').destroy(id);
    await eventually(
      async () =>
        ((await wp.get('organization', wordpressId)) as WordPressPost).status === 'trash'
          ? true
          : undefined,
      'trashed organization',
    );
  });

  it('dead-letters an invalid email, reports it as Failed in Salesforce, and carries on', async () => {
    const [bad, good] = await admin.sobject('Contact').create([
      // Salesforce accepts this address; WordPress's is_email() refuses the underscore in the domain.
      { LastName: 'Broken', Email: 'broken@exa_mple.test' },
      { LastName: 'Fine', Email: 'fine@example.test' },
    ]);
    const badId = bad?.success ? bad.id : '';
    const goodId = good?.success ? good.id : '';
    await eventually(
      async () => ((await contact(goodId)).WP_Id__c ? true : undefined),
      'the good record synced',
    );
    const log = await eventually(async () => {
      const rows = await admin.query<{ Status__c: string; Message__c: string }>(
        `SELECT Status__c, Message__c FROM WP_Sync_Log__c WHERE Record_Id__c = '${badId}'`,
      );
      return rows.records.find((row) => row.Status__c === 'Failed');
    }, 'a Failed log row for the bad record');
    expect(log.Message__c).toMatch(/email/i);
    expect((await contact(badId)).WP_Sync_Status__c).toBe('Failed');
    expect(connector?.status().deadLetters.open).toBeGreaterThanOrEqual(1);
  });

  it('resumes after a restart from the stored replay position: nothing missed, nothing twice', async () => {
    await connector?.stop();
    connector = undefined;
    const created = await admin
      .sobject('Contact')
      .create({ LastName: 'WhileDown', Email: 'whiledown@example.test' });
    const id = created.success ? created.id : '';
    const usersBefore = (await wp.list('user', { perPage: 1 })).total;
    const restarted = await startConnectorForTest();
    const wordpressId = await eventually(async () => {
      const record = await contact(id);
      return record.WP_Id__c ? Number(record.WP_Id__c) : undefined;
    }, 'the change made while the connector was down');
    expect((await wp.get('user', wordpressId)).last_name).toBe('WhileDown');
    expect((await wp.list('user', { perPage: 1 })).total).toBe(usersBefore + 1);
    expect(restarted.status().state).toBe('running');
  });

  it('deletes the WordPress user when a Contact is deleted under a Delete policy (after ReloadMappings)', async () => {
    // The package ships Contact_User with Delete_Policy__c Ignore (keep WordPress accounts); an
    // admin who wants deletes to flow changes the custom metadata record and reloads.
    const row = [...emulator.org.store.rows('WP_Object_Mapping__mdt')].find(
      (candidate) => candidate.DeveloperName === 'Contact_User',
    );
    if (!row) throw new Error('the package ships Contact_User');
    emulator.org.store.put('WP_Object_Mapping__mdt', { ...row, Delete_Policy__c: 'Delete' });
    await admin.sobject('WP_Sync_Command__e').create({ Command__c: 'ReloadMappings' });
    await eventually(
      () => Promise.resolve(reloadedAfterCommand() ? true : undefined),
      'the reload',
    );
    const created = await admin
      .sobject('Contact')
      .create({ LastName: 'Leaving', Email: 'leaving@example.test' });
    const id = created.success ? created.id : '';
    const wordpressId = await eventually(async () => {
      const record = await contact(id);
      return record.WP_Id__c ? Number(record.WP_Id__c) : undefined;
    }, 'the new user');
    await admin.sobject('Contact').destroy(id);
    await eventually(
      async () =>
        (await wp.get('user', wordpressId).then(
          () => false,
          (error: unknown) => error instanceof WordPressNotFoundError,
        ))
          ? true
          : undefined,
      'the deleted user',
    );
    emulator.org.store.put('WP_Object_Mapping__mdt', row);
    await admin.sobject('WP_Sync_Command__e').create({ Command__c: 'ReloadMappings' });
  });

  it('obeys Pause and Resume commands from Salesforce', async () => {
    await admin.sobject('WP_Sync_Command__e').create({ Command__c: 'Pause' });
    await eventually(
      () =>
        Promise.resolve(
          connector?.status().state === 'paused' && pausedLogged() ? true : undefined,
        ),
      'the pause',
    );
    // Who paused it and when: the command event's CreatedById and CreatedDate.
    expect(connector?.status().pausedBy).toBe(adminUserId());
    expect(connector?.status().pausedByName).toBe('Ada Admin');
    expect(Date.parse(connector?.status().pausedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);
    // A restart does not quietly end the pause.
    await connector?.stop();
    const restarted = await startConnectorForTest();
    expect(restarted.status().state).toBe('paused');
    expect(restarted.status().pausedBy).toBe(adminUserId());
    const created = await admin
      .sobject('Contact')
      .create({ LastName: 'Paused', Email: 'paused@example.test' });
    const id = created.success ? created.id : '';
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await contact(id)).WP_Id__c).toBeFalsy();
    await admin.sobject('WP_Sync_Command__e').create({ Command__c: 'Resume' });
    await eventually(
      async () => ((await contact(id)).WP_Id__c ? true : undefined),
      'the change after Resume',
    );
    expect(connector?.status().state).toBe('running');
    expect(connector?.status().pausedBy).toBeUndefined();
    expect(connector?.status().pausedAt).toBeUndefined();
  });

  it('re-applies a record on ResyncRecord, overwriting an edit made in WordPress', async () => {
    const created = await admin
      .sobject('Contact')
      .create({ LastName: 'Original', Email: 'resync@example.test' });
    const id = created.success ? created.id : '';
    const wordpressId = await eventually(async () => {
      const record = await contact(id);
      return record.WP_Id__c ? Number(record.WP_Id__c) : undefined;
    }, 'the record to sync');
    await wp.update('user', wordpressId, { last_name: 'Tampered' });
    await admin
      .sobject('WP_Sync_Command__e')
      .create({ Command__c: 'ResyncRecord', Mapping__c: 'Contact_User', Record_Ids__c: id });
    await eventually(
      async () => ((await wp.get('user', wordpressId)).last_name === 'Original' ? true : undefined),
      'the resync',
    );
  });

  it('retries dead letters on RetryFailed once the cause is gone', async () => {
    // A WordPress account already uses this address as its login name: WordPress refuses the new user.
    const blocker = await wp.create('user', {
      username: 'taken@example.test',
      email: 'other@example.test',
      password: 'x'.repeat(20),
    });
    const created = await admin
      .sobject('Contact')
      .create({ LastName: 'Blocked', Email: 'taken@example.test' });
    const id = created.success ? created.id : '';
    await eventually(
      async () => ((await contact(id)).WP_Sync_Status__c === 'Failed' ? true : undefined),
      'the failure',
    );
    await wp.delete('user', blocker.id);
    await admin
      .sobject('WP_Sync_Command__e')
      .create({ Command__c: 'RetryFailed', Mapping__c: 'Contact_User', Record_Ids__c: id });
    const wordpressId = await eventually(async () => {
      const record = await contact(id);
      return record.WP_Id__c ? Number(record.WP_Id__c) : undefined;
    }, 'the retried record');
    expect((await wp.get('user', wordpressId)).last_name).toBe('Blocked');
  });

  it('stops intake with a clear reason and 503-worthy state when the grant is refused, and loses nothing', async () => {
    const preAuthorized = emulator.org.config.connectedApp.preAuthorizedUsernames;
    const saved = [...preAuthorized];
    // An admin withdraws the app's pre-authorisation and the session is revoked.
    preAuthorized.splice(0, preAuthorized.length);
    emulator.faults.revokeAllTokens();
    emulator.faults.pubSub?.dropStreams();
    // First the Pub/Sub API refuses the revoked session, then renewing it is refused too.
    await eventually(
      () =>
        Promise.resolve(
          connector?.status().state === 'authentication-failed' &&
            /refused the jwt grant.*pre-authorised/i.test(connector.status().reason ?? '')
            ? true
            : undefined,
        ),
      'the authentication-failed state with the reason',
    );
    const created = await admin
      .sobject('Contact')
      .create({ LastName: 'DuringOutage', Email: 'outage@example.test' });
    const id = created.success ? created.id : '';
    // Access restored: the connector recovers by itself and the change made meanwhile arrives.
    preAuthorized.push(...saved);
    await eventually(
      async () => ((await contact(id)).WP_Id__c ? true : undefined),
      'the change made while the grant was refused',
      60_000,
    );
    expect(connector?.status().state).toBe('running');
  });

  it('never logs a credential', () => {
    const text = logLines.join('');
    expect(text).toContain('TLS VERIFICATION IS OFF');
    for (const secret of [
      wordpress.applicationPassword,
      emulator.credentials.clientSecret,
      'BEGIN PRIVATE KEY',
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
