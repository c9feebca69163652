import type { StateStore } from './state-store.js';

/**
 * Checkpoint through which `sfwp dlq retry` hands dead letters to the running connector: a JSON
 * array of dead-letter ids. The CLI appends; the service takes the list (and empties it) in one
 * transaction with {@link takeRetryRequests}, then re-applies each entry's payload.
 */
export const RETRY_REQUESTS_CHECKPOINT = 'dlq:retry-requests';

function read(store: StateStore): number[] {
  const raw = store.getCheckpoint(RETRY_REQUESTS_CHECKPOINT);
  if (raw === undefined || raw === '') return [];
  const parsed: unknown = JSON.parse(raw);
  return Array.isArray(parsed)
    ? parsed.filter((id): id is number => typeof id === 'number' && Number.isInteger(id))
    : [];
}

/** Marks the dead letters `retried` and adds their ids to the retry requests, atomically. */
export function requestRetry(store: StateStore, ids: readonly number[]): number[] {
  return store.transaction(() => {
    for (const id of ids) store.setDeadLetterStatus(id, 'retried');
    const requested = [...new Set([...read(store), ...ids])];
    store.setCheckpoint(RETRY_REQUESTS_CHECKPOINT, JSON.stringify(requested));
    return requested;
  });
}

/** For the service: the requested ids, oldest request first, leaving the list empty. */
export function takeRetryRequests(store: StateStore): number[] {
  // Read first: the poll runs every two seconds, and with nothing requested it writes nothing
  // (a replica that lost its lease may not write, and must not fail here for it).
  if (read(store).length === 0) return [];
  return store.transaction(() => {
    const requested = read(store);
    if (requested.length > 0) store.setCheckpoint(RETRY_REQUESTS_CHECKPOINT, '[]');
    return requested;
  });
}
