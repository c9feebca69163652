/**
 * One topic's retained events, oldest first, in replay id order.
 *
 * platform-facts.md, Platform Events: "Ordering" (delivered in the order received, based on the
 * replay id) and "Retention and replay" (kept 72 h, no guarantee beyond). Eviction is by publish
 * time, so the retained events are always a suffix of the log.
 */
import type { BusEvent } from '../contracts.js';

export interface LoggedEvent {
  id: bigint;
  event: BusEvent;
}

/** Evicted slots are dropped from the array once they are this many and half of it. */
const COMPACT_AT = 1024;

export class TopicLog {
  private entries: LoggedEvent[] = [];
  private head = 0;
  /** The newest id ever issued on the topic, kept after its event is evicted. */
  private newest: bigint | undefined;

  get tip(): bigint | undefined {
    return this.newest;
  }

  get size(): number {
    return this.entries.length - this.head;
  }

  /** Appends an event; its id must be greater than every id before it. */
  append(entry: LoggedEvent): void {
    if (this.newest !== undefined && entry.id <= this.newest) {
      throw new Error(`replay id ${entry.id} does not follow ${this.newest}`);
    }
    this.entries.push(entry);
    this.newest = entry.id;
  }

  /** Records an id issued before (for a restart whose events have all expired). */
  restoreTip(id: bigint): void {
    if (this.newest === undefined || id > this.newest) {
      this.newest = id;
    }
  }

  /** Drops the events published before `cutoffMs`; returns how many were dropped. */
  evictBefore(cutoffMs: number): number {
    const start = this.head;
    while (this.head < this.entries.length) {
      const entry = this.entries[this.head];
      if (entry === undefined || entry.event.publishedAt.getTime() >= cutoffMs) {
        break;
      }
      this.head += 1;
    }
    if (this.head >= COMPACT_AT && this.head * 2 >= this.entries.length) {
      this.entries = this.entries.slice(this.head);
      this.head = 0;
    }
    return this.head - start;
  }

  /** Up to `limit` retained events with an id greater than `afterId` (all when undefined). */
  after(afterId: bigint | undefined, limit: number): LoggedEvent[] {
    const from = afterId === undefined ? this.head : this.firstAbove(afterId);
    return this.entries.slice(from, Math.min(this.entries.length, from + Math.max(0, limit)));
  }

  /** True when an event with exactly this id is still retained. */
  has(id: bigint): boolean {
    const index = this.firstAbove(id - 1n);
    return this.entries[index]?.id === id;
  }

  /** The index of the first retained entry whose id is greater than `id`. */
  private firstAbove(id: bigint): number {
    let low = this.head;
    let high = this.entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const entry = this.entries[middle];
      if (entry !== undefined && entry.id <= id) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }
}
