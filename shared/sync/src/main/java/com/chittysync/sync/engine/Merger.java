package com.chittysync.sync.engine;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.config.RegistryConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.time.Duration;
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
  private final Set<String> heldDeletes;

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
    this(registry, guardedEndpoints, decisions, deleteDecisions, Set.of());
  }

  /**
   * @param heldDeletes keys whose delete an earlier run held and nobody has decided: a delete held
   *     for approval waits for it, even where this cycle's delete guard would let it through
   */
  public Merger(
      RegistryConfig registry,
      Set<String> guardedEndpoints,
      Map<String, Map<String, JsonNode>> decisions,
      Map<String, Boolean> deleteDecisions,
      Set<String> heldDeletes) {
    this.registry = registry;
    this.guardedEndpoints = Set.copyOf(guardedEndpoints);
    this.decisions = Map.copyOf(decisions);
    this.deleteDecisions = Map.copyOf(deleteDecisions);
    this.heldDeletes = Set.copyOf(heldDeletes);
  }

  /**
   * Resolves {@code key}.
   *
   * @param base the last synced canonical record, empty if never synced or deleted
   * @param sides every endpoint's view, in the registry's endpoint order
   */
  public Resolution resolve(String key, Optional<CanonicalRecord> base, List<Side> sides) {
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
      return resolveDelete(key, base, deleters, sides);
    }
    // An update anywhere beats a delete elsewhere: the deleting endpoints get the record back.
    List<Conflict> conflicts = new ArrayList<>();
    CanonicalRecord merged = mergeFields(key, base, updaters, conflicts);
    if (conflicts.stream().anyMatch(Conflict::held)) {
      // Nothing moves for this key until a person decides; the conflict stays detectable.
      return new Resolution(key, Resolution.Outcome.HELD_CONFLICT, base, conflicts, List.of());
    }
    return present(key, merged, conflicts);
  }

  private Resolution resolveDelete(
      String key, Optional<CanonicalRecord> base, List<Side> deleters, List<Side> sides) {
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
    // A delete made everywhere leaves nothing to hold back: people removed the record from every
    // endpoint. The delete guard still holds it, as its reads may be what is wrong.
    boolean goneEverywhere = sides.stream().allMatch(s -> s.current().isEmpty());
    boolean hold = registry.deletes() == RegistryConfig.Deletes.HOLD || heldDeletes.contains(key);
    if (guarded || (hold && !goneEverywhere)) {
      String why =
          guarded
              ? "delete guard: "
                  + String.join(", ", from.stream().filter(guardedEndpoints::contains).toList())
                  + " missed more than "
                  + percent(registry.deleteGuard())
                  + " of the records it held in one read, so every delete from it waits for a"
                  + " person"
              : heldDeletes.contains(key)
                  ? "held earlier: waits for a decision"
                  : "held: this registry's deletes need approval (deletes: hold)";
      return new Resolution(key, Resolution.Outcome.HELD_DELETE, base, List.of(), from, why);
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

  private CanonicalRecord mergeFields(
      String key, Optional<CanonicalRecord> base, List<Side> updaters, List<Conflict> conflicts) {
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
      Optional<JsonNode> agreed = agreed(key, field, candidates, updaters);
      if (candidates.isEmpty()) {
        value = baseValue;
      } else if (agreed.isPresent()) {
        value = agreed.get();
      } else if (decisions.getOrDefault(key, Map.of()).containsKey(field)) {
        value = decisions.get(key).get(field);
        conflicts.add(new Conflict(key, field, baseValue, candidates, "decision", "decision"));
      } else {
        Pick pick = pick(candidates, updaters);
        conflicts.add(new Conflict(key, field, baseValue, candidates, pick.winner(), pick.rule()));
        value = pick.winner() == null ? baseValue : candidates.get(pick.winner());
      }
      out.put(field, value);
    }
    return new CanonicalRecord(key, out);
  }

  /**
   * The value every changing endpoint agrees on, if there is one: a candidate that each endpoint
   * would hold as the value it holds. Endpoints that cannot tell two values apart (a Notion
   * checkbox's {@code false} and a PostgreSQL {@code NULL}) agree, and the value that says more
   * wins, so no endpoint loses what it can hold.
   */
  private static Optional<JsonNode> agreed(
      String key, String field, Map<String, JsonNode> candidates, List<Side> updaters) {
    Map<String, Side> byEndpoint = new LinkedHashMap<>();
    updaters.forEach(side -> byEndpoint.put(side.endpoint(), side));
    for (JsonNode candidate : candidates.values()) {
      boolean all = true;
      for (Map.Entry<String, JsonNode> other : candidates.entrySet()) {
        Side side = byEndpoint.get(other.getKey());
        boolean holds =
            side == null
                ? CanonicalRecord.sameValue(candidate, other.getValue())
                : side.holdsAs(key, field, candidate, other.getValue());
        if (!holds) {
          all = false;
          break;
        }
      }
      if (all) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  /** A conflict's winner ({@code null} to hold it for a person) and the rule that chose it. */
  private record Pick(String winner, String rule) {}

  /**
   * Within this, two edits are not told apart by time: Notion dates its changes to the minute, so
   * an edit made 40 seconds after another can carry the earlier stamp.
   */
  static final Duration CLOCK_GRAIN = Duration.ofMinutes(1);

  private Pick pick(Map<String, JsonNode> candidates, List<Side> updaters) {
    return switch (registry.conflict()) {
      case MANUAL -> new Pick(null, "manual");
      case CONTENT_HASH -> byContentHash(candidates, "content-hash");
      case SOURCE_PRIORITY -> bySourcePriority(candidates, "source-priority");
      case LAST_WRITE_WINS -> byLastWrite(candidates, updaters);
    };
  }

  private static Pick byContentHash(Map<String, JsonNode> candidates, String rule) {
    Comparator<String> byHash =
        Comparator.comparing(e -> CanonicalRecord.valueHashHex(candidates.get(e)));
    return new Pick(candidates.keySet().stream().min(byHash).orElseThrow(), rule);
  }

  private Pick bySourcePriority(Map<String, JsonNode> candidates, String rule) {
    Comparator<String> byHash =
        Comparator.comparing(e -> CanonicalRecord.valueHashHex(candidates.get(e)));
    List<String> priority = registry.priority();
    Comparator<String> byPriority =
        Comparator.comparingInt(
            e -> priority.indexOf(e) < 0 ? Integer.MAX_VALUE : priority.indexOf(e));
    return new Pick(
        candidates.keySet().stream().min(byPriority.thenComparing(byHash)).orElseThrow(), rule);
  }

  /**
   * The newest change wins, where every changing endpoint dates its change and the newest is
   * clearly newest. An endpoint that cannot date its changes (a table without an {@code updated_at}
   * column) must not win by a clock that favours it, such as when this run first saw the change;
   * nor can edits within one {@link #CLOCK_GRAIN} be ordered. Such a conflict is settled by the
   * registry's fallback (its priority list if it has one, else the content hash), and the conflict
   * says so.
   */
  private Pick byLastWrite(Map<String, JsonNode> candidates, List<Side> updaters) {
    Map<String, Instant> times = new LinkedHashMap<>();
    List<String> undated = new ArrayList<>();
    for (Side side : updaters) {
      if (!candidates.containsKey(side.endpoint())) {
        continue;
      }
      if (side.changedAt().isPresent()) {
        times.put(side.endpoint(), side.changedAt().get());
      } else {
        undated.add(side.endpoint());
      }
    }
    String why;
    if (undated.isEmpty()) {
      List<String> newestFirst = new ArrayList<>(times.keySet());
      newestFirst.sort(Comparator.comparing((String e) -> times.get(e)).reversed());
      Instant newest = times.get(newestFirst.get(0));
      Instant runnerUp = times.get(newestFirst.get(1));
      if (Duration.between(runnerUp, newest).compareTo(CLOCK_GRAIN) >= 0) {
        return new Pick(newestFirst.get(0), "last-write-wins");
      }
      why = "changes at " + String.join(" and ", newestFirst) + " within a minute of each other";
    } else {
      why = String.join(", ", undated) + " cannot date its change";
    }
    return registry.priority().isEmpty()
        ? byContentHash(candidates, "last-write-wins undecided (" + why + "): content-hash")
        : bySourcePriority(candidates, "last-write-wins undecided (" + why + "): source-priority");
  }

  private static Resolution present(String key, CanonicalRecord record, List<Conflict> conflicts) {
    return new Resolution(
        key, Resolution.Outcome.PRESENT, Optional.of(record), conflicts, List.of());
  }

  private static String percent(double share) {
    double p = share * 100;
    return (p == Math.rint(p) ? String.valueOf((long) p) : String.valueOf(p)) + "%";
  }
}
