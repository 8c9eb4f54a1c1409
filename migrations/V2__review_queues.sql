-- ChittySync state store, part 2: what a run hands to people: validation reports for quarantined
-- records, field conflicts awaiting a decision, and deletes held for approval.

CREATE TABLE chittysync.validation_reports (
    id              bigserial PRIMARY KEY,
    run_id          uuid NOT NULL REFERENCES chittysync.runs (run_id),
    registry        text NOT NULL REFERENCES chittysync.registries (name),
    endpoint        text NOT NULL,
    record_key      text,                           -- null when the key itself is missing or invalid
    remote_id       text,
    errors          jsonb NOT NULL,                 -- [{"path": "...", "message": "..."}]
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX validation_reports_run ON chittysync.validation_reports (run_id);
CREATE INDEX validation_reports_record ON chittysync.validation_reports (registry, record_key);

CREATE TABLE chittysync.conflicts (
    id              bigserial PRIMARY KEY,
    registry        text NOT NULL REFERENCES chittysync.registries (name),
    record_key      text NOT NULL,
    field           text NOT NULL,
    base_value      jsonb,                          -- last synced value
    candidates      jsonb NOT NULL,                 -- {"<endpoint>": {"value": ..., "seen_at": ...}}
    status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved')),
    resolution      jsonb,                          -- {"value": ..., "by": ..., "endpoint": ...}
    run_id          uuid REFERENCES chittysync.runs (run_id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    resolved_at     timestamptz
);
-- At most one open conflict per field of a record: a later run updates it instead of adding another.
CREATE UNIQUE INDEX conflicts_open ON chittysync.conflicts (registry, record_key, field) WHERE status = 'open';

CREATE TABLE chittysync.held_deletes (
    id              bigserial PRIMARY KEY,
    registry        text NOT NULL REFERENCES chittysync.registries (name),
    record_key      text NOT NULL,
    source_endpoint text NOT NULL,                  -- where the record went missing
    reason          text NOT NULL,                  -- policy: hold, or the delete guard tripped
    status          text NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'approved', 'rejected', 'applied')),
    run_id          uuid REFERENCES chittysync.runs (run_id),
    created_at      timestamptz NOT NULL DEFAULT now(),
    decided_at      timestamptz,
    decided_by      text
);
CREATE UNIQUE INDEX held_deletes_open ON chittysync.held_deletes (registry, record_key) WHERE status = 'held';

-- Schemas fetched from URLs, with their ETag, so a schema service outage does not stop syncs.
CREATE TABLE chittysync.schema_cache (
    url             text PRIMARY KEY,
    etag            text,
    body            text NOT NULL,
    fetched_at      timestamptz NOT NULL DEFAULT now()
);
