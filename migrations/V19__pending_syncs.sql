-- Coalesced sync requests: at most one row per registry, standing for the one SyncRequested event
-- on the bus that will sync it. A producer (webhook, schedule, dashboard) that finds no row
-- inserts one and puts the event; one that finds a row merges into it and puts nothing. The diff
-- run claims (deletes) the row under the registry's lease before it reads any endpoint, so a
-- request after the claim makes a new row and a new event, and the change behind it is read.
CREATE TABLE chittysync.pending_syncs (
    registry        text        PRIMARY KEY,
    full_scan       boolean     NOT NULL,
    reasons         text[]      NOT NULL,               -- distinct, in order of arrival
    actors          text[]      NOT NULL DEFAULT '{}',  -- the people who asked, distinct
    pages           text[],                             -- NULL: no webhook said; '{}': any page
    event_ids       text[]      NOT NULL DEFAULT '{}',  -- webhook event ids, the first 1000
    requests        integer     NOT NULL DEFAULT 1,     -- how many requests the row stands for
    requested_at    timestamptz NOT NULL DEFAULT now(), -- the first of them
    published_at    timestamptz NOT NULL DEFAULT now()  -- when its event was put on the bus
);

-- The webhook's earlier coalescing (a pending request absorbed deliveries until a run started, or
-- for a minute) is replaced by the rows above, which any producer uses and the diff run claims.
DROP TABLE chittysync.webhook_sync_requests;
