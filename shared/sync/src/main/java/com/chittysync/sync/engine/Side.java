package com.chittysync.sync.engine;

import com.chittysync.sync.Record;
import java.time.Instant;
import java.util.Optional;

/**
 * One endpoint's view of one key in a cycle: what it held at the last sync, what it holds now.
 *
 * @param endpoint the endpoint's name
 * @param snapshot the record as of this endpoint's last sync, empty if it did not hold it
 * @param current the record as fetched now, empty if it does not hold it
 * @param known whether {@code current} can be trusted: false when the fetch was incomplete (a
 *     deletion cannot be told apart from "not fetched") or the record is quarantined
 * @param changedAt when the endpoint says it last changed the record, if it says
 * @param remoteId the endpoint's identity of the current record, if it holds one
 */
public record Side(
    String endpoint,
    Optional<Record> snapshot,
    Optional<Record> current,
    boolean known,
    Optional<Instant> changedAt,
    Optional<String> remoteId) {

  /**
   * Whether the endpoint changed the record since its last sync (created, edited or deleted it).
   */
  public boolean changed() {
    if (!known) {
      return false;
    }
    if (snapshot.isEmpty() || current.isEmpty()) {
      return snapshot.isPresent() != current.isPresent();
    }
    return !snapshot.get().fields().equals(current.get().fields());
  }

  /** Whether the endpoint deleted the record since its last sync. */
  public boolean deleted() {
    return known && snapshot.isPresent() && current.isEmpty();
  }

  /**
   * Whether the endpoint changed {@code field} since its last sync (a create changes every field).
   */
  public boolean changed(String field) {
    if (!known || current.isEmpty()) {
      return false;
    }
    if (snapshot.isEmpty()) {
      return !current.get().get(field).isNull();
    }
    return !Record.sameValue(snapshot.get().get(field), current.get().get(field));
  }
}
