-- Append-only. Whether Salesforce already holds the link's WordPress id in the mapping's
-- external id field: 0 until the write-back succeeds, so a crash cannot lose it.
ALTER TABLE id_map ADD COLUMN salesforce_has_wordpress_id INTEGER NOT NULL DEFAULT 0;
CREATE INDEX id_map_write_back ON id_map (salesforce_has_wordpress_id, mapping);
