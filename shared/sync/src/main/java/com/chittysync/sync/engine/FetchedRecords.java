package com.chittysync.sync.engine;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.RemoteRecord;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one endpoint's read returned, held compactly: of every record its content hash, identity and
 * modification time; the record itself only where it differs from the endpoint's snapshot, and then
 * as JSON text rather than a tree. Most records of a large registry are unchanged between two
 * syncs, and an unchanged one is its snapshot, which the state store reads back by key when the
 * merge needs it; so the memory a read holds is a few dozen bytes per record, not the record.
 *
 * <p>Filled by one thread, then read by any.
 */
final class FetchedRecords {
  /** Reads the compact form back with every number as written, so the record is the same. */
  private static final ObjectReader READER =
      Json.mapper().reader().with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  /**
   * One record.
   *
   * @param hash its content hash, or null for a record refused before hashing
   * @param remoteId its identity at the endpoint, or null when that is its key
   * @param modifiedAt when the endpoint says it changed it, or null
   * @param held the record: a {@link CanonicalRecord}, its JSON text as UTF-8 bytes, or null when
   *     it is the endpoint's snapshot (its hash is the snapshot's)
   */
  private record Entry(byte[] hash, String remoteId, Instant modifiedAt, Object held) {}

  private final Map<String, Entry> byKey = new HashMap<>();

  /**
   * Holds {@code record}, read with content hash {@code hash} (null if refused before hashing).
   *
   * @param asSnapshot the record is the endpoint's snapshot (same hash): only its hash is kept
   */
  void put(RemoteRecord record, byte[] hash, boolean asSnapshot) {
    String key = record.key();
    Object held = asSnapshot ? null : compact(record.record());
    byKey.put(
        key,
        new Entry(
            hash,
            record.remoteId().equals(key) ? null : record.remoteId(),
            record.modifiedAt().orElse(null),
            held));
  }

  /** Forgets {@code key}'s record. */
  void remove(String key) {
    byKey.remove(key);
  }

  boolean contains(String key) {
    return byKey.containsKey(key);
  }

  /** The keys read. */
  Set<String> keys() {
    return Collections.unmodifiableSet(byKey.keySet());
  }

  int size() {
    return byKey.size();
  }

  /** The content hash of {@code key}'s record, null if not read or refused before hashing. */
  byte[] hash(String key) {
    Entry e = byKey.get(key);
    return e == null ? null : e.hash();
  }

  /** The identity at the endpoint of {@code key}'s record, if read. */
  Optional<String> remoteId(String key) {
    Entry e = byKey.get(key);
    return e == null ? Optional.empty() : Optional.of(e.remoteId() == null ? key : e.remoteId());
  }

  /** Every record's identity at the endpoint, by key. */
  Map<String, String> remoteIds() {
    Map<String, String> out = new LinkedHashMap<>();
    byKey.forEach((key, e) -> out.put(key, e.remoteId() == null ? key : e.remoteId()));
    return out;
  }

  /**
   * The record read for {@code key}, if one was.
   *
   * @param snapshot the endpoint's snapshot of the key, as stored: the record when only its hash
   *     was kept
   * @throws IllegalStateException when only the hash was kept and {@code snapshot} is empty
   */
  Optional<RemoteRecord> record(String key, Optional<CanonicalRecord> snapshot) {
    Entry e = byKey.get(key);
    if (e == null) {
      return Optional.empty();
    }
    CanonicalRecord record;
    if (e.held() == null) {
      record =
          snapshot.orElseThrow(
              () -> new IllegalStateException("no snapshot of " + key + " to stand for its read"));
    } else if (e.held() instanceof CanonicalRecord r) {
      record = r;
    } else {
      record = expand(key, (byte[]) e.held());
    }
    return Optional.of(
        new RemoteRecord(
            e.remoteId() == null ? key : e.remoteId(),
            record,
            Optional.ofNullable(e.modifiedAt())));
  }

  /**
   * The record as JSON text where reading it back gives the same record: numbers are longs or
   * decimals after {@link CanonicalRecord}'s normalizing, read back as such; any other number (NaN,
   * infinities) keeps the record as it is.
   */
  private static Object compact(CanonicalRecord record) {
    for (JsonNode value : record.fields().values()) {
      if (!plain(value)) {
        return record;
      }
    }
    return record.toJsonString().getBytes(StandardCharsets.UTF_8);
  }

  private static boolean plain(JsonNode value) {
    if (value.isNumber()) {
      return value instanceof LongNode || value instanceof DecimalNode;
    }
    if (value.isContainerNode()) {
      for (JsonNode v : value) {
        if (!plain(v)) {
          return false;
        }
      }
      return true;
    }
    return value.isTextual() || value.isBoolean() || value.isNull();
  }

  private static CanonicalRecord expand(String key, byte[] json) {
    try {
      JsonNode node = READER.readTree(json);
      Map<String, JsonNode> fields = new LinkedHashMap<>();
      node.fields().forEachRemaining(f -> fields.put(f.getKey(), f.getValue()));
      return new CanonicalRecord(key, fields);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
