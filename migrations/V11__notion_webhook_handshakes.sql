-- ChittySync state store, part 11: the Notion webhook's handshakes, and coalesced sync requests.
--
-- Notion's handshake cannot be authenticated (it is signed with the very token it carries), so a
-- handshake token is only a candidate until a delivery signed with it arrives; from then on the
-- verified mark below refuses every handshake until an operator resets it on purpose. See
-- docs/notion-webhooks.md.

-- Handshake tokens waiting for the operator to paste one into Notion. Bounded by the intake (a
-- few at a time, each expiring after an hour) and emptied once one verifies a delivery.
CREATE TABLE chittysync.notion_webhook_candidates (
    id              bigserial PRIMARY KEY,
    token           text NOT NULL UNIQUE CHECK (length(token) BETWEEN 1 AND 200),
    source_ip       text CHECK (length(source_ip) <= 64),   -- as API Gateway saw it
    received_at     timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL
);
CREATE INDEX notion_webhook_candidates_received ON chittysync.notion_webhook_candidates (received_at);

-- The token that verified a delivery (at most one row). Only its SHA-256: the token itself stays
-- in Secrets Manager.
CREATE TABLE chittysync.notion_webhook_verified (
    singleton       boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    token_sha256    text NOT NULL,
    source_ip       text,                           -- where its handshake came from, when known
    received_at     timestamptz,                    -- when its handshake came, when known
    verified_at     timestamptz NOT NULL DEFAULT now(),
    event_id        text                            -- the first delivery it verified
);

-- The last sync the webhook requested per registry: a request still pending (no run of the
-- registry started since) absorbs further deliveries, so a burst costs one sync, not one each.
CREATE TABLE chittysync.webhook_sync_requests (
    registry        text PRIMARY KEY,
    requested_at    timestamptz NOT NULL
);
