import { join } from 'node:path';
import type { SharedPostgres } from '../../../test/postgres/shared-postgres.js';
import { PostgresStateStore, SqliteStateStore, type StateStore } from '../../src/store/index.js';

/** Opens a store on one empty database; `org` scopes it (default 'default'). */
export type OpenStore = (org?: string) => StateStore;

/**
 * The backends the store contract runs on: a name, and (per test) a function opening stores on
 * one fresh, empty database — called again, it reopens the same one (not for in-memory SQLite).
 */
export function storeBackends(
  directory: string,
  shared: SharedPostgres,
): [string, () => Promise<OpenStore>][] {
  return [
    [
      'in-memory SQLite',
      () => Promise.resolve((org) => new SqliteStateStore({ path: ':memory:', org })),
    ],
    [
      'SQLite file',
      () => {
        const path = join(directory, `${crypto.randomUUID()}.sqlite`);
        return Promise.resolve((org) => new SqliteStateStore({ path, org }));
      },
    ],
    [
      'PostgreSQL',
      async () => {
        const url = await shared.freshUrl();
        return (org) => new PostgresStateStore({ url, org });
      },
    ],
  ];
}
