-- What people were last told of each registry's runs by the chat webhook
-- (CHITTYSYNC_NOTIFY_WEBHOOK): healthy, attention or failing, and the run that said so. Diff and
-- apply compare a registry's latest finished run with this row and post one message when the
-- state changes, not one per run. The pipeline's notifier owns this table
-- (com.chittysync.pipeline.notify.NotificationStore).
CREATE TABLE chittysync.registry_notifications (
    registry    text PRIMARY KEY,
    state       text NOT NULL CHECK (state IN ('healthy', 'attention', 'failing')),
    run_id      uuid NOT NULL,
    changed_at  timestamptz NOT NULL DEFAULT now()
);
