import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { ObjectMapping } from '../../connector/src/mapping/types.js';
import { loadMappingsFromOrg } from '../../connector/src/salesforce/mapping-loader.js';
import { SalesforceRecordGateway } from '../../connector/src/salesforce/record-gateway.js';
import { SqliteStateStore } from '../../connector/src/store/sqlite-state-store.js';
import { applyToSalesforce } from '../../connector/src/wordpress-to-salesforce/apply.js';
import { companionSettingsFor } from '../../connector/src/wordpress-to-salesforce/companion-settings.js';
import {
  FEED_CHECKPOINT,
  WordPressIntake,
} from '../../connector/src/wordpress-to-salesforce/intake.js';
import { WpapiWordPressClient } from '../../connector/src/wordpress/index.js';
import type { RunningEmulator } from '../emulator/index.js';
import { resetWordPress } from '../wordpress/reset.js';
import { connectAs, startTrustedEmulator } from './support/emulated-org.js';
import { eventually } from './support/eventually.js';
import { personClient } from './support/wordpress-people.js';

/**
 * Salesforce API calls WordPress → Salesforce spends, counted by the emulator (a Collections
 * request or a query counts once, logins not at all), for new WordPress users → Contacts:
 * a burst read from the feed at once, and a trickle of 20 a second. The design's bound: each
 * chunk of at most 200 changes costs at most one match-and-read query and one upsert.
 */
const wordpress = inject('wordpress');
const BURST = 1000;
const TRICKLE = 200;
const TRICKLE_PER_SECOND = 20;

let emulator: RunningEmulator;
let mapping: ObjectMapping;
const asConnector = new WpapiWordPressClient({
  siteUrl: wordpress.url,
  username: wordpress.username,
  applicationPassword: wordpress.applicationPassword,
});
const editor = personClient(wordpress, 'editor');

let made = 0;
async function newUser(): Promise<number> {
  made++;
  const user = await editor.create('user', {
    username: `calls${made}-${Date.now()}`,
    email: `calls${made}.${Date.now()}@example.test`,
    first_name: 'Ada',
    last_name: `Counted${made}`,
    password: randomBytes(12).toString('hex'),
  });
  return user.id;
}

/** Makes `count` users, `inFlight` at a time. */
async function usersInParallel(count: number, inFlight: number): Promise<number[]> {
  const ids: number[] = [];
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      ids.push(await newUser());
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return ids;
}

/** Contacts holding these WordPress ids, read from the emulator's store: no API call. */
function contactsFor(ids: readonly number[]): number {
  const wanted = new Set(ids.map(String));
  return [...emulator.org.store.rows('Contact')].filter((row) => wanted.has(String(row.WP_Id__c)))
    .length;
}

/** An intake as the connector runs it, counting its apply rounds (chunks of at most 200). */
async function intakeFor(collectMs: number, pollMs: number) {
  const store = new SqliteStateStore({ path: ':memory:' });
  store.setCheckpoint(FEED_CHECKPOINT, String((await asConnector.companion.status()).latestCursor));
  const gateway = new SalesforceRecordGateway(await connectAs(emulator, 'integration'));
  const counted = { chunks: 0, failed: 0, byMethod: {} as Record<string, number> };
  const counting =
    <A extends unknown[], R>(name: string, method: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> => {
      counted.byMethod[name] = (counted.byMethod[name] ?? 0) + 1;
      return method(...args);
    };
  const salesforce = {
    findByValueOrId: counting('findByValueOrId', gateway.findByValueOrId.bind(gateway)),
    upsert: counting('upsert', gateway.upsert.bind(gateway)),
    update: counting('update', gateway.update.bind(gateway)),
    destroy: counting('destroy', gateway.destroy.bind(gateway)),
  };
  const intake = new WordPressIntake({
    plugin: asConnector.companion,
    store,
    logger: pino({ level: 'silent' }),
    mappings: () => new Map([[mapping.name, mapping]]),
    apply: (on, items) => {
      counted.chunks++;
      return applyToSalesforce(on, items, { store, wordpress: asConnector, salesforce });
    },
    record: (_on, outcome) => {
      if (outcome.status === 'Failed') counted.failed++;
    },
    gate: () => Promise.resolve(),
    pollMs,
    batchSize: 1000,
    collectMs,
    throttleRetryMs: 1000,
  });
  return { intake, counted };
}

beforeAll(async () => {
  await resetWordPress(wordpress);
  emulator = await startTrustedEmulator();
  const loaded = await loadMappingsFromOrg(await connectAs(emulator, 'integration'));
  const contactUser = loaded.mappings.find((candidate) => candidate.name === 'Contact_User');
  if (!contactUser) throw new Error('the package ships Contact_User');
  mapping = contactUser;
  await asConnector.companion.configure(
    companionSettingsFor([mapping], {
      webhookUrl: undefined,
      sharedSecret: undefined,
      connectorUserId: (await asConnector.currentUser()).id,
    }),
  );
});

afterAll(async () => {
  await emulator.stop();
});

describe('Salesforce API calls for WordPress → Salesforce', () => {
  it(`a burst of ${BURST} new users: at most one query and one upsert per 200`, async () => {
    const { intake, counted } = await intakeFor(200, 5000);
    const ids = await usersInParallel(BURST, 8);
    const before = emulator.usage.usedCalls;
    await intake.drain();
    const calls = emulator.usage.usedCalls - before;
    console.log(
      `[wp→sf calls] burst: ${calls} calls for ${BURST} changes, ${counted.chunks} chunks`,
      counted.byMethod,
    );
    expect(counted.failed).toBe(0);
    expect(contactsFor(ids)).toBe(BURST);
    expect(counted.chunks).toBe(BURST / 200);
    expect(calls).toBeLessThanOrEqual(2 * counted.chunks);
  }, 300_000);

  for (const pinged of [true, false]) {
    it(`a trickle of ${TRICKLE_PER_SECOND} new users a second (${pinged ? 'webhook pings' : '5 s poll, no webhook'}): at most two calls per window`, async () => {
      const { intake, counted } = await intakeFor(200, 5000);
      const before = emulator.usage.usedCalls;
      intake.start();
      const ids: number[] = [];
      const creating: Promise<void>[] = [];
      for (let index = 0; index < TRICKLE; index++) {
        creating.push(
          newUser().then((id) => {
            ids.push(id);
            if (pinged) intake.wake();
          }),
        );
        await new Promise((resolve) => setTimeout(resolve, 1000 / TRICKLE_PER_SECOND));
      }
      await Promise.all(creating);
      if (!pinged) intake.wake();
      await eventually(
        () => Promise.resolve(contactsFor(ids) === TRICKLE ? true : undefined),
        'a Contact for every user',
        30_000,
      );
      await intake.stop();
      const calls = emulator.usage.usedCalls - before;
      console.log(
        `[wp→sf calls] trickle (${pinged ? 'pings' : 'poll'}): ${calls} calls for ${TRICKLE} changes (${Math.round((calls * 1000) / TRICKLE)} per 1,000), ${counted.chunks} windows`,
        counted.byMethod,
      );
      expect(counted.failed).toBe(0);
      expect(calls).toBeLessThanOrEqual(2 * counted.chunks);
    }, 120_000);
  }
});
