import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { useSharedPostgres } from '../../../test/postgres/shared-postgres.js';
import {
  PostgresStateStore,
  SqliteStateStore,
  loadMigrations,
  migrate,
  type NewDeadLetter,
  type StateStore,
} from '../../src/store/index.js';
import { migratePostgres } from '../../src/store/postgres/migrate-postgres.js';
import { SyncPostgresConnection } from '../../src/store/postgres/sync-connection.js';

// Each PostgreSQL store starts a worker thread and connects: seconds on a busy machine.
vi.setConfig({ testTimeout: 30_000 });

const POSTGRES_MIGRATIONS = join(
  dirname(fileURLToPath(import.meta.url)),
  '../../src/store/migrations/postgres',
);
const directory = mkdtempSync(join(tmpdir(), 'sfwp-org-migration-'));
const shared = useSharedPostgres();
afterAll(() => {
  rmSync(directory, { recursive: true, force: true });
});

type Row = Record<string, unknown>;
const SYNC_STATE = JSON.stringify({ salesforce: { Email: 'a@example.com' }, wordpress: {} });

/** State a single-org connector wrote before orgs: every kind of row, every column set. */
const OLD_STATE = [
  `INSERT INTO id_map (mapping, salesforce_id, wordpress_id, salesforce_hash, wordpress_hash, updated_at,
     salesforce_has_wordpress_id, sync_state)
   VALUES ('Contact_User', '003A', 7, 's1', 'w1', '2026-01-01T00:00:00.000Z', TRUE, '${SYNC_STATE}'),
          ('Contact_User', '003B', 8, NULL, NULL, '2026-01-02T00:00:00.000Z', FALSE, NULL),
          ('Account_Organization', '001A', 7, NULL, 'w2', '2026-01-03T00:00:00.000Z', FALSE, NULL)`,
  `INSERT INTO checkpoints (name, value, updated_at)
   VALUES ('replay:/event/WP_Sync_Event__e', '00000000000001f4', '2026-01-01T00:00:00.000Z'),
          ('wordpress:changes', '42', '2026-01-01T00:00:00.000Z')`,
  `INSERT INTO dead_letters (mapping, direction, salesforce_id, wordpress_id, operation, payload, error_code,
     error_message, attempts, status, first_failed_at, last_failed_at)
   VALUES ('Contact_User', 'salesforce-to-wordpress', '003A', NULL, 'UPDATE', '{"Email":"x"}', 'rest_invalid_param',
           'bad email', 3, 'open', '2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z'),
          ('Contact_User', 'wordpress-to-salesforce', NULL, 8, 'CREATE', 'null', 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
           'rule', 1, 'dropped', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
];

const TABLES = {
  id_map: 'SELECT * FROM id_map ORDER BY mapping, salesforce_id',
  checkpoints: 'SELECT * FROM checkpoints ORDER BY name',
  dead_letters: 'SELECT * FROM dead_letters ORDER BY id',
};

/** The migrated rows: the same as before, each with org 'default'. */
function expectSameRowsInDefaultOrg(before: Record<string, Row[]>, after: Record<string, Row[]>) {
  for (const table of Object.keys(TABLES)) {
    const rows = after[table] ?? [];
    expect(rows.map((row) => row.org)).toEqual(rows.map(() => 'default'));
    expect(rows.map(({ org: _org, ...rest }) => rest)).toEqual(before[table]);
  }
}

/** The state as the store reads it, and the new keys: another org may reuse the same ids. */
function expectStoreReadsOldState(store: StateStore): void {
  expect(store.findBySalesforceId('Contact_User', '003A')).toEqual({
    mapping: 'Contact_User',
    salesforceId: '003A',
    wordpressId: 7,
    salesforceHash: 's1',
    wordpressHash: 'w1',
    updatedAt: '2026-01-01T00:00:00.000Z',
    salesforceHasWordPressId: true,
    syncState: JSON.parse(SYNC_STATE) as unknown,
  });
  expect(store.linksAwaitingWriteBack(10).map((link) => link.salesforceId)).toEqual([
    '003B',
    '001A',
  ]);
  expect(store.getCheckpoint('replay:/event/WP_Sync_Event__e')).toBe('00000000000001f4');
  expect(store.listDeadLetters().map((letter) => [letter.id, letter.status])).toEqual([
    [1, 'open'],
    [2, 'dropped'],
  ]);
  const again: NewDeadLetter = {
    mapping: 'Contact_User',
    direction: 'salesforce-to-wordpress',
    salesforceId: '003A',
    operation: 'UPDATE',
    payload: { Email: 'y' },
    errorCode: 'rest_invalid_param',
    errorMessage: 'again',
  };
  expect(store.getDeadLetter(1)?.payload).toEqual({ Email: 'x' });
  expect(store.addDeadLetter(again)).toMatchObject({ id: 1, attempts: 4 });
  expect(store.listOrgs()).toEqual(['default']);

  const service = store.forOrg('service');
  expect(service.findBySalesforceId('Contact_User', '003A')).toBeUndefined();
  expect(service.getCheckpoint('wordpress:changes')).toBeUndefined();
  expect(service.countDeadLetters()).toBe(0);
  expect(service.link('Contact_User', '003A', 8).wordpressId).toBe(8);
  service.setCheckpoint('wordpress:changes', '1');
  expect(service.addDeadLetter(again)).toMatchObject({ id: 3, attempts: 1 });
  expect(store.findBySalesforceId('Contact_User', '003A')?.wordpressId).toBe(7);
  expect(store.getCheckpoint('wordpress:changes')).toBe('42');
}

describe('SQLite: migration 0004 (orgs) of a database made by migrations 0001–0003', () => {
  function oldDatabase(): string {
    const path = join(directory, `${crypto.randomUUID()}.sqlite`);
    const db = new Database(path);
    migrate(
      db,
      loadMigrations().filter((migration) => migration.version <= 3),
    );
    for (const statement of OLD_STATE)
      db.exec(statement.replaceAll('TRUE', '1').replaceAll('FALSE', '0'));
    db.close();
    return path;
  }
  const read = (db: Database.Database) =>
    Object.fromEntries(
      Object.entries(TABLES).map(([table, sql]) => [table, db.prepare<[], Row>(sql).all()]),
    );

  it("keeps every row, unchanged, as org 'default', under keys that include the org", () => {
    const path = oldDatabase();
    const old = new Database(path);
    const before = read(old);
    old.close();

    const store = new SqliteStateStore({ path });
    try {
      const db = new Database(path, { readonly: true });
      expectSameRowsInDefaultOrg(before, read(db));
      expect(
        db.prepare<[], { version: number }>('SELECT version FROM schema_migrations').all(),
      ).toEqual([1, 2, 3, 4].map((version) => ({ version })));
      const indexColumns = (index: string) =>
        db
          .prepare<[], { name: string }>(`SELECT name FROM pragma_index_info('${index}')`)
          .all()
          .map((column) => column.name);
      expect(indexColumns('id_map_write_back')).toEqual([
        'org',
        'salesforce_has_wordpress_id',
        'updated_at',
      ]);
      expect(indexColumns('dead_letters_open')).toEqual(['org', 'status', 'mapping']);
      db.close();
      expectStoreReadsOldState(store);
    } finally {
      store.close();
    }
  });

  it('refuses a database from a newer connector before the migration changes anything', () => {
    const path = oldDatabase();
    const old = new Database(path);
    old.exec("INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 'now')");
    old.close();
    expect(() => new SqliteStateStore({ path })).toThrow(/newer sfwp/);
    const db = new Database(path, { readonly: true });
    const columns = db
      .prepare<[], { name: string }>("SELECT name FROM pragma_table_info('id_map')")
      .all();
    expect(columns.map((column) => column.name)).not.toContain('org');
    expect(db.prepare('SELECT COUNT(*) AS n FROM id_map').get()).toEqual({ n: 3 });
    db.close();
  });
});

describe('PostgreSQL: migration 0003 (orgs) of a database made by migrations 0001–0002', () => {
  async function oldDatabase(): Promise<string> {
    const url = shared.instance.url(await shared.freshDatabase());
    const db = new SyncPostgresConnection({ url });
    try {
      migratePostgres(
        db,
        loadMigrations(POSTGRES_MIGRATIONS).filter((migration) => migration.version <= 2),
      );
      for (const statement of OLD_STATE) db.query(statement);
    } finally {
      db.close();
    }
    return url;
  }
  const read = (db: SyncPostgresConnection) =>
    Object.fromEntries(Object.entries(TABLES).map(([table, sql]) => [table, db.query<Row>(sql)]));

  it("keeps every row, unchanged, as org 'default', under keys that include the org", async () => {
    const url = await oldDatabase();
    const db = new SyncPostgresConnection({ url });
    const before = read(db);
    const store = new PostgresStateStore({ url });
    try {
      expectSameRowsInDefaultOrg(before, read(db));
      expect(
        db
          .query<{ indexdef: string }>(
            "SELECT indexdef FROM pg_indexes WHERE indexname IN ('id_map_write_back', 'dead_letters_open') ORDER BY indexname",
          )
          .map((index) => index.indexdef.replace(/^.* USING btree /, '')),
      ).toEqual(['(org, status, mapping)', '(org, salesforce_has_wordpress_id, updated_at)']);
      expect(
        db
          .query('SELECT version FROM schema_migrations ORDER BY version')
          .map((row) => row.version),
      ).toEqual([1, 2, 3]);
      const keys = db.query<{ conname: string; definition: string }>(
        `SELECT conname, pg_get_constraintdef(oid) AS definition FROM pg_constraint
         WHERE conrelid IN ('id_map'::regclass, 'checkpoints'::regclass) AND contype IN ('p', 'u')
         ORDER BY conname`,
      );
      expect(keys.map((key) => key.definition)).toEqual([
        'PRIMARY KEY (org, name)',
        'UNIQUE (org, mapping, wordpress_id)',
        'PRIMARY KEY (org, mapping, salesforce_id)',
      ]);
      expectStoreReadsOldState(store);
    } finally {
      store.close();
      db.close();
    }
  });

  it('refuses a database from a newer connector before the migration changes anything', async () => {
    const url = await oldDatabase();
    const db = new SyncPostgresConnection({ url });
    try {
      db.query("INSERT INTO schema_migrations VALUES (9999, '9999_future.sql', 'now')");
      expect(() => new PostgresStateStore({ url })).toThrow(/newer sfwp/);
      const columns = db.query<{ column_name: string }>(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'id_map'",
      );
      expect(columns.map((column) => column.column_name)).not.toContain('org');
      expect(db.query('SELECT COUNT(*) AS n FROM id_map')).toEqual([{ n: 3 }]);
    } finally {
      db.close();
    }
  });
});
