/**
 * Salesforce → WordPress: the same changes, made the same way in a fresh org emulator, applied
 * to the same WordPress by (a) sfwp — the real connector process over Pub/Sub
 * (sf-to-wp-sfwp.ts) — and (b) the naive writer (sf-to-wp-naive.ts). Each mode runs a burst
 * (all changes committed at once, in sObject Collections of 200, as a data load or a mass
 * update does) and then a paced trickle (one change every 1/rate s), and reports throughput,
 * WordPress requests and per-record event-to-visible latency. Both objects are measured: new
 * Contacts → WordPress users (Contact_User) and new Accounts → `organization` posts
 * (Account_Organization).
 */
import type { SfToWpKind } from './sf-to-wp-changes.js';
import { measureNaiveSalesforceToWordPress } from './sf-to-wp-naive.js';
import type { SfToWpModeResult, SfToWpOptions } from './sf-to-wp-result.js';
import { measureSfwpSalesforceToWordPress } from './sf-to-wp-sfwp.js';
import type { BenchWordPress } from './stack.js';

export type { SfToWpModeResult, SfToWpOptions } from './sf-to-wp-result.js';

export interface SfToWpKindResult {
  mapping: string;
  sfwp: SfToWpModeResult;
  naive: SfToWpModeResult;
}

/** Both modes on one kind of object, sfwp first, each on a reset WordPress and a fresh org. */
export async function measureSalesforceToWordPress(
  wordpress: BenchWordPress,
  kind: SfToWpKind,
  options: SfToWpOptions,
): Promise<SfToWpKindResult> {
  const sfwp = await measureSfwpSalesforceToWordPress(wordpress, kind, options);
  options.log(`  sfwp ${kind.name}: ${sfwp.recordsPerSecond} records/s`);
  const naive = await measureNaiveSalesforceToWordPress(wordpress, kind, options);
  options.log(`  naive ${kind.name}: ${naive.recordsPerSecond} records/s`);
  return { mapping: kind.mapping, sfwp, naive };
}
