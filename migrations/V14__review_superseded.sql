-- A held delete the endpoints settled by themselves (the record went everywhere, or came back
-- where it had gone) is closed by the sync that sees it, not left for a decision nothing needs.
ALTER TABLE chittysync.held_deletes DROP CONSTRAINT held_deletes_status_check;
ALTER TABLE chittysync.held_deletes ADD CONSTRAINT held_deletes_status_check
    CHECK (status IN ('held', 'approved', 'rejected', 'applied', 'superseded'));
