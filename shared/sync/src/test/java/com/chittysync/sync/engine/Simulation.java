package com.chittysync.sync.engine;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Op;
import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The sync cycle over in-memory endpoints, with the engine's own merge and plan, and the snapshot
 * and base bookkeeping the engine keeps in PostgreSQL. Property tests drive it with random edits.
 *
 * <p>Endpoints can be read incrementally (a read returns only the keys edited, by a person or by a
 * sync, since the last sync, with deletions reported by key, as the Notion connector does) and can
 * be lossy (like a sheet cell, they hold an empty string as nothing), so the properties hold on the
 * path deployments run, not only on full reads of endpoints that hold every value.
 */
final class Simulation {
  final RegistryConfig registry;
  final Map<String, TreeMap<String, CanonicalRecord>> endpoints = new LinkedHashMap<>();
  final Map<String, TreeMap<String, CanonicalRecord>> snapshots = new LinkedHashMap<>();
  final Map<String, Map<String, Instant>> editedAt = new LinkedHashMap<>();
  final TreeMap<String, CanonicalRecord> base = new TreeMap<>();
  final Set<String> incremental = new TreeSet<>();
  final Set<String> lossy = new TreeSet<>();
  long clock = 1_000;
  private long lastSync = Long.MIN_VALUE;

  Simulation(RegistryConfig.Conflict strategy, RegistryConfig.Deletes deletes, String... names) {
    Map<String, EndpointConfig> configs = new LinkedHashMap<>();
    for (String name : names) {
      configs.put(
          name,
          new EndpointConfig(
              name,
              "memory",
              Map.of("id", "id"),
              JsonNodeFactory.instance.objectNode(),
              "registries.r.endpoints." + name));
      endpoints.put(name, new TreeMap<>());
      snapshots.put(name, new TreeMap<>());
      editedAt.put(name, new LinkedHashMap<>());
    }
    registry =
        new RegistryConfig(
            "r",
            "schema.json",
            "id",
            strategy,
            List.of(names),
            deletes,
            1.0,
            Optional.empty(),
            RegistryConfig.AuditDetail.HASHES,
            configs);
  }

  /** Reads {@code names} incrementally from now on. */
  Simulation incremental(String... names) {
    incremental.addAll(List.of(names));
    return this;
  }

  /** Makes {@code names} hold an empty string as no value, as a sheet cell does. */
  Simulation lossy(String... names) {
    lossy.addAll(List.of(names));
    return this;
  }

  /** {@code record} as endpoint {@code name} holds it. */
  CanonicalRecord represent(String name, CanonicalRecord record) {
    if (!lossy.contains(name)) {
      return record;
    }
    Map<String, JsonNode> fields = new TreeMap<>(record.fields());
    fields.values().removeIf(v -> v.isTextual() && v.asText().isEmpty());
    return new CanonicalRecord(record.key(), fields);
  }

  static JsonNode text(String s) {
    return JsonNodeFactory.instance.textNode(s);
  }

  /**
   * A person sets {@code field} of {@code key} at {@code endpoint} (creating the record if needed).
   */
  void set(String endpoint, String key, String field, String value) {
    CanonicalRecord current =
        endpoints
            .get(endpoint)
            .getOrDefault(key, new CanonicalRecord(key, Map.of("id", text(key))));
    endpoints
        .get(endpoint)
        .put(
            key,
            represent(
                endpoint,
                current.with(
                    Map.of(
                        field,
                        value == null ? JsonNodeFactory.instance.nullNode() : text(value)))));
    editedAt.get(endpoint).put(key, Instant.ofEpochSecond(clock++));
  }

  /** A person deletes {@code key} at {@code endpoint}. */
  void delete(String endpoint, String key) {
    endpoints.get(endpoint).remove(key);
    editedAt.get(endpoint).put(key, Instant.ofEpochSecond(clock++));
  }

  /** Result of one cycle. */
  record Cycle(List<Resolution> resolutions, Map<String, List<Op>> ops) {
    int opCount() {
      return ops.values().stream().mapToInt(List::size).sum();
    }
  }

