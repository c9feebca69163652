import type { Connection } from 'jsforce';
import type { Logger } from 'pino';
import type { KeyedScheduler } from '../engine/keyed-scheduler.js';
import type { ObjectMapping } from '../mapping/types.js';
import type { StateStore } from '../store/state-store.js';
import type { EventProcessor } from './processor.js';
import { changedSince } from './reconcile.js';

export interface CatchUpDependencies {
  connection: Connection;
  store: Pick<StateStore, 'getCheckpoint'>;
  mappings(): ReadonlyMap<string, ObjectMapping>;
  scheduler: KeyedScheduler;
  processor: Pick<EventProcessor, 'applyWithRetry'>;
  logger: Logger;
  /** How far before the last committed event to look (`sync.reconciliationLookbackHours`). */
  lookbackHours: number;
}

/**
 * When the stored replay id has expired, the events since then are gone from the bus: apply
 * every record changed since the last committed event (less a lookback) instead, each in its
 * record's lane, and resolve once all of them have an outcome.
 */
export async function catchUpAfterExpiredReplay(deps: CatchUpDependencies): Promise<void> {
  const lastCommit = deps.store.getCheckpoint('last-commit-at');
  const lookbackMs = deps.lookbackHours * 3_600_000;
  const since = new Date((lastCommit ? Date.parse(lastCommit) : Date.now()) - lookbackMs);
  let count = 0;
  for await (const event of changedSince(
    deps.connection,
    [...deps.mappings().values()],
    since,
    deps.logger,
  )) {
    count++;
    void deps.scheduler.run(`${event.mapping}:${event.recordId}`, () =>
      deps.processor.applyWithRetry(event, 'reconciliation'),
    );
  }
  await deps.scheduler.idle();
  deps.logger.warn(
    { since: since.toISOString(), records: count },
    'reconciliation done (replay id had expired)',
  );
}
