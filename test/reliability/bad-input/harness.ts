import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { globalAgent } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Connection } from 'jsforce';
import { loadConfig } from '../../../connector/src/config/index.js';
import { createLogger } from '../../../connector/src/observability/logger.js';
import { ConnectorMetrics } from '../../../connector/src/observability/metrics.js';
import { startStatusServer, type StatusServer } from '../../../connector/src/server/index.js';
import { startConnector, type ConnectorHandle } from '../../../connector/src/app/connector.js';
import { SqliteStateStore } from '../../../connector/src/store/sqlite-state-store.js';
import type { DeadLetter } from '../../../connector/src/store/state-store.js';
import {
  WpapiWordPressClient,
  type WordPressUser,
} from '../../../connector/src/wordpress/index.js';
import { startEmulator, type RunningEmulator } from '../../emulator/index.js';
import type { BusEvent } from '../../emulator/contracts.js';
import { connectAs, connectorEnvironment } from '../../integration/support/emulated-org.js';
import { eventually } from '../../integration/support/eventually.js';
import { logCapture } from '../../integration/support/log-lines.js';
import type { ProvidedWordPress } from '../../wordpress/target.js';
import { reliabilityScale } from '../support/scale.js';
import { runInSite } from '../../wordpress/site-php.js';

export type Row = Record<string, unknown>;

/**
 * One org emulator (HTTPS, with a clock a row can skew), one in-process connector between it and
 * the run's WordPress, and the handles the catalogue's rows act and check with.
 */
export interface Harness {
  readonly emulator: RunningEmulator;
  /** Salesforce as an admin: changes publish sync events, like a person's. */
  readonly admin: Connection;
  /** Salesforce as the integration user: changes publish nothing (setting up a row quietly). */
  readonly integration: Connection;
  /** WordPress as the connector's user, signed: changes are `origin=connector`, never synced. */
  readonly wp: WpapiWordPressClient;
  /** WordPress as a person (an administrator standing in for a human): changes are synced. */
  readonly editor: WpapiWordPressClient;
  /** WordPress as a subscriber (no unfiltered_html). */
  readonly subscriber: WpapiWordPressClient;
  readonly subscriberId: number;
  readonly connector: ConnectorHandle;
  readonly store: SqliteStateStore;
  readonly webhookUrl: string;
  readonly sharedSecret: string;
  /** Added to the emulator's clock (ms). */
  skewMs: number;
  /** The connector's log, parsed. */
  logs(): Row[];
  /** Every WP_Sync_Event__e the bus carried. */
  readonly syncEvents: BusEvent[];
  /** Runs PHP inside the WordPress site (wp-load.php); the code sets `$result`. */
  php<T>(code: string): Promise<T>;
  stop(): Promise<void>;
}

