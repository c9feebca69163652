/** What a Salesforce → WordPress mode measures, and the helpers both modes share. */
import { WpapiWordPressClient } from '../connector/src/wordpress/index.js';
import type { SfToWpKind } from './sf-to-wp-changes.js';
import type { BenchWordPress } from './stack.js';
import type { LatencySummary } from './stats.js';

export interface SfToWpOptions {
  count: number;
  /** Changes in the paced run; 0 skips it. */
  pacedCount: number;
  pacedRatePerSecond: number;
  naiveConcurrency: number;
  /** The connector's sync.recordConcurrency for a tuning experiment; absent: its default. */
  recordConcurrency?: number | undefined;
  log: (line: string) => void;
}

export interface PacedResult {
  records: number;
  ratePerSecond: number;
  latency: LatencySummary;
}

export interface SfToWpModeResult {
  mode: 'sfwp' | 'naive';
  description: string;
  records: number;
  failed: number;
  /** From the first event's publication to the last record's WordPress write. */
  seconds: number;
  recordsPerSecond: number;
  wpRequests: number;
  wpRequestsPer1000: number;
  wpRequestsByPurpose: Record<string, number>;
  /** Burst latency: includes the wait behind earlier changes of the burst. */
  latency: LatencySummary;
  paced: PacedResult | undefined;
  /** Objects of the WordPress type found in WordPress afterwards, less those found before. */
  visibleInWordPress: number;
  /** sfwp only: Salesforce REST calls the connector made (id write-back). */
  sfApiCalls?: number;
  sfApiCallsPer1000?: number;
  /** sfwp only: the connector process's peak resident memory during the run. */
  peakRssMb?: number;
}

/** How many objects of the kind's type WordPress holds (posts: any status). */
export async function countInWordPress(
  wordpress: BenchWordPress,
  kind: SfToWpKind,
): Promise<number> {
  const client = new WpapiWordPressClient({
    siteUrl: wordpress.url,
    username: wordpress.username,
    applicationPassword: wordpress.applicationPassword,
  });
  const query = kind.wordpressType === 'user' ? { perPage: 1 } : { perPage: 1, status: 'any' };
  return (await client.list(kind.wordpressType, query)).total;
}

export function requireLatency(summary: LatencySummary | undefined, what: string): LatencySummary {
  if (!summary) throw new Error(`no latency samples for ${what}`);
  return summary;
}
