-- ChittySync state store, part 16: what the dashboard's audit browser filters on.
--
-- The entry bytes stay the one source of truth (they are what is hashed); these columns copy a
-- few of their fields so that "this registry's entries", "this record's entries" and "what this
-- plan appended" are index scans, newest first, rather than a parse of every entry. They are
-- written by the append that writes the entry (same COPY) and are NULL where an entry has no such
-- field. A record key or registry longer than 256 characters is not copied (the browser's
-- filters take at most 256).
ALTER TABLE chittysync.audit_entries
    ADD COLUMN registry     text,
    ADD COLUMN record_key   text,
    ADD COLUMN plan_id      uuid,
    ADD COLUMN actor        text;

-- Backfill from the stored canonical JSON {seq, time, type, actor, body}. An entry that is not
-- JSON (a tampered one: 'chittysync audit verify' reports it) is left without these fields rather
-- than failing the migration.
CREATE FUNCTION pg_temp.audit_entry_json(entry bytea) RETURNS jsonb
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN convert_from(entry, 'UTF8')::jsonb;
EXCEPTION WHEN others THEN
    RETURN NULL;
END;
$$;

WITH parsed AS (
    SELECT seq, pg_temp.audit_entry_json(entry) AS j FROM chittysync.audit_entries
)
UPDATE chittysync.audit_entries e
SET registry   = CASE WHEN jsonb_typeof(p.j #> '{body,registry}') = 'string'
                       AND length(p.j #>> '{body,registry}') <= 256
                      THEN p.j #>> '{body,registry}' END,
    record_key = CASE WHEN jsonb_typeof(p.j #> '{body,key}') = 'string'
                       AND length(p.j #>> '{body,key}') <= 256
                      THEN p.j #>> '{body,key}' END,
    plan_id    = CASE WHEN (p.j #>> '{body,plan_id}') ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'
                      THEN (p.j #>> '{body,plan_id}')::uuid END,
    actor      = CASE WHEN jsonb_typeof(p.j -> 'actor') = 'string'
                       AND length(p.j ->> 'actor') <= 256
                      THEN p.j ->> 'actor' END
FROM parsed p
WHERE p.seq = e.seq;

-- Newest first within each filter: (column, seq) serves "= ? AND seq < ? ORDER BY seq DESC".
CREATE INDEX audit_entries_type_seq ON chittysync.audit_entries (type, seq);
CREATE INDEX audit_entries_registry_seq ON chittysync.audit_entries (registry, seq)
    WHERE registry IS NOT NULL;
CREATE INDEX audit_entries_record_key_seq ON chittysync.audit_entries (record_key, seq)
    WHERE record_key IS NOT NULL;
CREATE INDEX audit_entries_plan_seq ON chittysync.audit_entries (plan_id, seq)
    WHERE plan_id IS NOT NULL;
