-- A diff run (the pipeline's diff function) ends with its plan stored for the apply function:
-- neither converged nor in need of a person, but planned.
ALTER TABLE chittysync.runs DROP CONSTRAINT runs_status_check;
ALTER TABLE chittysync.runs ADD CONSTRAINT runs_status_check
    CHECK (status IN ('running', 'planned', 'converged', 'attention', 'failed', 'superseded'));
