import { PostgresStateStore } from './postgres/postgres-state-store.js';
import { SqliteStateStore } from './sqlite-state-store.js';
import type { StateStore } from './state-store.js';

export interface StateStoreLocation {
  kind: 'sqlite' | 'postgres';
  /** The SQLite file (kind sqlite). */
  path: string;
  /** The PostgreSQL connection URL (kind postgres). */
  url?: string | undefined;
  /** The org the opened store is scoped to; `forOrg` gives the others. @defaultValue 'default' */
  org?: string | undefined;
}

/** Opens and migrates the state store a config names. */
export function openStateStore(location: StateStoreLocation): StateStore {
  const { org } = location;
  if (location.kind === 'sqlite') return new SqliteStateStore({ path: location.path, org });
  if (location.url === undefined) throw new Error('store.url is required for a PostgreSQL store');
  return new PostgresStateStore({ url: location.url, org });
}
