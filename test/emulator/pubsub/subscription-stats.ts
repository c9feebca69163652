/**
 * Read-only flow-control figures per Subscribe stream, for tests that check a client's flow
 * control from the server's side: what it asked for (num_requested, as sent, before the cap)
 * and what it was given, with the time of each, so a test can line them up with what the client
 * finished. Nothing here changes what the server does.
 */
import type { PubSubServerHandle } from '../contracts.js';

/** Timelines stop growing past this many entries per stream (`truncated` says so). */
export const MAX_TIMELINE_ENTRIES = 100_000;
/** Streams remembered per server, newest kept. */
export const MAX_REMEMBERED_STREAMS = 1_000;

export interface FetchRequestRecord {
  /** Epoch ms when the server read the FetchRequest. */
  at: number;
  /** num_requested as the client sent it (before the 100 cap). */
  numRequested: number;
}

export interface DeliveryRecord {
  /** Epoch ms when the server wrote the FetchResponse. */
  at: number;
  events: number;
}

export interface SubscriptionStats {
  rpcId: string;
  /** The topic of the first FetchRequest; undefined until one arrived. */
  topic: string | undefined;
  openedAt: number;
  /** When the stream ended, failed or was cancelled; undefined while open. */
  closedAt: number | undefined;
  /** Sum of num_requested over the stream's FetchRequests, as sent. */
  requested: number;
  /** Events sent on the stream. */
  delivered: number;
  /** Requested and not yet delivered, now (pending_num_requested). */
  pending: number;
  /** The highest `pending` has been. */
  maxPending: number;
  requests: readonly FetchRequestRecord[];
  deliveries: readonly DeliveryRecord[];
  /** True when a timeline reached {@link MAX_TIMELINE_ENTRIES} and stopped growing. */
  truncated: boolean;
}

/** The mutable record a Subscribe stream keeps up to date. */
export class SubscriptionRecorder {
  private readonly stats: SubscriptionStats & {
    requests: FetchRequestRecord[];
    deliveries: DeliveryRecord[];
  };

  constructor(
    rpcId: string,
    private readonly now: () => number = Date.now,
  ) {
    this.stats = {
      rpcId,
      topic: undefined,
      openedAt: now(),
      closedAt: undefined,
      requested: 0,
      delivered: 0,
      pending: 0,
      maxPending: 0,
      requests: [],
      deliveries: [],
      truncated: false,
    };
  }

  topic(topic: string): void {
    this.stats.topic = topic;
  }

  /** A FetchRequest was read; `pending` is pending_num_requested after it. */
  request(numRequested: number, pending: number): void {
    this.stats.requested += numRequested;
    this.pending(pending);
    this.append(this.stats.requests, { at: this.now(), numRequested });
  }

  /** A FetchResponse with `events` events went out; `pending` is what is still requested. */
  deliver(events: number, pending: number): void {
    this.stats.delivered += events;
    this.pending(pending);
    this.append(this.stats.deliveries, { at: this.now(), events });
  }

  close(): void {
    this.stats.closedAt ??= this.now();
  }

  /** A copy, so callers cannot change the record. */
  snapshot(): SubscriptionStats {
    return {
      ...this.stats,
      requests: [...this.stats.requests],
      deliveries: [...this.stats.deliveries],
    };
  }

  private pending(pending: number): void {
    this.stats.pending = pending;
    this.stats.maxPending = Math.max(this.stats.maxPending, pending);
  }

  private append<T>(timeline: T[], entry: T): void {
    if (timeline.length >= MAX_TIMELINE_ENTRIES) {
      this.stats.truncated = true;
      return;
    }
    timeline.push(entry);
  }
}

/** The recorders of one server's streams, oldest first. */
export class SubscriptionRegistry {
  private readonly recorders: SubscriptionRecorder[] = [];

  add(recorder: SubscriptionRecorder): void {
    this.recorders.push(recorder);
    if (this.recorders.length > MAX_REMEMBERED_STREAMS) this.recorders.shift();
  }

  snapshot(): SubscriptionStats[] {
    return this.recorders.map((recorder) => recorder.snapshot());
  }
}

const registries = new WeakMap<PubSubServerHandle, SubscriptionRegistry>();

/** Called by the server once, for the handle it returns. */
export function registerSubscriptionStats(
  handle: PubSubServerHandle,
  registry: SubscriptionRegistry,
): void {
  registries.set(handle, registry);
}

/**
 * Every Subscribe stream the server behind `handle` has had (the last
 * {@link MAX_REMEMBERED_STREAMS}), oldest first, optionally only those of one topic.
 */
export function subscriptionStats(handle: PubSubServerHandle, topic?: string): SubscriptionStats[] {
  const registry = registries.get(handle);
  if (!registry) throw new Error('not a Pub/Sub server handle from startPubSubServer');
  const all = registry.snapshot();
  return topic === undefined ? all : all.filter((stats) => stats.topic === topic);
}
