package com.chittysync.connect;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.Optional;

/**
 * One planned write to one endpoint. Every op carries its precondition: the state of the record at
 * the endpoint that the plan was made against. An endpoint applies an op only if the record is
 * still in that state (or already in the target state, which makes re-running after a crash safe),
 * and otherwise reports it stale.
 */
public sealed interface Op permits Op.Create, Op.Update, Op.Delete {
  /** The op's number within its plan: its identity in the journal. */
  int opNo();

  /** The registry key of the record. */
  String key();

  /**
   * Create the record; the endpoint did not hold it when planned.
   *
   * @param target the whole record to create
   */
  record Create(int opNo, String key, CanonicalRecord target) implements Op {}

  /**
   * Change some fields.
   *
   * @param remoteId the endpoint's identity of the record
   * @param expected the record as the endpoint held it when planned
   * @param changes the fields to set (only those that change; JSON null clears one)
   */
  record Update(
      int opNo,
      String key,
      String remoteId,
      CanonicalRecord expected,
      Map<String, JsonNode> changes)
      implements Op {
    /** The record after the update. */
    public CanonicalRecord target() {
      return expected.with(changes);
    }
  }

  /**
   * Delete the record.
   *
   * @param remoteId the endpoint's identity of the record
   * @param expected the record as the endpoint held it when planned
   */
  record Delete(int opNo, String key, String remoteId, CanonicalRecord expected) implements Op {}

  /** The record this op leaves at the endpoint, empty for a delete. */
  default Optional<CanonicalRecord> after() {
    if (this instanceof Create c) {
      return Optional.of(c.target());
    }
    if (this instanceof Update u) {
      return Optional.of(u.target());
    }
    return Optional.empty();
  }
}
