-- ChittySync state store, part 4: what guards the doors: single-use nonces of signed write
-- envelopes, and the webhook deliveries already taken in (to drop duplicates).

CREATE TABLE chittysync.envelope_nonces (
    nonce           text PRIMARY KEY,
    key_id          text NOT NULL,
    accepted_at     timestamptz NOT NULL DEFAULT now(),
    expires_at      timestamptz NOT NULL            -- kept until the envelope could no longer verify
);
CREATE INDEX envelope_nonces_expiry ON chittysync.envelope_nonces (expires_at);

CREATE TABLE chittysync.webhook_deliveries (
    source          text NOT NULL,                  -- notion, ...
    event_id        text NOT NULL,
    event_type      text NOT NULL,
    entity_id       text,
    received_at     timestamptz NOT NULL DEFAULT now(),
    registries      text[] NOT NULL DEFAULT '{}',   -- the registries a sync was requested for
    PRIMARY KEY (source, event_id)
);
CREATE INDEX webhook_deliveries_received ON chittysync.webhook_deliveries (received_at);
