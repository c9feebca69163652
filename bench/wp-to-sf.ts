/**
 * WordPress → Salesforce: how many Salesforce API calls (counted by the org emulator, as the
 * org's DailyApiRequests counts them) each mode spends on the same WordPress changes.
 *
 * The changes are `count` new WordPress users under the package's Contact_User mapping (the
 * package's only mapping that flows WordPress → Salesforce), made by a WordPress administrator
 * who is not the connector's user (the local WordPress's `editor`), so the companion plugin
 * records them as `origin=wordpress`.
 *
 * - sfwp: `sfwp start` with its defaults runs first; the changes are made while it runs, and
 *   it picks them up from the companion plugin's change feed, reads their state in batches and
 *   upserts them with sObject Collections. Counted from when the connector is ready until every
 *   change is a Contact carrying its WordPress id. Twice: a burst (as fast as WordPress takes
 *   the changes) and a steady trickle (`trickleRatePerSecond` a second).
 * - naive (wp-to-sf-naive.ts): one SOQL read and one single-record write per change, on the
 *   burst's users, against a fresh org.
 */
import type { ObjectMapping } from '../connector/src/mapping/types.js';
import type { RunningEmulator } from '../test/emulator/index.js';
import { startConnectorProcess } from './connector-process.js';
import { loadMapping, startBenchOrg, type BenchOrg, type BenchWordPress } from './stack.js';
import { per1000, round, settledCount, sleep } from './stats.js';
import { measureNaiveWordPressToSalesforce } from './wp-to-sf-naive.js';
import { createWordPressUsers, createWordPressUsersPaced } from './wp-to-sf-users.js';

export const WP_TO_SF_MAPPING = 'Contact_User';

export interface WpToSfOptions {
  count: number;
  naiveConcurrency: number;
  /** Changes in the steady trickle (0 skips it) and how many a second. */
  trickleCount: number;
  trickleRatePerSecond: number;
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
  /**
   * The burst: the changes made as fast as WordPress takes them. null when the connector's
   * WordPress → Salesforce path could not run; `sfwpUnavailable` says why.
   */
  sfwp: WpToSfModeResult | null;
  /** A steady trickle of `trickleRatePerSecond` changes a second; null when skipped or unavailable. */
  trickle: WpToSfModeResult | null;
  trickleRatePerSecond: number;
  sfwpUnavailable: string | null;
}

/** The connector's WordPress → Salesforce path cannot be measured here (the reason says why). */
export class NotAvailableError extends Error {
  override name = 'NotAvailableError';
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
  how = 'as fast as WordPress takes them',
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
    options.log(`  sfwp: WordPress users made while the connector runs (${how})…`);
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
      description: `sfwp start (child process, defaults), changes made ${how}`,
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

/**
 * Both modes on the same WordPress changes (a burst), each against a fresh org; then, on a reset
 * WordPress and a fresh org, sfwp on a steady trickle.
 */
export async function measureWordPressToSalesforce(
  wordpress: BenchWordPress,
  options: WpToSfOptions,
): Promise<WpToSfResult> {
  await wordpress.reset();
  const author = wordpress.editor ?? wordpress;
  let userIds: number[] | undefined;
  const makeChanges = async (): Promise<number[]> => {
    userIds ??= await createWordPressUsers(author, options.count, options.log);
    return userIds;
  };
  let sfwp: WpToSfModeResult | null = null;
  let sfwpUnavailable: string | null = null;
  try {
    sfwp = await withFreshOrg(wordpress, options, (context) =>
      measureSfwpWordPressToSalesforce(context, makeChanges),
    );
    options.log(`  sfwp burst: ${sfwp.sfApiCallsPer1000} Salesforce API calls per 1,000`);
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
  let trickle: WpToSfModeResult | null = null;
  if (sfwp !== null && options.trickleCount > 0) {
    await wordpress.reset();
    const rate = options.trickleRatePerSecond;
    trickle = await withFreshOrg(wordpress, options, (context) =>
      measureSfwpWordPressToSalesforce(
        context,
        () => createWordPressUsersPaced(author, options.trickleCount, rate),
        `${options.trickleCount} users, a steady ${rate} a second`,
      ),
    );
    options.log(`  sfwp trickle: ${trickle.sfApiCallsPer1000} Salesforce API calls per 1,000`);
  }
  return {
    records: options.count,
    mapping: WP_TO_SF_MAPPING,
    naive,
    sfwp,
    trickle,
    trickleRatePerSecond: options.trickleRatePerSecond,
    sfwpUnavailable,
  };
}
