export * from './state-store.js';
export { SqliteStateStore, type SqliteStateStoreOptions } from './sqlite-state-store.js';
export { loadMigrations, migrate, type Migration } from './migrate.js';
export { RETRY_REQUESTS_CHECKPOINT, requestRetry, takeRetryRequests } from './retry-requests.js';
export {
  PostgresStateStore,
  type PostgresStateStoreOptions,
} from './postgres/postgres-state-store.js';
export {
  FencedOutError,
  isFencedStateStore,
  type Fence,
  type FencedStateStore,
  type Lease,
  type Leases,
} from './leases.js';
export { openStateStore, type StateStoreLocation } from './open-state-store.js';
