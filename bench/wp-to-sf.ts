/**
 * WordPress → Salesforce: how many Salesforce API calls (counted by the org emulator, as the
 * org's DailyApiRequests counts them) each mode spends on the same WordPress changes.
 *
 * The changes are `count` new WordPress users under the package's Contact_User mapping (the
 * package's only mapping that flows WordPress → Salesforce), made by a WordPress administrator
 * who is not the connector's user (the local WordPress's `editor`), so the companion plugin
 * records them as `origin=wordpress`.
 *
 * - sfwp: `sfwp start` with its defaults runs first; the changes are made while it runs (as fast
 *   as WordPress takes them), and it picks them up from the companion plugin's change feed
 *   (short poll), reads their state in batches and upserts them with sObject Collections, 200
 *   records a call. Counted from when the connector is ready until every change is a Contact
 *   carrying its WordPress id.
 * - naive: what a WordPress plugin hooked on `user_register` / `profile_update` does, per change:
 *   one SOQL read by external id (`SELECT Id FROM Contact WHERE WP_Id__c = '<id>'`), then one
 *   single-record create or update, as the integration user, `concurrency` changes in flight.
 *   Same users, a fresh org.
 */
import type { Connection } from 'jsforce';
import { mapToSalesforce } from '../connector/src/mapping/to-salesforce.js';
import type { ObjectMapping } from '../connector/src/mapping/types.js';
import {
  WpapiWordPressClient,
  type WordPressUser,
  type WriteOperation,
} from '../connector/src/wordpress/index.js';
import type { RunningEmulator } from '../test/emulator/index.js';
import type { WordPressTarget } from '../test/wordpress/target.js';
import { startConnectorProcess } from './connector-process.js';
import { runLanes } from './naive-wordpress.js';
import { loadMapping, startBenchOrg, type BenchOrg, type BenchWordPress } from './stack.js';
import { per1000, round, settledCount, sleep } from './stats.js';

export const WP_TO_SF_MAPPING = 'Contact_User';
const USER_TAG = 'bench-wp2sf';

export interface WpToSfOptions {
  count: number;
  naiveConcurrency: number;
  log: (line: string) => void;
}

/** What one mode needs: the benchmark's WordPress and a fresh org. */
export interface WpToSfContext {
  wordpress: BenchWordPress;
  org: BenchOrg;
  mapping: ObjectMapping;
  options: WpToSfOptions;
}

export interface WpToSfModeResult {
  mode: 'sfwp' | 'naive';
  description: string;
  records: number;
  failed: number;
  /**
   * naive: the time its calls took. sfwp: from the first change made in WordPress to the last
   * Contact linked, so bounded by how fast WordPress accepted the changes.
   */
  seconds: number;
  /** naive only: records/s of its Salesforce calls. */
  recordsPerSecond: number | null;
  /** sfwp only: from the last change made in WordPress to the last Contact linked. */
  catchUpSeconds: number | null;
  /** Counted REST calls (the org's DailyApiRequests), logins excluded. */
  sfApiCalls: number;
  sfApiCallsPer1000: number;
  /** sfwp only: the connector's WordPress requests (feed reads, state reads) per 1,000. */
  wpRequestsPer1000: number | null;
}

export interface WpToSfResult {
  records: number;
  mapping: string;
  naive: WpToSfModeResult;
  /** null when the connector's WordPress → Salesforce path could not run; `sfwpUnavailable` says why. */
  sfwp: WpToSfModeResult | null;
  sfwpUnavailable: string | null;
}