export async function startHarness(wordpress: ProvidedWordPress): Promise<Harness> {
  const people = wordpress.people;
  const siteDir = wordpress.siteDir;
  if (!people || !siteDir) {
    throw new Error(
      'The bad input catalogue needs the WordPress this run starts (test people, site files); unset WP_URL, WP_USERNAME and WP_APP_PASSWORD.',
    );
  }
  const stateDir = mkdtempSync(join(tmpdir(), 'sfwp-bad-input-'));
  const sharedSecret = randomBytes(32).toString('hex');
  const { lines, stream: logStream } = logCapture();
  const parsed: Row[] = [];
  const clock = { skewMs: 0 };
  const emulator = await startEmulator({ https: true, now: () => Date.now() + clock.skewMs });
  globalAgent.options.ca = emulator.httpsCertificatePem;
  const syncEvents: BusEvent[] = [];
  emulator.bus.onPublish((event) => {
    if (event.topic === '/event/WP_Sync_Event__e') syncEvents.push(event);
  });
  const admin = await connectAs(emulator, 'admin');
  const integration = await connectAs(emulator, 'integration');
  const started: { connector?: ConnectorHandle } = {};
  const server: StatusServer = await startStatusServer({
    port: 0,
    token: randomBytes(16).toString('hex'),
    status: () => {
      if (!started.connector) throw new Error('not started');
      return started.connector.status();
    },
    metrics: new ConnectorMetrics(),
    webhook: { secret: sharedSecret, onPing: () => started.connector?.wakeChangeFeed?.() },
  });
  const webhookUrl = `${server.url}/webhook/wordpress`;
  const config = loadConfig({
    cwd: stateDir,
    env: {
      ...connectorEnvironment(emulator, wordpress, stateDir, 'client-credentials'),
      WP_SHARED_SECRET: sharedSecret,
      SFWP_WEBHOOK_URL: webhookUrl,
      SFWP_FEED_POLL_SECONDS: '1',
    },
  });
  const running = await startConnector(config, {
    logger: createLogger({ level: 'debug', destination: logStream }),
  });
  const store = new SqliteStateStore({ path: config.store.path });
  const person = (who: { username: string; applicationPassword: string }) =>
    new WpapiWordPressClient({
      siteUrl: wordpress.url,
      username: who.username,
      applicationPassword: who.applicationPassword,
    });
  started.connector = running;
  return {
    emulator,
    admin,
    integration,
    wp: new WpapiWordPressClient({
      siteUrl: wordpress.url,
      username: wordpress.username,
      applicationPassword: wordpress.applicationPassword,
      originSecret: sharedSecret,
    }),
    editor: person(people.editor),
    subscriber: person(people.subscriber),
    subscriberId: people.subscriber.id,
    connector: running,
    store,
    webhookUrl,
    sharedSecret,
    get skewMs() {
      return clock.skewMs;
    },
    set skewMs(value: number) {
      clock.skewMs = value;
    },
    logs() {
      while (parsed.length < lines.length) {
        parsed.push(JSON.parse(lines[parsed.length] ?? '{}') as Row);
      }
      return parsed;
    },
    syncEvents,
    php<T>(code: string): Promise<T> {
      return runInSite<T>({ url: wordpress.url, siteDir }, code);
    },
    async stop() {
      // SFWP_BAD_INPUT_LOG=<file> keeps the connector's log of the run for a closer look.
      if (process.env.SFWP_BAD_INPUT_LOG)
        writeFileSync(process.env.SFWP_BAD_INPUT_LOG, lines.join(''));
      await running.stop();
      store.close();
      await server.close();
      await emulator.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Helpers the rows share: unique names, records on both sides, and the outcome probes. */
export class Probes {
  private counter = 0;
  /** `npm run test:reliability -- --long` runs the huge batches at full size. */
  readonly long = reliabilityScale().form === 'long';
  /** Figures rows measured, printed at the end. */
  readonly figures: string[] = [];

  constructor(readonly h: Harness) {}

  /** A short unique lower-case token for names and emails. */
  token(prefix: string): string {
    this.counter++;
    return `${prefix}${this.counter}${randomBytes(3).toString('hex')}`;
  }

  /** A syntactically valid Contact id that no record has. */
  fakeContactId(): string {
    return `003ZZ${randomBytes(16).toString('hex').slice(0, 13).toUpperCase()}`;
  }

  async createContact(fields: Row, as: 'admin' | 'integration' = 'admin'): Promise<string> {
    const connection = as === 'admin' ? this.h.admin : this.h.integration;
    const result = await connection.sobject('Contact').create(fields);
    if (!result.success) throw new Error(`Contact create failed: ${JSON.stringify(result)}`);
    return result.id;
  }

  async contact(id: string): Promise<Row> {
    const record: Row = await this.h.admin.sobject('Contact').retrieve(id);
    return record;
  }

  /** The WordPress id Salesforce holds for a Contact, once the connector stamped it. */
  linkedUserOf(contactId: string, what = `WP_Id__c on ${contactId}`): Promise<number> {
    return eventually(async () => {
      const record = await this.contact(contactId);
      return record.WP_Id__c ? Number(record.WP_Id__c) : undefined;
    }, what);
  }

  async contactsWhere(where: string): Promise<Row[]> {
    const result = await this.h.admin.query<Row>(
      `SELECT Id, FirstName, LastName, Email, Description, WP_Website__c, WP_Id__c, WP_Sync_Status__c FROM Contact WHERE ${where}`,
    );
    return result.records;
  }

  /** The Contact linked to a WordPress user (by WP_Id__c), once it exists. */
  contactOfUser(userId: number, what = `the Contact of user ${userId}`): Promise<Row> {
    return eventually(async () => (await this.contactsWhere(`WP_Id__c = '${userId}'`))[0], what);
  }

  user(id: number): Promise<WordPressUser> {
    return this.h.wp.get('user', id);
  }

  /** A user as a person creates it in WordPress (synced to Salesforce). */
  createUser(fields: Row): Promise<WordPressUser> {
    const token = this.token('u');
    return this.h.editor.create('user', {
      username: token,
      email: `${token}@example.test`,
      password: randomBytes(12).toString('hex'),
      ...fields,
    });
  }

  /** A Contact and its WordPress user, linked and agreed on by both sides. */
  async linkedPairFromWordPress(fields: Row = {}): Promise<{ userId: number; contactId: string }> {
    const user = await this.createUser({ first_name: 'Pair', last_name: 'Linked', ...fields });
    const record = await this.contactOfUser(user.id);
    return { userId: user.id, contactId: String(record.Id) };
  }

  async linkedPairFromSalesforce(fields: Row = {}): Promise<{ userId: number; contactId: string }> {
    const token = this.token('p');
    const contactId = await this.createContact({
      LastName: 'Linked',
      Email: `${token}@example.test`,
      ...fields,
    });
    return { contactId, userId: await this.linkedUserOf(contactId) };
  }

  deadLetters(): DeadLetter[] {
    return this.h.store.listDeadLetters({ limit: 1_000_000 });
  }

  deadLetter(match: (letter: DeadLetter) => boolean, what: string): Promise<DeadLetter> {
    return eventually(
      () => Promise.resolve(this.deadLetters().find(match)),
      `a dead letter for ${what}`,
    );
  }

  /** A `WP_Sync_Log__c` row the result trigger wrote, by Salesforce record id or WordPress id. */
  /** Waits for a dead letter to be marked retried (RetryFailed went through). */
  async retried(id: number): Promise<void> {
    await eventually(
      () =>
        Promise.resolve(this.h.store.getDeadLetter(id)?.status === 'retried' ? true : undefined),
      `dead letter ${id} marked retried`,
    );
  }

  logRow(
    where: { recordId: string } | { wordpressId: number },
    status: 'Failed' | 'Success' | 'Skipped' | 'Conflict',
    what: string,
  ): Promise<Row> {
    const filter =
      'recordId' in where
        ? `Record_Id__c = '${where.recordId}'`
        : `WP_Id__c = '${where.wordpressId}'`;
    return eventually(async () => {
      const rows = await this.h.admin.query<Row>(
        `SELECT Status__c, Message__c, Record_Id__c, WP_Id__c, Direction__c FROM WP_Sync_Log__c WHERE ${filter} AND Status__c = '${status}'`,
      );
      return rows.records[0];
    }, `a ${status} sync log row for ${what}`);
  }

  logEntries(match: (entry: Row) => boolean): Row[] {
    return this.h.logs().filter(match);
  }

  logEntry(match: (entry: Row) => boolean, what: string): Promise<Row> {
    return eventually(() => Promise.resolve(this.logEntries(match).at(0)), what);
  }

  /** Publishes a sync event the way any admin can (REST create on the event object). */
  async publishSyncEvent(fields: Row): Promise<void> {
    const result = await this.h.admin.sobject('WP_Sync_Event__e').create(fields);
    if (!result.success) throw new Error(`publishing failed: ${JSON.stringify(result)}`);
  }

  async command(fields: Row): Promise<void> {
    const result = await this.h.admin.sobject('WP_Sync_Command__e').create(fields);
    if (!result.success) throw new Error(`command failed: ${JSON.stringify(result)}`);
  }

  /** The admin app's Retry failed for some records; resolves once the command's outcome is logged. */
  async retryFailed(recordIds: string[]): Promise<void> {
    const before = this.logEntries((entry) => entry.command === 'RetryFailed').length;
    await this.command({ Command__c: 'RetryFailed', Record_Ids__c: recordIds.join(',') });
    await eventually(
      () =>
        Promise.resolve(
          this.logEntries((entry) => entry.command === 'RetryFailed').length > before
            ? true
            : undefined,
        ),
      'the RetryFailed command',
    );
  }

  /**
   * A Contact created in Salesforce alongside a row's bad input: `verify` checks it arrived in
   * WordPress with its values and its WordPress id went back.
   */
  async salesforceCanary(): Promise<{ id: string; verify(): Promise<void> }> {
    const token = this.token('canary');
    const fields = { FirstName: 'Canary', LastName: `C-${token}`, Email: `${token}@example.test` };
    const id = await this.createContact(fields);
    return {
      id,
      verify: async () => {
        const userId = await this.linkedUserOf(id, `the Salesforce canary ${token}`);
        const user = await this.user(userId);
        if (user.last_name !== fields.LastName || user.email !== fields.Email) {
          throw new Error(`canary ${token} arrived wrong: ${JSON.stringify(user)}`);
        }
      },
    };
  }

  /** A user created in WordPress alongside a row's bad input; `verify` checks its Contact. */
  async wordpressCanary(): Promise<{ id: number; verify(): Promise<void> }> {
    const token = this.token('wpcanary');
    const user = await this.createUser({ last_name: `W-${token}`, first_name: 'Canary' });
    return {
      id: user.id,
      verify: async () => {
        const record = await this.contactOfUser(user.id, `the WordPress canary ${token}`);
        if (record.LastName !== `W-${token}` || record.FirstName !== 'Canary') {
          throw new Error(`canary ${token} arrived wrong: ${JSON.stringify(record)}`);
        }
      },
    };
  }
}
