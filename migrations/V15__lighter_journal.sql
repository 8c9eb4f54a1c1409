-- Fewer writes per record, the same guarantees.
--
-- An apply records each batch's outcome in one row, written in the transaction that stores the
-- batch's snapshots and audit entries, instead of rewriting every op's row: the op rows stay as
-- planned. An op is settled when a batch of its plan and endpoint names it; it was applied unless
-- the batch lists it as unsettled. The view plan_op_status derives each op's status for people.
CREATE TABLE chittysync.plan_batches (
    plan_id         uuid NOT NULL REFERENCES chittysync.plans (plan_id) ON DELETE CASCADE,
    endpoint        text NOT NULL,
    first_op        integer NOT NULL,
    op_nos          integer[] NOT NULL,            -- every op the batch settled
    unsettled       jsonb NOT NULL DEFAULT '{}',   -- op_no -> {"status": "failed" | "skipped_stale", "error": ...}
    recorded_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (plan_id, endpoint, first_op)
);

-- Plans applied, or half applied, before this migration keep what their ops' rows say.
INSERT INTO chittysync.plan_batches (plan_id, endpoint, first_op, op_nos, unsettled, recorded_at)
SELECT plan_id, endpoint, min(op_no), array_agg(op_no ORDER BY op_no),
       coalesce(jsonb_object_agg(op_no::text, jsonb_build_object('status', status, 'error', error))
                FILTER (WHERE status <> 'applied'), '{}'),
       coalesce(max(applied_at), now())
FROM chittysync.plan_ops
WHERE status NOT IN ('pending', 'in_flight')
GROUP BY plan_id, endpoint;

ALTER TABLE chittysync.plan_ops
    DROP COLUMN status,
    DROP COLUMN attempts,
    DROP COLUMN error,
    DROP COLUMN started_at,
    DROP COLUMN applied_at;

CREATE VIEW chittysync.plan_op_status AS
SELECT o.plan_id, o.op_no, o.endpoint, o.op, o.record_key,
       CASE WHEN b.op_no IS NULL THEN 'pending'
            ELSE coalesce(b.unsettled -> o.op_no::text ->> 'status', 'applied') END AS status,
       b.unsettled -> o.op_no::text ->> 'error' AS error,
       b.recorded_at
FROM chittysync.plan_ops o
LEFT JOIN (SELECT x.plan_id, x.endpoint, unnest(x.op_nos) AS op_no, x.unsettled, x.recorded_at
           FROM chittysync.plan_batches x) b
       ON b.plan_id = o.plan_id AND b.endpoint = o.endpoint AND b.op_no = o.op_no;

-- A snapshot equal to the canonical record is stored by its hash only (record null): most
-- snapshots are, and each would otherwise store the record a second and third time. Before a plan
-- changes a canonical record, the snapshots that hash to it take their record (Applier.finish).
ALTER TABLE chittysync.endpoint_snapshots ALTER COLUMN record DROP NOT NULL;
