-- Append-only. Several orgs through one connector (issue 21): replay positions, id links and
-- dead letters are kept per org, keyed by org. Rows written before become org 'default', the
-- name a single-org config runs under. Leases and the schema ledger stay global.
--
-- SQLite cannot change a primary key in place: id_map and checkpoints are rebuilt (create the
-- new table, copy, drop the old one, rename, recreate its indexes) inside this migration's
-- transaction. dead_letters keeps its key (the id), so it only gains the column.

CREATE TABLE id_map_by_org (
  org                          TEXT    NOT NULL DEFAULT 'default',
  mapping                      TEXT    NOT NULL,
  salesforce_id                TEXT    NOT NULL,
  wordpress_id                 INTEGER NOT NULL,
  salesforce_hash              TEXT,
  wordpress_hash               TEXT,
  updated_at                   TEXT    NOT NULL,
  salesforce_has_wordpress_id  INTEGER NOT NULL DEFAULT 0,
  sync_state                   TEXT,
  PRIMARY KEY (org, mapping, salesforce_id),
  UNIQUE (org, mapping, wordpress_id)
);
INSERT INTO id_map_by_org (org, mapping, salesforce_id, wordpress_id, salesforce_hash, wordpress_hash,
                           updated_at, salesforce_has_wordpress_id, sync_state)
  SELECT 'default', mapping, salesforce_id, wordpress_id, salesforce_hash, wordpress_hash,
         updated_at, salesforce_has_wordpress_id, sync_state
  FROM id_map;
DROP TABLE id_map;
ALTER TABLE id_map_by_org RENAME TO id_map;
CREATE INDEX id_map_write_back ON id_map (org, salesforce_has_wordpress_id, updated_at);

CREATE TABLE checkpoints_by_org (
  org         TEXT NOT NULL DEFAULT 'default',
  name        TEXT NOT NULL,
  value       TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (org, name)
);
INSERT INTO checkpoints_by_org (org, name, value, updated_at)
  SELECT 'default', name, value, updated_at FROM checkpoints;
DROP TABLE checkpoints;
ALTER TABLE checkpoints_by_org RENAME TO checkpoints;

ALTER TABLE dead_letters ADD COLUMN org TEXT NOT NULL DEFAULT 'default';
DROP INDEX dead_letters_open;
CREATE INDEX dead_letters_open ON dead_letters (org, status, mapping);
