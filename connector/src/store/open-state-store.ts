import { PostgresStateStore } from './postgres/postgres-state-store.js';
import { SqliteStateStore } from './sqlite-state-store.js';
import type { StateStore } from './state-store.js';

export interface StateStoreLocation {
  kind: 'sqlite' | 'postgres';
  /** The SQLite file (kind sqlite). */
  path: string;
  /** The PostgreSQL connection URL (kind postgres). */
  url?: string | undefined;
}

/** Opens and migrates the state store a config names. */
export function openStateStore(location: StateStoreLocation): StateStore {
  if (location.kind === 'sqlite') return new SqliteStateStore({ path: location.path });
  if (location.url === undefined) throw new Error('store.url is required for a PostgreSQL store');
  return new PostgresStateStore({ url: location.url });
}
