/**
 * The emulator's event bus: a per-topic append-only log with opaque replay ids, retention and
 * optional persistence. It knows nothing about gRPC; the Pub/Sub server and the org both use it.
 */
import { randomUUID } from 'node:crypto';
import type {
  BusEvent,
  CreateEventBus,
  EventBus,
  EventBusOptions,
  SessionInfo,
} from '../contracts.js';
import { decodeReplayId, encodeReplayId, firstReplayId, nextReplayId } from './replay-id.js';
import { TopicLog, type LoggedEvent } from './topic-log.js';
import { TopicStore, type EventLine } from './topic-store.js';

/** platform-facts.md, Platform Events, "Retention and replay": events are kept 72 h. */
export const DEFAULT_RETENTION_MS = 72 * 60 * 60 * 1000;

export const createEventBus: CreateEventBus = (options: EventBusOptions): EventBus => {
  const now = options.now ?? Date.now;
  const retentionMs = options.retentionMs ?? DEFAULT_RETENTION_MS;
  const logs = new Map<string, TopicLog>();
  const listeners = new Set<(event: BusEvent) => void>();
  const store = options.dataDir === undefined ? undefined : new TopicStore(options.dataDir);
  let closed = false;

  const cutoff = (): number => now() - retentionMs;

  const logOf = (topic: string): TopicLog => {
    let log = logs.get(topic);
    if (log === undefined) {
      log = new TopicLog();
      logs.set(topic, log);
    }
    return log;
  };

  /** The topic's log with expired events dropped, or undefined when it has never had one. */
  const current = (topic: string): TopicLog | undefined => {
    const log = logs.get(topic);
    log?.evictBefore(cutoff());
    return log;
  };

  if (store !== undefined) {
    const since = cutoff();
    for (const loaded of store.load((line) => line.publishedAt >= since)) {
      const log = logOf(loaded.topic);
      for (const line of loaded.events) {
        log.append(fromLine(line));
      }
      if (loaded.tip !== undefined) {
        log.restoreTip(BigInt(`0x${loaded.tip}`));
      }
    }
  }

  return {
    publish(topic: string, payload: Record<string, unknown>, publisher: SessionInfo): BusEvent {
      if (closed) {
        throw new Error('the event bus is closed');
      }
      const log = logOf(topic);
      const tip = log.tip;
      const id = tip === undefined ? firstReplayId() : nextReplayId(tip);
      const publishedAt = now();
      const event: BusEvent = {
        topic,
        replayId: encodeReplayId(id),
        eventUuid: randomUUID(),
        // CreatedDate and CreatedById are set by the platform, whatever the publisher sent.
        payload: {
          ...payload,
          CreatedDate: new Date(publishedAt).toISOString(),
          CreatedById: publisher.userId,
        },
        publishedAt: new Date(publishedAt),
      };
      log.append({ id, event });
      store?.append(toLine(id, event));
      log.evictBefore(cutoff());
      notify(listeners, event);
      return event;
    },

    read(topic: string, afterReplayId: Buffer | undefined, limit: number): BusEvent[] {
      const log = current(topic);
      if (log === undefined) {
        return [];
      }
      const after = afterReplayId === undefined ? undefined : decodeReplayId(afterReplayId);
      if (afterReplayId !== undefined && after === undefined) {
        return [];
      }
      return log.after(after, limit).map((entry) => entry.event);
    },

    latestReplayId(topic: string): Buffer | undefined {
      const tip = logs.get(topic)?.tip;
      return tip === undefined ? undefined : encodeReplayId(tip);
    },

    isRetained(topic: string, replayId: Buffer): boolean {
      const id = decodeReplayId(replayId);
      return id !== undefined && (current(topic)?.has(id) ?? false);
    },

    onPublish(listener: (event: BusEvent) => void): () => void {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },

    close(): Promise<void> {
      closed = true;
      listeners.clear();
      store?.close();
      return Promise.resolve();
    },
  };
};

/** Calls every listener even when one throws, then reports what was thrown. */
function notify(listeners: Set<(event: BusEvent) => void>, event: BusEvent): void {
  const errors: unknown[] = [];
  for (const listener of [...listeners]) {
    try {
      listener(event);
    } catch (error) {
      errors.push(error);
    }
  }
  if (errors.length > 0) {
    throw new AggregateError(errors, `an onPublish listener failed for ${event.topic}`);
  }
}

function toLine(id: bigint, event: BusEvent): EventLine {
  return {
    topic: event.topic,
    replayId: id.toString(16).padStart(16, '0'),
    eventUuid: event.eventUuid,
    publishedAt: event.publishedAt.getTime(),
    payload: event.payload,
  };
}

function fromLine(line: EventLine): LoggedEvent {
  const id = BigInt(`0x${line.replayId}`);
  return {
    id,
    event: {
      topic: line.topic,
      replayId: encodeReplayId(id),
      eventUuid: line.eventUuid,
      payload: line.payload,
      publishedAt: new Date(line.publishedAt),
    },
  };
}
