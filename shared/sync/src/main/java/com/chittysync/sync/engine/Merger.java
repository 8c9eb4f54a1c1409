package com.chittysync.sync.engine;

import com.chittysync.sync.Record;
import com.chittysync.sync.config.RegistryConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The three-way, field-by-field merge of one key. Pure: no I/O, no clock (times come in with the
 * sides), so property tests can drive it with random histories.
 *
 * <p>A field changed at one endpoint since that endpoint's last sync wins; the same change at
 * several is no conflict; different changes are a conflict settled by the registry's strategy. A
 * delete at one endpoint loses to an update elsewhere. Deletes follow the registry's policy; a
 * delete guard tripped for an endpoint holds its deletes.
 */
public final class Merger {
  private final RegistryConfig registry;
  private final Set<String> guardedEndpoints;
  private final Map<String, Map<String, JsonNode>> decisions;
  private final Map<String, Boolean> deleteDecisions;

  /**
   * @param registry the registry's config (strategy, priorities, delete policy)
   * @param guardedEndpoints endpoints whose deletes are held this cycle (the delete guard tripped)
   * @param decisions values people chose for held conflicts, by key and field
   */
  public Merger(
      RegistryConfig registry,
      Set<String> guardedEndpoints,
      Map<String, Map<String, JsonNode>> decisions) {
    this(registry, guardedEndpoints, decisions, Map.of());
  }

  /**
   * Like the three-argument constructor, with {@code deleteDecisions}: held deletes people decided,
   * by key (true approved, false rejected).
   */
  public Merger(
      RegistryConfig registry,
      Set<String> guardedEndpoints,
      Map<String, Map<String, JsonNode>> decisions,
      Map<String, Boolean> deleteDecisions) {
    this.registry = registry;
    this.guardedEndpoints = Set.copyOf(guardedEndpoints);
    this.decisions = Map.copyOf(decisions);
    this.deleteDecisions = Map.copyOf(deleteDecisions);
  }

  /**
   * Resolves {@code key}.
   *
   * @param base the last synced canonical record, empty if never synced or deleted
   * @param sides every endpoint's view, in the registry's endpoint order
   * @param firstSeen when this cycle first saw the changes (the fallback time for last-write-wins)
   */
  public Resolution resolve(
      String key, Optional<Record> base, List<Side> sides, Instant firstSeen) {
    List<Side> updaters = new ArrayList<>();
    List<Side> deleters = new ArrayList<>();
    for (Side side : sides) {
      if (side.changed()) {
        (side.current().isPresent() ? updaters : deleters).add(side);
      }
    }
    if (updaters.isEmpty() && deleters.isEmpty()) {
      if (base.isPresent()) {
        return present(key, base.get(), List.of());
      }
      // Never synced, unchanged everywhere: a record some endpoints held before their first sync
      // is "created" at them, so this only happens when nobody holds it.
      return new Resolution(key, Resolution.Outcome.ABSENT, Optional.empty(), List.of(), List.of());
    }
    if (updaters.isEmpty()) {
      return resolveDelete(key, base, deleters);
    }
    // An update anywhere beats a delete elsewhere: the deleting endpoints get the record back.
    List<Conflict> conflicts = new ArrayList<>();
    Record merged = mergeFields(key, base, updaters, firstSeen, conflicts);
    if (conflicts.stream().anyMatch(Conflict::held)) {
      // Nothing moves for this key until a person decides; the conflict stays detectable.
      return new Resolution(key, Resolution.Outcome.HELD_CONFLICT, base, conflicts, List.of());
    }
    return present(key, merged, conflicts);
  }

