-- Append-only: never edit or reorder an applied migration; add a new numbered file instead.

-- Salesforce id ↔ WordPress id per mapping, plus the content fingerprints last written each way.
CREATE TABLE id_map (
  mapping          TEXT    NOT NULL,
  salesforce_id    TEXT    NOT NULL,
  wordpress_id     INTEGER NOT NULL,
  salesforce_hash  TEXT,
  wordpress_hash   TEXT,
  updated_at       TEXT    NOT NULL,
  PRIMARY KEY (mapping, salesforce_id),
  UNIQUE (mapping, wordpress_id)
);

-- Durable positions: Pub/Sub replay ids per topic, the WordPress change-feed cursor, …
CREATE TABLE checkpoints (
  name        TEXT PRIMARY KEY,
  value       TEXT NOT NULL,
  updated_at  TEXT NOT NULL
);

-- Records that could not be synced, with the reason; nothing is dropped silently.
CREATE TABLE dead_letters (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  mapping        TEXT    NOT NULL,
  direction      TEXT    NOT NULL CHECK (direction IN ('salesforce-to-wordpress', 'wordpress-to-salesforce')),
  salesforce_id  TEXT,
  wordpress_id   INTEGER,
  operation      TEXT    NOT NULL,
  payload        TEXT    NOT NULL,
  error_code     TEXT    NOT NULL,
  error_message  TEXT    NOT NULL,
  attempts       INTEGER NOT NULL DEFAULT 1,
  status         TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'retried', 'dropped')),
  first_failed_at TEXT   NOT NULL,
  last_failed_at  TEXT   NOT NULL
);
CREATE INDEX dead_letters_open ON dead_letters (status, mapping);
