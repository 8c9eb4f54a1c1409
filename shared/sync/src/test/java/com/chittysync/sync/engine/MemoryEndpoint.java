package com.chittysync.sync.engine;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Endpoint;
import com.chittysync.connect.EndpointCapabilities;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.FetchResult;
import com.chittysync.connect.Op;
import com.chittysync.connect.OpResult;
import com.chittysync.connect.RemoteRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An endpoint in memory that honours preconditions and idempotence like a real one, and can be told
 * to crash after a number of writes (the writes stay, the answer never comes).
 *
 * <p>It can read incrementally as Notion does ({@link #incremental}: a read returns what changed
 * since the cursor's version, deletions by key, and the keys asked to be rechecked), and hold
 * values lossily ({@link #lossy}: like a Notion checkbox, field {@code flag} has no null and reads
 * back {@code false}; like a sheet cell, an empty string reads back as nothing).
 */
final class MemoryEndpoint implements Endpoint {
  final String name;
  final TreeMap<String, CanonicalRecord> data = new TreeMap<>();
  int batch = 2;
  int crashAfterWrites = -1;
  int writes;
  boolean incremental;
  boolean lossy;

  /** Every version of {@link #data} a read returned as its cursor, by cursor. */
  private final Map<Long, TreeMap<String, CanonicalRecord>> versions = new HashMap<>();

  private long version;

  /** What the last incremental read returned. */
  final List<String> lastReturned = new ArrayList<>();

  MemoryEndpoint(String name) {
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public EndpointCapabilities capabilities() {
    return new EndpointCapabilities(incremental, batch, Set.of());
  }

  @Override
  public void check() {}

  @Override
  public FetchResult fetch(FetchRequest request) {
    List<RemoteRecord> records = new ArrayList<>();
    long cursor = ++version;
    versions.put(cursor, new TreeMap<>(data));
    Optional<String> next = incremental ? Optional.of(Long.toString(cursor)) : Optional.empty();
    TreeMap<String, CanonicalRecord> since =
        request.full() || request.cursor().isEmpty()
            ? null
            : versions.get(Long.parseLong(request.cursor().get()));
    if (!incremental || since == null) {
      data.values().forEach(r -> records.add(new RemoteRecord(r.key(), r, Optional.empty())));
      return new FetchResult(records, true, next, List.of());
    }
    Set<String> keys = new TreeSet<>(since.keySet());
    keys.addAll(data.keySet());
    Set<String> deleted = new TreeSet<>();
    lastReturned.clear();
    for (String key : keys) {
      boolean changed = !java.util.Objects.equals(since.get(key), data.get(key));
      if (!changed && !request.recheck().contains(key)) {
        continue;
      }
      if (data.containsKey(key)) {
        records.add(new RemoteRecord(key, data.get(key), Optional.empty()));
        lastReturned.add(key);
      } else {
        deleted.add(key);
      }
    }
    for (String key : request.recheck()) {
      if (!data.containsKey(key)) {
        deleted.add(key);
      }
    }
    return new FetchResult(records, false, next, List.of(), deleted);
  }

  @Override
  public CanonicalRecord represent(CanonicalRecord record) {
    if (!lossy) {
      return record;
    }
    Map<String, JsonNode> fields = new TreeMap<>(record.fields());
    fields.values().removeIf(v -> v.isTextual() && v.asText().isEmpty());
    if (!fields.containsKey("flag") || fields.get("flag").isNull()) {
      fields.put("flag", BooleanNode.FALSE);
    }
    return new CanonicalRecord(record.key(), fields);
  }

  @Override
  public List<OpResult> apply(List<Op> ops) {
    List<OpResult> results = new ArrayList<>();
    for (Op op : ops) {
      if (crashAfterWrites >= 0 && writes >= crashAfterWrites) {
        crashAfterWrites = -1;
        throw new IllegalStateException("simulated crash of " + name);
      }
      CanonicalRecord now = data.get(op.key());
      Optional<CanonicalRecord> target = op.after().map(this::represent);
      if (target.isPresent() ? target.get().equals(now) : now == null) {
        results.add(OpResult.alreadyApplied(op.opNo(), op.key()));
        continue;
      }
      CanonicalRecord expected =
          op instanceof Op.Update u
              ? u.expected()
              : op instanceof Op.Delete d ? d.expected() : null;
      if (expected == null ? now != null : !expected.equals(now)) {
        results.add(OpResult.stale(op.opNo(), "changed since planned"));
        continue;
      }
      if (target.isPresent()) {
        data.put(op.key(), target.get());
      } else {
        data.remove(op.key());
      }
      writes++;
      results.add(OpResult.applied(op.opNo(), op.key()));
    }
    return results;
  }

  @Override
  public void close() {}
}
