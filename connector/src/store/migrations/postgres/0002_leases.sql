-- Append-only. Leadership leases (docs/OPERATIONS.md, High availability): one row per piece of
-- work only one replica may do. `token` grows by one at every takeover and fences the old
-- holder's writes; `expires_at` is the database's clock, so replicas' clocks do not matter.
CREATE TABLE leases (
  name        TEXT        PRIMARY KEY,
  holder      TEXT        NOT NULL,
  token       BIGINT      NOT NULL,
  expires_at  TIMESTAMPTZ NOT NULL,
  acquired_at TIMESTAMPTZ NOT NULL
);
