import type { StateStore } from '../../store/state-store.js';
import { markServiceRunning, otherRunningService, type ServiceProcess } from '../service-marker.js';

/** A second connector service started on a SQLite state another live one is using. */
export class StateStoreInUseError extends Error {
  constructor(
    readonly path: string,
    readonly service: ServiceProcess,
  ) {
    super(
      `Another connector service (pid ${String(service.pid)} on ${service.host}, running since ` +
        `${service.startedAt}) is using the state database ${path}. Two processes on one SQLite ` +
        'state would both take the same changes and write them twice. Stop the other one ' +
        '(systemctl stop sfwp), or give this one its own store.path. To run several replicas, ' +
        'use a PostgreSQL store (store.url; docs/OPERATIONS.md, High availability).',
    );
    this.name = 'StateStoreInUseError';
  }
}

/**
 * Makes this process the service of a SQLite state, or refuses. Built on the service mark
 * (`sfwp sync --full` reads the same mark): the check and the mark are one transaction, so
 * of two processes starting together one sees the other's mark (or SQLite's write lock).
 * A mark left by a process that died (kill -9, a crash) names no live process and is taken over.
 */
export function claimSqliteStore(store: StateStore, path: string): void {
  store.transaction(() => {
    const other = otherRunningService(store);
    if (other) throw new StateStoreInUseError(path, other);
    markServiceRunning(store);
  });
}
