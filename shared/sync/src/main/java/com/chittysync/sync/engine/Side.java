package com.chittysync.sync.engine;

import com.chittysync.sync.Record;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

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
 * @param fields the canonical fields the endpoint maps, or {@code null} for all of them: a field it
 *     does not map is neither read nor written there, so its absence is no change
 */
public record Side(
    String endpoint,
    Optional<Record> snapshot,
    Optional<Record> current,
    boolean known,
    Optional<Instant> changedAt,
    Optional<String> remoteId,
    Set<String> fields) {

  public Side {
    fields = fields == null ? null : Set.copyOf(fields);
  }

  /** A side that maps every field. */
  public Side(
      String endpoint,
      Optional<Record> snapshot,
      Optional<Record> current,
      boolean known,
      Optional<Instant> changedAt,
      Optional<String> remoteId) {
    this(endpoint, snapshot, current, known, changedAt, remoteId, null);
  }

  /** Whether the endpoint holds {@code field} at all. */
  public boolean maps(String field) {
    return fields == null || fields.contains(field);
  }

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
    if (fields == null) {
      return !snapshot.get().fields().equals(current.get().fields());
    }
    for (String field : fields) {
      if (!Record.sameValue(snapshot.get().get(field), current.get().get(field))) {
        return true;
      }
    }
    return false;
  }

  /** Whether the endpoint deleted the record since its last sync. */
  public boolean deleted() {
    return known && snapshot.isPresent() && current.isEmpty();
  }

  /**
   * Whether the endpoint changed {@code field} since its last sync (a create changes every field).
   */
  public boolean changed(String field) {
    if (!known || current.isEmpty() || !maps(field)) {
      return false;
    }
    if (snapshot.isEmpty()) {
      return !current.get().get(field).isNull();
    }
    return !Record.sameValue(snapshot.get().get(field), current.get().get(field));
  }
}
