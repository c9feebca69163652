-- Append-only. The values both sides last agreed on (JSON: salesforce and wordpress field
-- values by Salesforce field name, and the Salesforce SystemModstamp a merge last read), so
-- the sync can tell which side changed which field since, and merge or resolve conflicts.
ALTER TABLE id_map ADD COLUMN sync_state TEXT;
