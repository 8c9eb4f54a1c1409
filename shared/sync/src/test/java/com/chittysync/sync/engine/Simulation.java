package com.chittysync.sync.engine;

import com.chittysync.sync.Record;
import com.chittysync.sync.config.EndpointConfig;
import com.chittysync.sync.config.RegistryConfig;
import com.chittysync.sync.endpoint.Op;
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
 */
final class Simulation {
  final RegistryConfig registry;
  final Map<String, TreeMap<String, Record>> endpoints = new LinkedHashMap<>();
  final Map<String, TreeMap<String, Record>> snapshots = new LinkedHashMap<>();
  final Map<String, Map<String, Instant>> editedAt = new LinkedHashMap<>();
  final TreeMap<String, Record> base = new TreeMap<>();
  long clock = 1_000;

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

  static JsonNode text(String s) {
    return JsonNodeFactory.instance.textNode(s);
  }

  /**
   * A person sets {@code field} of {@code key} at {@code endpoint} (creating the record if needed).
   */
  void set(String endpoint, String key, String field, String value) {
    Record current =
        endpoints.get(endpoint).getOrDefault(key, new Record(key, Map.of("id", text(key))));
    endpoints
        .get(endpoint)
        .put(
            key,
            current.with(
                Map.of(field, value == null ? JsonNodeFactory.instance.nullNode() : text(value))));
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
        sides.add(
            new Side(
                e,
                Optional.ofNullable(snapshots.get(e).get(key)),
                Optional.ofNullable(endpoints.get(e).get(key)),
                true,
                Optional.ofNullable(editedAt.get(e).get(key)),
                Optional.of(key)));
      }
      Resolution r =
          merger.resolve(
              key, Optional.ofNullable(base.get(key)), sides, Instant.ofEpochSecond(clock));
      resolutions.add(r);
      for (Side side : sides) {
        Optional<Op> op = Planner.plan(opNo, r, side, Set.of());
        if (op.isPresent()) {
          opNo++;
          ops.get(side.endpoint()).add(op.get());
          apply(side.endpoint(), op.get());
        }
        // What this endpoint now holds is accounted for.
        Record now = endpoints.get(side.endpoint()).get(key);
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
    return new Cycle(resolutions, ops);
  }

  private void apply(String endpoint, Op op) {
    TreeMap<String, Record> data = endpoints.get(endpoint);
    if (op instanceof Op.Create c) {
      data.put(c.key(), c.target());
    } else if (op instanceof Op.Update u) {
      data.put(u.key(), data.get(u.key()).with(u.changes()));
    } else {
      data.remove(op.key());
    }
  }

  boolean converged() {
    Map<String, Record> first = null;
    for (Map<String, Record> data : endpoints.values()) {
      if (first == null) {
        first = data;
      } else if (!first.equals(data)) {
        return false;
      }
    }
    return true;
  }
}
