/**
 * The Salesforce → WordPress changes every mode is measured on: new Contacts (mapping
 * Contact_User, WordPress users) or new Accounts (mapping Account_Organization, `organization`
 * posts), made in the org emulator as a burst or one at a time, and the clock that notes when
 * each one's sync event was published.
 */
import type { Connection } from 'jsforce';
import type { BusEvent } from '../test/emulator/contracts.js';
import type { RunningEmulator } from '../test/emulator/index.js';
import { sleep } from './stats.js';

const SYNC_TOPIC = '/event/WP_Sync_Event__e';

export type SfToWpKindName = 'users' | 'posts';

/** One object the benchmark syncs Salesforce → WordPress. */
export interface SfToWpKind {
  name: SfToWpKindName;
  mapping: 'Contact_User' | 'Account_Organization';
  object: 'Contact' | 'Account';
  wordpressType: 'user' | 'organization';
  /** The fields of record `index` of a run tagged `tag` (tags keep runs apart). */
  record(tag: string, index: number): Record<string, unknown>;
}

export const USERS: SfToWpKind = {
  name: 'users',
  mapping: 'Contact_User',
  object: 'Contact',
  wordpressType: 'user',
  record: (tag, index) => ({
    FirstName: tag,
    LastName: `Member ${index}`,
    Email: `${tag.toLowerCase()}-${index}@example.test`,
    WP_Website__c: `https://${tag.toLowerCase()}-${index}.example.test`,
    Description: `${tag} member number ${index}, synced by the benchmark.`,
  }),
};

export const POSTS: SfToWpKind = {
  name: 'posts',
  mapping: 'Account_Organization',
  object: 'Account',
  wordpressType: 'organization',
  record: (tag, index) => ({
    Name: `${tag} ${index}`,
    Website: `https://${tag.toLowerCase()}-${index}.example.test`,
    BillingCity: 'Lyon',
    BillingCountry: 'France',
    Description: `<p>${tag} organisation number ${index}, synced by the benchmark.</p>`,
  }),
};

export const SF_TO_WP_KINDS: readonly SfToWpKind[] = [USERS, POSTS];

/** Publication times of the sync events for one object, by record id. */
export class EventClock {
  readonly publishedAt = new Map<string, number>();
  private readonly listeners: ((event: BusEvent) => void)[] = [];
  private readonly unsubscribe: () => void;

  constructor(emulator: RunningEmulator, object: string) {
    this.unsubscribe = emulator.bus.onPublish((event) => {
      if (event.topic !== SYNC_TOPIC || event.payload.Object__c !== object) return;
      const id = event.payload.Record_Id__c;
      if (typeof id !== 'string') return;
      this.publishedAt.set(id, event.publishedAt.getTime());
      for (const listener of this.listeners) listener(event);
    });
  }

  /** Calls `listener` for each later event until the returned function is called. */
  onEvent(listener: (event: BusEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners.splice(this.listeners.indexOf(listener), 1);
    };
  }

  /** Seconds from the first event of `ids` to the last completion of `ids`. */
  spanSeconds(ids: readonly string[], completedAt: ReadonlyMap<string, number>): number {
    const first = Math.min(...ids.map((id) => this.publishedAt.get(id) ?? 0));
    const last = Math.max(...ids.map((id) => completedAt.get(id) ?? 0));
    return (last - first) / 1000;
  }

  /** Latencies of `ids`: completion time minus the event's publication time. */
  latencies(ids: readonly string[], completedAt: ReadonlyMap<string, number>): number[] {
    const values: number[] = [];
    for (const id of ids) {
      const published = this.publishedAt.get(id);
      const completed = completedAt.get(id);
      if (published !== undefined && completed !== undefined) values.push(completed - published);
    }
    return values;
  }

  close(): void {
    this.unsubscribe();
  }
}

/**
 * `count` records in one allowRecursive call, as `connection` (the admin publishes sync events,
 * the integration user does not): committed 200 at a time, back to back, as a data load does.
 */
export async function createBurst(
  connection: Connection,
  kind: SfToWpKind,
  tag: string,
  count: number,
): Promise<string[]> {
  const ids: string[] = [];
  // Chunks keep a 10,000-record load from being one huge request body.
  for (let start = 0; start < count; start += 2000) {
    const size = Math.min(2000, count - start);
    const records = Array.from({ length: size }, (_, offset) => kind.record(tag, start + offset));
    const results = await connection.sobject(kind.object).create(records, { allowRecursive: true });
    const failed = results.filter((result) => !result.success);
    if (failed.length > 0) {
      throw new Error(
        `${failed.length} of ${size} ${kind.object} records could not be created in the emulator: ${JSON.stringify(failed[0])}`,
      );
    }
    for (const result of results) if (result.success) ids.push(result.id);
  }
  return ids;
}

/** One record every 1/rate seconds, each its own transaction and event. */
export async function createPaced(
  admin: Connection,
  kind: SfToWpKind,
  tag: string,
  count: number,
  ratePerSecond: number,
): Promise<string[]> {
  const ids: string[] = [];
  const start = performance.now();
  for (let index = 0; index < count; index++) {
    const due = start + (index * 1000) / ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const result = await admin.sobject(kind.object).create(kind.record(tag, index));
    if (!result.success) throw new Error(`a paced ${kind.object} could not be created`);
    ids.push(result.id);
  }
  return ids;
}

/** Waits until `done()` reaches `expected`; fails when nothing progresses for `stallMs`. */
export async function awaitProgress(
  what: string,
  expected: number,
  done: () => number,
  describeFailure: () => string,
  stallMs = 90_000,
): Promise<void> {
  let last = -1;
  let lastChange = Date.now();
  for (;;) {
    const now = done();
    if (now >= expected) return;
    if (now !== last) {
      last = now;
      lastChange = Date.now();
    } else if (Date.now() - lastChange > stallMs) {
      throw new Error(
        `${what}: stuck at ${now} of ${expected} for ${stallMs / 1000} s\n${describeFailure()}`,
      );
    }
    await sleep(50);
  }
}
