package com.chittysync.sync.engine;

import com.chittysync.connect.CanonicalRecord;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One endpoint's view of one key in a cycle: what it held at the last sync, what it holds now.
 *
 * @param endpoint the endpoint's name
 * @param snapshot the record as of this endpoint's last sync, empty if it did not hold it
 * @param current the record as fetched now, empty if it does not hold it
 * @param known whether {@code current} can be trusted; the engine reads every endpoint so that it
 *     can (see {@link #currentAfterRead}), and plans nothing for a side that is not known
 * @param changedAt when the endpoint says it last changed the record, if it says
 * @param remoteId the endpoint's identity of the current record, if it holds one
 * @param fields the canonical fields the endpoint maps, or {@code null} for all of them: a field it
 *     does not map is neither read nor written there, so its absence is no change
 * @param representation the endpoint's {@link com.chittysync.connect.Endpoint#represent}: what it
 *     would hold if given a record, so that values it cannot tell apart compare equal
 */
public record Side(
    String endpoint,
    Optional<CanonicalRecord> snapshot,
    Optional<CanonicalRecord> current,
    boolean known,
    Optional<Instant> changedAt,
    Optional<String> remoteId,
    Set<String> fields,
    UnaryOperator<CanonicalRecord> representation) {

  public Side {
    fields = fields == null ? null : Set.copyOf(fields);
    representation = representation == null ? UnaryOperator.identity() : representation;
  }

  /** A side whose endpoint holds every value as given. */
  public Side(
      String endpoint,
      Optional<CanonicalRecord> snapshot,
      Optional<CanonicalRecord> current,
      boolean known,
      Optional<Instant> changedAt,
      Optional<String> remoteId,
      Set<String> fields) {
    this(endpoint, snapshot, current, known, changedAt, remoteId, fields, null);
  }

  /**
   * What an endpoint holds for a key as far as one read tells: what the read returned; nothing if
   * the read was complete or reported the key deleted; else, for an incremental read that did not
   * return it, what the endpoint held at its last sync, since such a read returns every change.
   */
  public static Optional<CanonicalRecord> currentAfterRead(
      Optional<CanonicalRecord> returned,
      boolean complete,
      boolean reportedDeleted,
      Optional<CanonicalRecord> snapshot) {
    if (returned.isPresent()) {
      return returned;
    }
    if (complete || reportedDeleted) {
      return Optional.empty();
    }
    return snapshot;
  }

  /** {@code record} as this side's endpoint would hold it once written. */
  public CanonicalRecord represent(CanonicalRecord record) {
    return representation.apply(record);
  }

  /**
   * Whether this endpoint would hold {@code value} in {@code field} as the value {@code held} it
   * holds: the two differ only in a way the endpoint cannot represent.
   */
  public boolean holdsAs(String key, String field, JsonNode value, JsonNode held) {
    if (CanonicalRecord.sameValue(value, held)) {
      return true;
    }
    CanonicalRecord given =
        new CanonicalRecord(
            key,
            Map.of(
                field,
                value == null
                    ? com.fasterxml.jackson.databind.node.NullNode.getInstance()
                    : value));
    return CanonicalRecord.sameValue(represent(given).get(field), held);
  }

  /** A side that maps every field. */
  public Side(
      String endpoint,
      Optional<CanonicalRecord> snapshot,
      Optional<CanonicalRecord> current,
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
      if (!CanonicalRecord.sameValue(snapshot.get().get(field), current.get().get(field))) {
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
    return !CanonicalRecord.sameValue(snapshot.get().get(field), current.get().get(field));
  }
}
