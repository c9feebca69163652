import type { SyncEvent } from './event.js';

/** The event as stored in a dead letter, so a retry can run it again. */
export function serialise(event: SyncEvent): Record<string, unknown> {
  return { ...event, modstamp: event.modstamp?.toISOString() };
}

export function deserialise(stored: Record<string, unknown>): SyncEvent {
  const event = stored as unknown as SyncEvent & { modstamp?: string };
  return {
    ...event,
    modstamp: typeof event.modstamp === 'string' ? new Date(event.modstamp) : undefined,
  };
}
