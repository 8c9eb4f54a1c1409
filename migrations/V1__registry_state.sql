-- ChittySync state store, part 1: registries' runs, plans and the op journal, per-endpoint
-- snapshots, links and cursors, and the lease that keeps one run per registry.
--
-- Everything lives in the "chittysync" schema (Flyway creates it) so it never collides with
-- registry tables that users keep in the same database. Every statement the runtime issues names
-- the schema, so nothing depends on search_path (a transaction-mode pooler would not keep it).

-- One row per registry ever seen; referenced by everything below.
CREATE TABLE chittysync.registries (
    name            text PRIMARY KEY CHECK (name ~ '^[A-Za-z][A-Za-z0-9_-]{0,62}$'),
    config_hash     bytea,                          -- SHA-256 of the registry's config section
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- One run per registry at a time, across processes and machines. A lease, not a lock: it expires
-- unless renewed, so a crashed holder never blocks the registry for good, and it works through a
-- transaction-mode pooler (it is an ordinary row).
CREATE TABLE chittysync.leases (
    registry        text PRIMARY KEY REFERENCES chittysync.registries (name),
    holder          text NOT NULL,                  -- who: host/function/pid, shown to the loser
    token           uuid NOT NULL,                  -- fencing token: renew/release only with it
    acquired_at     timestamptz NOT NULL,
    renewed_at      timestamptz NOT NULL,
    expires_at      timestamptz NOT NULL
);

-- History of every cycle: sync, dry-run, drift check, write request.
CREATE TABLE chittysync.runs (
    run_id          uuid PRIMARY KEY,
    registry        text NOT NULL REFERENCES chittysync.registries (name),
    kind            text NOT NULL CHECK (kind IN ('sync', 'dry_run', 'drift', 'apply', 'write')),
    trigger         text NOT NULL,                  -- cli, schedule, notion.webhook, api, ...
    status          text NOT NULL CHECK (status IN ('running', 'converged', 'attention', 'failed', 'superseded')),
    full_scan       boolean NOT NULL DEFAULT false,
    plan_id         uuid,
    counts          jsonb NOT NULL DEFAULT '{}',    -- fetched/created/updated/deleted/... per endpoint
    error_code      text,
    error           text,
    started_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);
CREATE INDEX runs_registry_started ON chittysync.runs (registry, started_at DESC);

-- A stored plan: what one run decided every endpoint needs. Applied at most once, in order; a
-- newer plan for the same registry supersedes an unapplied older one.
CREATE TABLE chittysync.plans (
    plan_id         uuid PRIMARY KEY,
    registry        text NOT NULL REFERENCES chittysync.registries (name),
    run_id          uuid NOT NULL REFERENCES chittysync.runs (run_id),
    generation      bigint NOT NULL,                -- per-registry, increasing: detects superseded plans
    status          text NOT NULL CHECK (status IN ('planned', 'applying', 'applied', 'partial', 'superseded', 'failed')),
    dry_run         boolean NOT NULL DEFAULT false,
    summary         jsonb NOT NULL DEFAULT '{}',    -- per endpoint: create/update/delete counts
    created_at      timestamptz NOT NULL DEFAULT now(),
    applied_at      timestamptz,
    UNIQUE (registry, generation)
);
CREATE INDEX plans_registry_status ON chittysync.plans (registry, status);

-- The op journal. Each op is written here before it is attempted and marked when done, so a run
-- that dies at any point can be finished by the next without repeating or losing a write. The
-- precondition is the endpoint state the op was planned against; a stale op is skipped.
CREATE TABLE chittysync.plan_ops (
    plan_id         uuid NOT NULL REFERENCES chittysync.plans (plan_id),
    op_no           integer NOT NULL,
    endpoint        text NOT NULL,
    op              text NOT NULL CHECK (op IN ('create', 'update', 'delete')),
    record_key      text NOT NULL,
    remote_id       text,                           -- known before (update/delete) or learnt after a create
    precondition    jsonb,                          -- expected content hash / version at the endpoint
    changes         jsonb NOT NULL DEFAULT '{}',    -- canonical field -> new value (only changed fields)
    status          text NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'in_flight', 'applied', 'skipped_stale', 'failed')),
    attempts        integer NOT NULL DEFAULT 0,
    error           text,
    started_at      timestamptz,
    applied_at      timestamptz,
    PRIMARY KEY (plan_id, op_no)
);
CREATE INDEX plan_ops_open ON chittysync.plan_ops (plan_id) WHERE status IN ('pending', 'in_flight');

-- The last synced canonical value of every record: the base of the three-way merge.
CREATE TABLE chittysync.canonical_records (
    registry        text NOT NULL REFERENCES chittysync.registries (name),
    record_key      text NOT NULL,
    record          jsonb NOT NULL,
    content_hash    bytea NOT NULL,
    field_times     jsonb NOT NULL DEFAULT '{}',    -- field -> when its current value was first seen
    deleted         boolean NOT NULL DEFAULT false, -- tombstone, so a delete is not undone by a stale endpoint
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (registry, record_key)
);

-- What each endpoint held at its last successful sync, per record: the diff base per endpoint.
CREATE TABLE chittysync.endpoint_snapshots (
    registry        text NOT NULL REFERENCES chittysync.registries (name),
    endpoint        text NOT NULL,
    record_key      text NOT NULL,
    remote_id       text,                           -- Notion page id, sheet row identity, table key
    record          jsonb NOT NULL,
    content_hash    bytea NOT NULL,
    remote_modified_at timestamptz,
    seen_at         timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (registry, endpoint, record_key)
);
CREATE UNIQUE INDEX endpoint_snapshots_remote
    ON chittysync.endpoint_snapshots (registry, endpoint, remote_id) WHERE remote_id IS NOT NULL;

-- Incremental-fetch position per endpoint, and when it was last scanned in full.
CREATE TABLE chittysync.endpoint_cursors (
    registry        text NOT NULL REFERENCES chittysync.registries (name),
    endpoint        text NOT NULL,
    cursor          text,
    last_full_scan_at timestamptz,
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (registry, endpoint)
);