/** The connector's WordPress → Salesforce path cannot be measured here (the reason says why). */
export class NotAvailableError extends Error {
  override name = 'NotAvailableError';
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
  const client = new WpapiWordPressClient({
    siteUrl: wordpress.url,
    username: wordpress.username,
    applicationPassword: wordpress.applicationPassword,
    concurrency: 4,
  });
  const fieldsOf = (index: number): Record<string, unknown> => ({
    username: `${USER_TAG}-${index}`,
    email: `${USER_TAG}-${index}@example.test`,
    password: `bench-${index}-${'x'.repeat(16)}`,
    first_name: 'Bench',
    last_name: `Member ${index}`,
    url: `https://member-${index}.example.test`,
    description: `Member ${index}, created by the benchmark.`,
  });
  const ids = new Array<number>(count).fill(0);
  let pending = Array.from({ length: count }, (_, index) => index);
  for (let attempt = 1; pending.length > 0; attempt++) {
    const results = await client.writeMany(
      pending.map((index): WriteOperation => ({
        kind: 'create',
        type: 'user',
        fields: fieldsOf(index),
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
async function readUsers(wordpress: BenchWordPress, count: number): Promise<WordPressUser[]> {
  const client = new WpapiWordPressClient({
    siteUrl: wordpress.url,
    username: wordpress.username,
    applicationPassword: wordpress.applicationPassword,
  });
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

function quote(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** One read and one write per change, the way per-record plugins do it. */
export async function measureNaiveWordPressToSalesforce(
  context: WpToSfContext,
  userIds: readonly number[],
): Promise<WpToSfModeResult> {
  const { wordpress, org, mapping, options } = context;
  const users = await readUsers(wordpress, userIds.length);
  const connection: Connection = org.integration;
  const object = mapping.salesforceObject;
  const externalId = mapping.externalIdField;
  let failed = 0;
  let firstError: string | undefined;
  let next = 0;
  options.log(
    `  naive: ${users.length} WordPress users → ${object}: SOQL read + single write each, ${options.naiveConcurrency} in flight…`,
  );
  const callsBefore = org.emulator.usage.usedCalls;
  const started = performance.now();
  await runLanes(
    options.naiveConcurrency,
    () => Promise.resolve(users[next++]),
    async (user) => {
      try {
        const mapped = mapToSalesforce(mapping, user);
        if (mapped.problems.length > 0) {
          throw new Error(mapped.problems.map((problem) => problem.message).join('; '));
        }
        const found = await connection.query<{ Id: string }>(
          `SELECT Id FROM ${object} WHERE ${externalId} = ${quote(String(user.id))} LIMIT 1`,
        );
        const existing = found.records[0]?.Id;
        const result =
          existing === undefined
            ? await connection
                .sobject(object)
                .create({ ...mapped.values, [externalId]: String(user.id) })
            : await connection.sobject(object).update({ Id: existing, ...mapped.values });
        if (!result.success) throw new Error(JSON.stringify(result.errors));
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    },
  );
  const seconds = (performance.now() - started) / 1000;
  if (failed > 0)
    throw new Error(`naive WordPress → Salesforce: ${failed} failed; first: ${firstError}`);
  const sfApiCalls = org.emulator.usage.usedCalls - callsBefore;
  return {
    mode: 'naive',
    description: `naive: per change one SOQL read by ${externalId} + one single-record write (jsforce), ${options.naiveConcurrency} in flight`,
    records: users.length,
    failed,
    seconds: round(seconds, 2),
    recordsPerSecond: round(users.length / seconds),
    catchUpSeconds: null,
    sfApiCalls,
    sfApiCallsPer1000: per1000(sfApiCalls, users.length),
    wpRequestsPer1000: null,
  };
}

/** Contacts whose WordPress id is one of `ids`, read from the emulator's store (no API call). */
export function linkedContacts(
  emulator: RunningEmulator,
  ids: ReadonlySet<string>,
  object = 'Contact',
  externalId = 'WP_Id__c',
): number {
  let linked = 0;
  for (const row of emulator.org.store.rows(object)) {
    const value = row[externalId];
    if (typeof value === 'string' && ids.has(value)) linked++;
  }
  return linked;
}

/**
 * sfwp's WordPress → Salesforce path, as `sfwp start` runs it with its defaults: the connector
 * starts first, then `makeChanges` makes the changes in WordPress, and the Salesforce API calls
 * are counted from the connector being ready until every change is a linked Contact and the
 * connector has gone quiet. Throws {@link NotAvailableError} when the path cannot run here
 * (no companion plugin, no user other than the connector's to make the changes).
 */
export async function measureSfwpWordPressToSalesforce(
  context: WpToSfContext,
  makeChanges: () => Promise<number[]>,
): Promise<WpToSfModeResult> {
  const { wordpress, org, mapping, options } = context;
  if (!wordpress.editor) {
    throw new NotAvailableError(
      'the changes must come from a WordPress user other than the connector’s (the local WordPress’s editor); an existing WordPress (WP_URL) has none',
    );
  }
  const connector = await startConnectorProcess({ emulator: org.emulator, wordpress });
  try {
    const off =
      connector.logged('WordPress → Salesforce off: companion plugin missing') ??
      connector.logged('WordPress → Salesforce off');
    if (off || !connector.logged('companion plugin found')) {
      const reason = typeof off?.reason === 'string' ? off.reason : 'no "companion plugin found"';
      throw new NotAvailableError(`the connector's WordPress → Salesforce path is off: ${reason}`);
    }
    // Let the first (empty) feed read pass, then count from a quiet connector.
    await sleep(1000);
    const callsBefore = org.emulator.usage.usedCalls;
    const requestsBefore = await connector.wordPressRequests();
    options.log(
      `  sfwp: ${options.count} WordPress users made while the connector runs (as fast as WordPress takes them)…`,
    );
    const firstChange = Date.now();
    const ids = await makeChanges();
    const lastChange = Date.now();
    const wanted = new Set(ids.map(String));
    let lastLinked = 0;
    let linkedAt = Date.now();
    let stalledSince = Date.now();
    for (;;) {
      const linked = linkedContacts(
        org.emulator,
        wanted,
        mapping.salesforceObject,
        mapping.externalIdField,
      );
      if (linked !== lastLinked) {
        lastLinked = linked;
        linkedAt = Date.now();
        stalledSince = Date.now();
      }
      if (linked >= wanted.size) break;
      if (Date.now() - stalledSince > 90_000) {
        throw new Error(
          `sfwp WordPress → Salesforce: stuck at ${linked} of ${wanted.size} Contacts for 90 s\n${connector.tail()}`,
        );
      }
      await sleep(100);
    }
    // The connector may still be recording outcomes: count once its calls stop.
    const calls = await settledCount(() => org.emulator.usage.usedCalls);
    const requestsAfter = await connector.wordPressRequests();
    const wpRequests = Object.entries(requestsAfter).reduce(
      (sum, [purpose, value]) => sum + value - (requestsBefore[purpose] ?? 0),
      0,
    );
    const sfApiCalls = calls - callsBefore;
    return {
      mode: 'sfwp',
      description:
        'sfwp start (child process, defaults): change feed short poll, batched reads, Collections upserts of 200',
      records: ids.length,
      failed: 0,
      seconds: round((linkedAt - firstChange) / 1000, 2),
      recordsPerSecond: null,
      catchUpSeconds: round(Math.max(0, linkedAt - lastChange) / 1000, 2),
      sfApiCalls,
      sfApiCallsPer1000: per1000(sfApiCalls, ids.length),
      wpRequestsPer1000: per1000(wpRequests, ids.length),
    };
  } finally {
    await connector.stop();
  }
}

async function withFreshOrg<T>(
  wordpress: BenchWordPress,
  options: WpToSfOptions,
  measure: (context: WpToSfContext) => Promise<T>,
): Promise<T> {
  const org = await startBenchOrg();
  try {
    const mapping = await loadMapping(org.integration, WP_TO_SF_MAPPING);
    return await measure({ wordpress, org, mapping, options });
  } finally {
    await org.stop();
  }
}

/** Both modes on the same WordPress changes, each against a fresh org. */
export async function measureWordPressToSalesforce(
  wordpress: BenchWordPress,
  options: WpToSfOptions,
): Promise<WpToSfResult> {
  await wordpress.reset();
  let userIds: number[] | undefined;
  const makeChanges = async (): Promise<number[]> => {
    userIds ??= await createWordPressUsers(
      wordpress.editor ?? wordpress,
      options.count,
      options.log,
    );
    return userIds;
  };
  let sfwp: WpToSfModeResult | null = null;
  let sfwpUnavailable: string | null = null;
  try {
    sfwp = await withFreshOrg(wordpress, options, (context) =>
      measureSfwpWordPressToSalesforce(context, makeChanges),
    );
  } catch (error) {
    if (!(error instanceof NotAvailableError)) throw error;
    sfwpUnavailable = error.message;
    options.log(`  sfwp: ${error.message}; wpToSf.sfApiCallsPer1000 is recorded as null`);
  }
  if (userIds === undefined) {
    options.log(`  creating ${options.count} WordPress users (the changes; not timed)…`);
  }
  const ids = await makeChanges();
  const naive = await withFreshOrg(wordpress, options, (context) =>
    measureNaiveWordPressToSalesforce(context, ids),
  );
  return { records: options.count, mapping: WP_TO_SF_MAPPING, naive, sfwp, sfwpUnavailable };
}
