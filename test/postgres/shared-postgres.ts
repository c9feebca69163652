/**
 * One real PostgreSQL for a vitest file: started before its tests, stopped after them, with a
 * fresh database per caller so each test starts empty (as a new SQLite file does).
 */
import { afterAll, beforeAll } from 'vitest';
import { startPostgres, type PostgresInstance } from './launcher.js';

export interface SharedPostgres {
  /** The running server (only inside tests and hooks). */
  readonly instance: PostgresInstance;
  /** Creates an empty database with a unique name; its name. */
  freshDatabase(): Promise<string>;
  /** {@link freshDatabase}'s connection URL. */
  freshUrl(): Promise<string>;
}

export function useSharedPostgres(): SharedPostgres {
  let running: PostgresInstance | undefined;
  beforeAll(async () => {
    running = await startPostgres();
  }, 60_000);
  afterAll(async () => {
    await running?.stop();
  });
  const instance = (): PostgresInstance => {
    if (!running) throw new Error('PostgreSQL is used outside the tests of its file');
    return running;
  };
  const freshDatabase = async (): Promise<string> => {
    const name = `sfwp_${crypto.randomUUID().replaceAll('-', '')}`;
    await instance().createDatabase(name);
    return name;
  };
  return {
    get instance() {
      return instance();
    },
    freshDatabase,
    freshUrl: async () => instance().url(await freshDatabase()),
  };
}
