import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadMigrations, refuseNewerDatabase, type Migration } from '../migrate.js';
import type { SyncPostgresConnection } from './sync-connection.js';

const POSTGRES_MIGRATIONS = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  'migrations',
  'postgres',
);

// Any constant: replicas starting together take turns migrating, the later ones find nothing to do.
const MIGRATION_LOCK = 0x5f5750; // "_WP"

/**
 * Applies PostgreSQL's migrations the database has not seen, all in one transaction (DDL is
 * transactional there) under an advisory lock, so two replicas starting at once cannot both
 * apply one. Refuses a database written by a newer connector before changing anything.
 */
export function migratePostgres(
  db: SyncPostgresConnection,
  migrations: Migration[] = loadMigrations(POSTGRES_MIGRATIONS),
): number[] {
  db.run([
    { text: 'BEGIN' },
    { text: 'SELECT pg_advisory_xact_lock($1)', params: [MIGRATION_LOCK] },
  ]);
  try {
    db.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
    );
    const applied = new Set(
      db
        .query<{ version: number }>('SELECT version FROM schema_migrations')
        .map((row) => row.version),
    );
    refuseNewerDatabase(applied, migrations);
    const done: number[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      db.run([
        { text: migration.sql },
        {
          text: 'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
          params: [migration.version, migration.name, new Date().toISOString()],
        },
      ]);
      done.push(migration.version);
    }
    db.query('COMMIT');
    return done;
  } catch (error) {
    try {
      db.query('ROLLBACK');
    } catch {
      // The connection is gone, and the transaction with it.
    }
    throw error;
  }
}
