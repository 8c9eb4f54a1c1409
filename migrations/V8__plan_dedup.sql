-- ChittySync state store, part 8: a stored plan keeps each record once. An initial sync settles
-- every record of a registry; storing the same content as the resolved record, as the create op's
-- changes and as what the source endpoint was seen to hold tripled the plan's size for nothing.

-- A create op whose changes are null writes exactly the plan's resolved record for its key.
ALTER TABLE chittysync.plan_ops ALTER COLUMN changes DROP NOT NULL;

-- An observation that matches the resolved record stores no copy of it.
ALTER TABLE chittysync.plan_observations
    ADD COLUMN matches_resolved boolean NOT NULL DEFAULT false;
ALTER TABLE chittysync.plan_ops DROP COLUMN after_record;   -- never used

-- Content hashes are computed by the engine (SHA-256 of the record's RFC 8785 canonical JSON) and
-- stored with the plan, so a re-sync can tell unchanged records by hash alone, without reading
-- and parsing them.
ALTER TABLE chittysync.plan_records ADD COLUMN content_hash bytea;
ALTER TABLE chittysync.plan_observations ADD COLUMN content_hash bytea;
