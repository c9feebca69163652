import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from '../../config/index.js';
import { storeKind } from '../../config/schema.js';
import {
  openStateStore as openConfiguredStore,
  type DeadLetter,
  type StateStore,
} from '../../store/index.js';
import { CliError, UsageError } from '../errors/index.js';

/**
 * Opens the state store the config names, as the running connector does: PostgreSQL
 * (`store.url`), or the SQLite file `store.path` (relative to `cwd`), which must exist: a CLI
 * that created an empty one would hide a wrong path. Scoped to the config's first org (the
 * one `--org` names, or the single org).
 */
export function openStateStore(config: Pick<Config, 'store' | 'orgs'>, cwd: string): StateStore {
  const org = config.orgs[0]?.name;
  if (storeKind(config.store) === 'postgres') {
    return openConfiguredStore({
      kind: 'postgres',
      path: config.store.path,
      url: config.store.url?.reveal(),
      org,
    });
  }
  const path = resolve(cwd, config.store.path);
  if (!existsSync(path)) {
    throw new CliError(
      `No state database at ${path}. Has the connector run with this config? (store.path, SFWP_STORE_PATH)`,
    );
  }
  return openConfiguredStore({ kind: 'sqlite', path, org });
}

/** Runs `work` on the opened store and always closes it. */
export function withStateStore<T>(
  config: Pick<Config, 'store' | 'orgs'>,
  cwd: string,
  work: (store: StateStore) => T,
): T {
  const store = openStateStore(config, cwd);
  try {
    return work(store);
  } finally {
    store.close();
  }
}

/** A dead letter by id, or a {@link CliError} saying there is none. */
export function findDeadLetter(store: StateStore, id: number): DeadLetter {
  // The port has no lookup by id; the list is ordered by id and small in practice.
  const entry = store
    .listDeadLetters({ limit: Number.MAX_SAFE_INTEGER })
    .find((candidate) => candidate.id === id);
  if (!entry) throw new CliError(`No dead letter with id ${String(id)} (see sfwp dlq list).`);
  return entry;
}

/** Parses a dead-letter id argument. */
export function parseDeadLetterId(text: string): number {
  const id = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(id) || id <= 0) {
    throw new UsageError(`'${text}' is not a dead-letter id (a positive whole number).`);
  }
  return id;
}