  /** One sync: resolve every key, plan, apply every op, advance snapshots and base. */
  Cycle sync() {
    Set<String> keys = new TreeSet<>(base.keySet());
    endpoints.values().forEach(m -> keys.addAll(m.keySet()));
    snapshots.values().forEach(m -> keys.addAll(m.keySet()));
    Merger merger = new Merger(registry, Set.of(), Map.of());
    List<Resolution> resolutions = new ArrayList<>();
    Map<String, List<Op>> ops = new LinkedHashMap<>();
    endpoints.keySet().forEach(e -> ops.put(e, new ArrayList<>()));
    int opNo = 0;
    for (String key : keys) {
      List<Side> sides = new ArrayList<>();
      for (String e : endpoints.keySet()) {
        Optional<CanonicalRecord> snapshot = Optional.ofNullable(snapshots.get(e).get(key));
        Optional<CanonicalRecord> holds = Optional.ofNullable(endpoints.get(e).get(key));
        boolean read = !incremental.contains(e) || editedSinceLastSync(e, key);
        sides.add(
            new Side(
                e,
                snapshot,
                Side.currentAfterRead(
                    read ? holds : Optional.empty(),
                    !incremental.contains(e),
                    read && holds.isEmpty(),
                    snapshot),
                true,
                read ? Optional.ofNullable(editedAt.get(e).get(key)) : Optional.empty(),
                Optional.of(key),
                null,
                r -> represent(e, r)));
      }
      Resolution r = merger.resolve(key, Optional.ofNullable(base.get(key)), sides);
      resolutions.add(r);
      for (Side side : sides) {
        Optional<Op> op = Planner.plan(opNo, r, side, Set.of());
        if (op.isPresent()) {
          opNo++;
          ops.get(side.endpoint()).add(op.get());
          apply(side.endpoint(), op.get());
        }
        // What this endpoint now holds is accounted for.
        CanonicalRecord now = endpoints.get(side.endpoint()).get(key);
        if (r.outcome() == Resolution.Outcome.HELD_CONFLICT
            || r.outcome() == Resolution.Outcome.HELD_DELETE) {
          continue;
        }
        if (now == null) {
          snapshots.get(side.endpoint()).remove(key);
        } else {
          snapshots.get(side.endpoint()).put(key, now);
        }
      }
      switch (r.outcome()) {
        case PRESENT -> base.put(key, r.record().orElseThrow());
        case DELETED, ABSENT -> base.remove(key);
        default -> {}
      }
    }
    lastSync = clock++;
    return new Cycle(resolutions, ops);
  }

  private boolean editedSinceLastSync(String endpoint, String key) {
    Instant at = editedAt.get(endpoint).get(key);
    return at != null && at.getEpochSecond() > lastSync;
  }

  private void apply(String endpoint, Op op) {
    TreeMap<String, CanonicalRecord> data = endpoints.get(endpoint);
    CanonicalRecord now = data.get(op.key());
    CanonicalRecord expected =
        op instanceof Op.Update u ? u.expected() : op instanceof Op.Delete d ? d.expected() : null;
    // The precondition the engine planned against must be what the endpoint really holds, also
    // for a record an incremental read did not return.
    if (expected == null ? now != null : !expected.equals(now)) {
      throw new AssertionError(
          "op " + op + " at " + endpoint + " planned against " + expected + ", holds " + now);
    }
    if (op instanceof Op.Create c) {
      data.put(c.key(), represent(endpoint, c.target()));
    } else if (op instanceof Op.Update u) {
      data.put(u.key(), represent(endpoint, data.get(u.key()).with(u.changes())));
    } else {
      data.remove(op.key());
    }
    // A write is an edit to a service like Notion: the next incremental read returns it.
    editedAt.get(endpoint).put(op.key(), Instant.ofEpochSecond(clock++));
  }

  /** Whether every endpoint holds the same records, as far as each can hold them. */
  boolean converged() {
    String first = null;
    for (String name : endpoints.keySet()) {
      if (first == null) {
        first = name;
        continue;
      }
      Set<String> keys = new TreeSet<>(endpoints.get(first).keySet());
      keys.addAll(endpoints.get(name).keySet());
      for (String key : keys) {
        CanonicalRecord a = endpoints.get(first).get(key);
        CanonicalRecord b = endpoints.get(name).get(key);
        if (a == null || b == null) {
          if (a != b) {
            return false;
          }
        } else if (!represent(name, a).equals(represent(name, b))
            && !represent(first, a).equals(represent(first, b))) {
          // Equal as the endpoint that holds less holds them is converged: neither can do better.
          return false;
        }
      }
    }
    return true;
  }
}
