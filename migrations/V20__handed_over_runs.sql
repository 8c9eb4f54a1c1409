-- An apply that stops before its Lambda invocation's deadline hands the rest of its plan to a fresh
-- invocation; its run ends 'handed_over', with the plan's progress in its counts.
ALTER TABLE chittysync.runs DROP CONSTRAINT runs_status_check;
ALTER TABLE chittysync.runs ADD CONSTRAINT runs_status_check
    CHECK (status IN ('running', 'planned', 'converged', 'attention', 'failed', 'superseded', 'handed_over'));
