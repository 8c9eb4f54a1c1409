-- The dashboard's actions (sync now, redrive, drift check, and any later one), by the action id
-- each action's form carries: a replayed id answers the stored result instead of acting twice.
-- A row is claimed (result NULL) before the action runs and gets its result, together with the
-- action's audit entry, when it ends; an action that failed leaves no row.
CREATE TABLE chittysync.dashboard_actions (
    action_id uuid PRIMARY KEY,
    actor     text        NOT NULL,
    kind      text        NOT NULL,
    registry  text        NOT NULL,
    result    jsonb,
    at        timestamptz NOT NULL DEFAULT now()
);
