package com.chittysync.sync.engine;

import com.chittysync.connect.CanonicalRecord;
import java.util.List;
import java.util.Optional;

/**
 * What one key should be everywhere after this cycle.
 *
 * @param key the record's key
 * @param outcome what to do with it
 * @param record the resolved record, when {@code outcome} is {@link Outcome#PRESENT}
 * @param conflicts field conflicts met (settled or held)
 * @param deleteFrom for {@link Outcome#HELD_DELETE}: the endpoint(s) where it went missing
 * @param heldBecause for {@link Outcome#HELD_DELETE}: why it is held, in words for the person who
 *     decides (null: the generic reason)
 */
public record Resolution(
    String key,
    Outcome outcome,
    Optional<CanonicalRecord> record,
    List<Conflict> conflicts,
    List<String> deleteFrom,
    String heldBecause) {
  public Resolution {
    conflicts = List.copyOf(conflicts);
    deleteFrom = List.copyOf(deleteFrom);
  }

  /** A resolution that holds nothing back for a stated reason. */
  public Resolution(
      String key,
      Outcome outcome,
      Optional<CanonicalRecord> record,
      List<Conflict> conflicts,
      List<String> deleteFrom) {
    this(key, outcome, record, conflicts, deleteFrom, null);
  }

  /** Why a delete is held, for the held-deletes table. */
  public String reason() {
    if (outcome != Outcome.HELD_DELETE) {
      return null;
    }
    return heldBecause != null
        ? heldBecause
        : "held: deletes need approval or the delete guard tripped";
  }

  /** The outcomes. */
  public enum Outcome {
    /** The record exists with {@link #record()}. */
    PRESENT,
    /** The record is deleted everywhere. */
    DELETED,
    /** A delete waits for approval: nothing is written for this key. */
    HELD_DELETE,
    /** A field conflict waits for a person (manual strategy): nothing is written for this key. */
    HELD_CONFLICT,
    /** Nobody holds it and it was never synced, or it was deleted before: nothing to do. */
    ABSENT
  }
}
