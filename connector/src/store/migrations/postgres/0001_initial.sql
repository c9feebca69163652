-- Append-only: never edit or reorder an applied migration; add a new numbered file instead.
-- PostgreSQL's schema starts where SQLite's 0001–0003 arrived; times are ISO-8601 text as there,
-- so both stores order and compare them alike.

-- Salesforce id ↔ WordPress id per mapping, the fingerprints last written each way, whether
-- Salesforce holds the WordPress id yet, and the values both sides last agreed on (JSON).
CREATE TABLE id_map (
  mapping                      TEXT    NOT NULL,
  salesforce_id                TEXT    NOT NULL,
  wordpress_id                 BIGINT  NOT NULL,
  salesforce_hash              TEXT,
  wordpress_hash               TEXT,
  updated_at                   TEXT    NOT NULL,
  salesforce_has_wordpress_id  BOOLEAN NOT NULL DEFAULT FALSE,
  sync_state                   TEXT,
  PRIMARY KEY (mapping, salesforce_id),
  UNIQUE (mapping, wordpress_id)
);
CREATE INDEX id_map_write_back ON id_map (salesforce_has_wordpress_id, mapping);

-- Durable positions: Pub/Sub replay ids per topic, the WordPress change-feed cursor, …
CREATE TABLE checkpoints (
  name        TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

-- Records that could not be synced, with the reason; nothing is dropped silently.
CREATE TABLE dead_letters (
  id              BIGSERIAL PRIMARY KEY,
  mapping         TEXT    NOT NULL,
  direction       TEXT    NOT NULL CHECK (direction IN ('salesforce-to-wordpress', 'wordpress-to-salesforce')),
  salesforce_id   TEXT,
  wordpress_id    BIGINT,
  operation       TEXT    NOT NULL,
  payload         TEXT    NOT NULL,
  error_code      TEXT    NOT NULL,
  error_message   TEXT    NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 1,
  status          TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'retried', 'dropped')),
  first_failed_at TEXT    NOT NULL,
  last_failed_at  TEXT    NOT NULL
);
CREATE INDEX dead_letters_open ON dead_letters (status, mapping);
