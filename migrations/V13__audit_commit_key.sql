-- ChittySync state store, part 13: the audit log's commitment key.
--
-- In 'audit: hashes' mode a sync.op entry commits to each value with HMAC-SHA256 under this
-- deployment's secret key rather than publishing a plain hash of it, which anyone could reverse
-- by trying the few values a boolean, a status or a list of emails can take. The key is created
-- on first use and kept with the data it commits to: whoever can read it can read the records
-- themselves. See docs/audit.md.

CREATE TABLE chittysync.audit_commit_key (
    slot            smallint PRIMARY KEY DEFAULT 1 CHECK (slot = 1),   -- one key per deployment
    key_id          text NOT NULL UNIQUE CHECK (key_id ~ '^[0-9a-f]{16}$'),
    secret          bytea NOT NULL CHECK (length(secret) = 32),
    created_at      timestamptz NOT NULL DEFAULT now()
);
