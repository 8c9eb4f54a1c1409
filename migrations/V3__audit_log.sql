-- ChittySync state store, part 3: the append-only audit log (RFC 6962 Merkle tree over RFC 8785
-- canonical JSON entries), its signed checkpoints and witness cosignatures.

-- One row per log entry. entry is the exact RFC 8785 byte string that was hashed; the jsonb column
-- would not keep those bytes, so they are stored as they are.
CREATE TABLE chittysync.audit_entries (
    seq             bigint PRIMARY KEY CHECK (seq >= 0),
    entry           bytea NOT NULL,
    leaf_hash       bytea NOT NULL CHECK (length(leaf_hash) = 32),
    type            text NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- The log head: one row. Appenders lock it (SELECT ... FOR UPDATE), so sequence numbers stay
-- gapless and ordered across concurrent containers; the frontier (compact range of the tree)
-- makes a new root O(log n).
CREATE TABLE chittysync.audit_head (
    id              smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
    tree_size       bigint NOT NULL DEFAULT 0,
    frontier        bytea[] NOT NULL DEFAULT '{}',
    root_hash       bytea,
    updated_at      timestamptz NOT NULL DEFAULT now()
);
INSERT INTO chittysync.audit_head (id) VALUES (1);

-- Signed checkpoints (C2SP tlog-checkpoint in a C2SP signed note).
CREATE TABLE chittysync.audit_checkpoints (
    tree_size       bigint PRIMARY KEY CHECK (tree_size >= 0),
    origin          text NOT NULL,
    root_hash       bytea NOT NULL CHECK (length(root_hash) = 32),
    note            text NOT NULL,                  -- the full signed note as served
    created_at      timestamptz NOT NULL DEFAULT now()
);

-- Witness cosignatures on checkpoints (C2SP tlog-cosignature).
CREATE TABLE chittysync.audit_cosignatures (
    tree_size       bigint NOT NULL REFERENCES chittysync.audit_checkpoints (tree_size),
    witness         text NOT NULL,                  -- witness key name
    key_id          bytea NOT NULL,
    signature_line  text NOT NULL,                  -- the note signature line as served
    cosigned_at     timestamptz NOT NULL,
    PRIMARY KEY (tree_size, witness, key_id)
);
