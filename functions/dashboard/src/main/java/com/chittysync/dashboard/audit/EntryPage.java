package com.chittysync.dashboard.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /audit/entries/{seq}}: one entry, its leaf hash and, once a checkpoint covers it, its
 * inclusion proof and the tlog-proof the browser verifies.
 *
 * @param entry the entry as JSON
 * @param pretty the entry pretty-printed, for people
 * @param canonicalBase64 the entry's exact canonical bytes (what is hashed), base64
 * @param leafHash {@code SHA-256(0x00 || bytes)} in hex
 * @param checkpoint the latest checkpoint, if any
 * @param proof the inclusion proof against it, when it covers the entry
 * @param tlogProof the C2SP tlog-proof text, when there is a proof
 * @param pending why there is no proof yet, when there is none
 */
public record EntryPage(
    long seq,
    String type,
    String actor,
    String time,
    JsonNode entry,
    String pretty,
    String canonicalBase64,
    String leafHash,
    Optional<CheckpointView> checkpoint,
    Optional<Proof> proof,
    Optional<String> tlogProof,
    Optional<String> pending) {

  /**
   * An inclusion proof.
   *
   * @param treeSize the tree it is proved in
   * @param path the sibling hashes from the leaf up, in hex
   */
  public record Proof(long treeSize, List<String> path) {}
}
