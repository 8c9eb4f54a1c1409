-- Where each endpoint's fetch left off when a plan was made. A plan made in one process (the diff
-- function) and applied in another (the apply function) moves the fetch positions on only when it
-- applies completely, exactly as a sync run in one process does.
ALTER TABLE chittysync.plans ADD COLUMN positions jsonb;

-- The diff function's runs plan for the apply function; they are recorded as such.
ALTER TABLE chittysync.runs DROP CONSTRAINT runs_kind_check;
ALTER TABLE chittysync.runs ADD CONSTRAINT runs_kind_check
    CHECK (kind IN ('sync', 'dry_run', 'drift', 'apply', 'write', 'diff'));

-- When the schedule function last asked for a sync of each registry: a registry is due again one
-- interval after the later of this and its last run, so a slow run is not asked for twice.
ALTER TABLE chittysync.registries ADD COLUMN last_scheduled_at timestamptz;
