-- Append-only. Several orgs through one connector (issue 21): replay positions, id links and
-- dead letters are kept per org, keyed by org. Rows written before become org 'default', the
-- name a single-org config runs under. Leases and the schema ledger stay global. The keys are
-- the ones 0001 created, by PostgreSQL's default constraint names.

ALTER TABLE id_map ADD COLUMN org TEXT NOT NULL DEFAULT 'default';
ALTER TABLE id_map DROP CONSTRAINT id_map_pkey;
ALTER TABLE id_map DROP CONSTRAINT id_map_mapping_wordpress_id_key;
ALTER TABLE id_map ADD PRIMARY KEY (org, mapping, salesforce_id);
ALTER TABLE id_map ADD CONSTRAINT id_map_org_mapping_wordpress_id_key UNIQUE (org, mapping, wordpress_id);
DROP INDEX id_map_write_back;
CREATE INDEX id_map_write_back ON id_map (org, salesforce_has_wordpress_id, updated_at);

ALTER TABLE checkpoints ADD COLUMN org TEXT NOT NULL DEFAULT 'default';
ALTER TABLE checkpoints DROP CONSTRAINT checkpoints_pkey;
ALTER TABLE checkpoints ADD PRIMARY KEY (org, name);

ALTER TABLE dead_letters ADD COLUMN org TEXT NOT NULL DEFAULT 'default';
DROP INDEX dead_letters_open;
CREATE INDEX dead_letters_open ON dead_letters (org, status, mapping);
