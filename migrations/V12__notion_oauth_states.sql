-- ChittySync state store, part 12: the Notion OAuth flow's single-use values.
--
-- The start link 'chittysync notion oauth-url' prints and the state Notion hands back to the
-- callback are each spent here once, so neither can be replayed within its 15 minutes. See
-- docs/notion.md.

CREATE TABLE chittysync.oauth_spent (
    nonce           text PRIMARY KEY CHECK (length(nonce) <= 64),
    spent_at        timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL            -- kept until the value could no longer verify
);
CREATE INDEX oauth_spent_expiry ON chittysync.oauth_spent (expires_at);
