-- A full Notion read too long for one Lambda invocation (300,000 pages at 3 requests/s take about
-- 17 minutes) is read in parts: each response's pages are kept here with Notion's cursor after
-- them, in one transaction, so the next invocation (or the one after a crash) continues from the
-- saved cursor and every page is read once. The Notion connector owns these tables; the stage of
-- an endpoint is dropped when its read completes, or when a delete is applied to the endpoint
-- (a page moved to the trash in between would otherwise still look live).
CREATE TABLE chittysync.notion_read_stages (
    registry        text NOT NULL,
    endpoint        text NOT NULL,
    data_source_id  text NOT NULL,
    since           text NOT NULL,                 -- where incremental reads start once the read completes: its start
    page_cursor     text NOT NULL,                 -- Notion's next_cursor after the pages kept
    pages_read      integer NOT NULL,
    started_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (registry, endpoint)
);

CREATE TABLE chittysync.notion_read_stage_pages (
    registry        text NOT NULL,
    endpoint        text NOT NULL,
    seq             integer NOT NULL,
    page            jsonb NOT NULL,                -- the page object as the query returned it
    PRIMARY KEY (registry, endpoint, seq),
    FOREIGN KEY (registry, endpoint) REFERENCES chittysync.notion_read_stages (registry, endpoint)
        ON DELETE CASCADE
);
