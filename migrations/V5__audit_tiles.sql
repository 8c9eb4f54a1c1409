-- Interior hashes of the audit log's Merkle tree, so that inclusion and consistency proofs on a
-- large log cost O(log n) lookups instead of a rescan. Stored for perfect subtrees whose height
-- is a multiple of 4 (16, 256, 4096... leaves), like the tiles of C2SP tlog-tiles: about n/15
-- rows, and any perfect subtree hash is at most 8 stored hashes (or leaves) away.
CREATE TABLE chittysync.audit_nodes (
    level           smallint NOT NULL CHECK (level > 0 AND level % 4 = 0),
    idx             bigint NOT NULL CHECK (idx >= 0),   -- first leaf index / 2^level
    hash            bytea NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (level, idx)
);

-- Checkpoints are listed newest first by the API and the witness.
CREATE INDEX audit_checkpoints_created ON chittysync.audit_checkpoints (created_at DESC);
