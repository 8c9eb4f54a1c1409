-- ChittySync state store, part 7: what a stored plan needs so that applying it, or finishing it
-- after a crash, is deterministic: the resolved canonical record of every key it settles, and
-- what each endpoint was observed to hold where that differs from its snapshot.

CREATE TABLE chittysync.plan_records (
    plan_id         uuid NOT NULL REFERENCES chittysync.plans (plan_id) ON DELETE CASCADE,
    record_key      text NOT NULL,
    deleted         boolean NOT NULL,              -- the key is deleted everywhere
    record          jsonb,                         -- the resolved fields, when not deleted
    PRIMARY KEY (plan_id, record_key)
);

CREATE TABLE chittysync.plan_observations (
    plan_id         uuid NOT NULL REFERENCES chittysync.plans (plan_id) ON DELETE CASCADE,
    endpoint        text NOT NULL,
    record_key      text NOT NULL,
    remote_id       text,
    record          jsonb,                         -- null: the endpoint did not hold it
    PRIMARY KEY (plan_id, endpoint, record_key)
);

-- Plans are applied once: the plan row is locked while applying; ops keep their own status.
ALTER TABLE chittysync.plan_ops ADD COLUMN after_record jsonb;   -- the record the op leaves