  private Resolution resolveDelete(String key, Optional<Record> base, List<Side> deleters) {
    List<String> from = deleters.stream().map(Side::endpoint).toList();
    Boolean decided = deleteDecisions.get(key);
    if (Boolean.TRUE.equals(decided)) {
      return new Resolution(key, Resolution.Outcome.DELETED, Optional.empty(), List.of(), from);
    }
    if (Boolean.FALSE.equals(decided)) {
      return base.map(b -> present(key, b, List.of()))
          .orElseGet(
              () ->
                  new Resolution(
                      key, Resolution.Outcome.ABSENT, Optional.empty(), List.of(), List.of()));
    }
    boolean guarded = from.stream().anyMatch(guardedEndpoints::contains);
    if (guarded || registry.deletes() == RegistryConfig.Deletes.HOLD) {
      return new Resolution(key, Resolution.Outcome.HELD_DELETE, base, List.of(), from);
    }
    if (registry.deletes() == RegistryConfig.Deletes.IGNORE) {
      // The delete does not count: the record stays, and is restored where it was deleted.
      return base.map(b -> present(key, b, List.of()))
          .orElseGet(
              () ->
                  new Resolution(
                      key, Resolution.Outcome.ABSENT, Optional.empty(), List.of(), List.of()));
    }
    return new Resolution(key, Resolution.Outcome.DELETED, Optional.empty(), List.of(), from);
  }

  private Record mergeFields(
      String key,
      Optional<Record> base,
      List<Side> updaters,
      Instant firstSeen,
      List<Conflict> conflicts) {
    Set<String> fields = new TreeSet<>();
    base.ifPresent(b -> fields.addAll(b.fields().keySet()));
    for (Side side : updaters) {
      fields.addAll(side.current().get().fields().keySet());
    }
    Map<String, JsonNode> out = new TreeMap<>();
    for (String field : fields) {
      JsonNode baseValue = base.map(b -> b.get(field)).orElse(NullNode.getInstance());
      Map<String, JsonNode> candidates = new LinkedHashMap<>();
      for (Side side : updaters) {
        if (side.maps(field) && (side.changed(field) || base.isEmpty())) {
          candidates.put(side.endpoint(), side.current().get().get(field));
        }
      }
      JsonNode value;
      if (candidates.isEmpty()) {
        value = baseValue;
      } else if (allSame(candidates.values())) {
        value = candidates.values().iterator().next();
      } else if (decisions.getOrDefault(key, Map.of()).containsKey(field)) {
        value = decisions.get(key).get(field);
        conflicts.add(new Conflict(key, field, baseValue, candidates, "decision"));
      } else {
        String winner = pick(candidates, updaters, firstSeen);
        conflicts.add(new Conflict(key, field, baseValue, candidates, winner));
        value = winner == null ? baseValue : candidates.get(winner);
      }
      out.put(field, value);
    }
    return new Record(key, out);
  }

  private static boolean allSame(java.util.Collection<JsonNode> values) {
    JsonNode first = null;
    for (JsonNode v : values) {
      if (first == null) {
        first = v;
      } else if (!Record.sameValue(first, v)) {
        return false;
      }
    }
    return true;
  }

  /** The winning endpoint, or {@code null} to hold the conflict for a person. */
  private String pick(Map<String, JsonNode> candidates, List<Side> updaters, Instant firstSeen) {
    Comparator<String> byHash = Comparator.comparing(e -> Record.valueHashHex(candidates.get(e)));
    return switch (registry.conflict()) {
      case MANUAL -> null;
      case CONTENT_HASH -> candidates.keySet().stream().min(byHash).orElseThrow();
      case SOURCE_PRIORITY -> {
        List<String> priority = registry.priority();
        Comparator<String> byPriority =
            Comparator.comparingInt(
                e -> priority.indexOf(e) < 0 ? Integer.MAX_VALUE : priority.indexOf(e));
        yield candidates.keySet().stream().min(byPriority.thenComparing(byHash)).orElseThrow();
      }
      case LAST_WRITE_WINS -> {
        Map<String, Instant> times = new LinkedHashMap<>();
        for (Side side : updaters) {
          times.put(side.endpoint(), side.changedAt().orElse(firstSeen));
        }
        Comparator<String> newestFirst =
            Comparator.comparing((String e) -> times.get(e)).reversed();
        yield candidates.keySet().stream().min(newestFirst.thenComparing(byHash)).orElseThrow();
      }
    };
  }

  private static Resolution present(String key, Record record, List<Conflict> conflicts) {
    return new Resolution(
        key, Resolution.Outcome.PRESENT, Optional.of(record), conflicts, List.of());
  }
}
