package com.chittysync.sync.engine;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Op;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.sync.state.PlanJournal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Builds a run's plan from the changed keys: resolves each with the {@link Merger}, turns each
 * resolution into every endpoint's op with the {@link Planner}, and gathers what the plan settles,
 * observes and holds for people. Writes nothing.
 */
final class PlanBuilder {
  /** How many keys' base and snapshots are read at a time. */
  static final int WINDOW = 5000;

  /**
   * How many ops, settled records and observations a plan stored in parts still holds in memory: a
   * plan this small is applied from memory, a larger one from the journal.
   */
  static final int HELD = 20_000;

  private final RegistryConfig registry;
  private final ChangeDetector detector;
  private final Merger merger;
  private final EndpointReads.Reads reads;

  PlanBuilder(
      RegistryConfig registry, ChangeDetector detector, Merger merger, EndpointReads.Reads reads) {
    this.registry = registry;
    this.detector = detector;
    this.merger = merger;
    this.reads = reads;
  }

  /**
   * The plan of run {@code runId} for {@code changes}, held whole.
   *
   * @param write the write this run applies, or null: it is one more side of each key it changes
   * @param now when the run started, the time of the write's changes
   */
  Plan build(
      UUID runId,
      Set<String> endpoints,
      ChangeDetector.Changes changes,
      SyncEngine.Options options,
      Write write,
      Instant now) {
    return build(UUID.randomUUID(), runId, endpoints, changes, options, write, now, null);
  }

  /**
   * The plan {@code planId} of run {@code runId} for {@code changes}, its ops, settled records and
   * observations put in {@code parts} (may be null) a window of keys at a time. The plan returned
   * holds them too while they are few ({@link #HELD}), none once they are more ({@link
   * Plan#opsHeld()}); with no {@code parts}, all of them.
   */
  Plan build(
      UUID planId,
      UUID runId,
      Set<String> endpoints,
      ChangeDetector.Changes changes,
      SyncEngine.Options options,
      Write write,
      Instant now,
      PlanJournal.PlanParts parts) {
    Map<String, List<Op>> heldOps = new LinkedHashMap<>();
    endpoints.forEach(e -> heldOps.put(e, new ArrayList<>()));
    List<Resolution> heldSettled = new ArrayList<>();
    List<Plan.Observation> heldObservations = new ArrayList<>();
    boolean holding = true;
    Map<String, Plan.OpCounts> counts = new LinkedHashMap<>();
    endpoints.forEach(e -> counts.put(e, new Plan.OpCounts(0, 0, 0)));
    Map<String, List<Op>> ops = new LinkedHashMap<>();
    List<Resolution> settled = new ArrayList<>();
    List<Plan.Observation> observations = new ArrayList<>();
    List<Conflict> conflicts = new ArrayList<>();
    List<Resolution> heldDeletes = new ArrayList<>();
    int opNo = 0;
    Iterator<String> keys = changes.keys().iterator();
    List<String> windowKeys = new ArrayList<>(WINDOW);
    while (keys.hasNext()) {
      endpoints.forEach(e -> ops.put(e, new ArrayList<>()));
      settled.clear();
      observations.clear();
      windowKeys.clear();
      while (keys.hasNext() && windowKeys.size() < WINDOW) {
        windowKeys.add(keys.next());
      }
      ChangeDetector.Window window = detector.window(windowKeys);
      Map<String, CanonicalRecord> base = window.base();
      for (String key : windowKeys) {
        List<Side> sides = detector.sides(key, window);
        Optional<CanonicalRecord> baseRecord = Optional.ofNullable(base.get(key));
        if (write != null && write.changes().containsKey(key)) {
          Optional<CanonicalRecord> written =
              write
                  .changes()
                  .get(key)
                  .map(f -> baseRecord.orElse(new CanonicalRecord(key, Map.of())).with(f));
          sides.add(
              new Side(Write.SIDE, baseRecord, written, true, Optional.of(now), Optional.empty()));
        }
        Resolution resolution = merger.resolve(key, baseRecord, sides);
        conflicts.addAll(resolution.conflicts());
        boolean held =
            resolution.outcome() == Resolution.Outcome.HELD_DELETE
                || resolution.outcome() == Resolution.Outcome.HELD_CONFLICT;
        if (resolution.outcome() == Resolution.Outcome.HELD_DELETE) {
          heldDeletes.add(resolution);
        }
        if (held) {
          continue;
        }
        boolean baseChanges =
            switch (resolution.outcome()) {
              case PRESENT ->
                  baseRecord.isEmpty()
                      || !baseRecord.get().fields().equals(resolution.record().get().fields());
              case DELETED -> baseRecord.isPresent() || base.containsKey(key);
              default -> false;
            };
        if (baseChanges || resolution.outcome() == Resolution.Outcome.DELETED) {
          settled.add(resolution);
        }
        for (Side side : sides) {
          if (side.endpoint().equals(Write.SIDE)) {
            continue;
          }
          Optional<Op> op =
              Planner.plan(opNo, resolution, side, reads.readOnly().get(side.endpoint()));
          if (op.isPresent()) {
            ops.get(side.endpoint()).add(op.get());
            opNo++;
          }
          if (side.known() && side.changed()) {
            observations.add(
                new Plan.Observation(side.endpoint(), key, side.remoteId(), side.current()));
          }
        }
      }
      ops.forEach((e, list) -> counts.merge(e, Plan.OpCounts.of(list), Plan.OpCounts::plus));
      if (parts != null) {
        parts.add(
            new Plan(
                planId,
                registry.name(),
                runId,
                options.dryRun(),
                ops,
                settled,
                observations,
                List.of(),
                List.of(),
                List.of(),
                Set.of()));
      }
      if (holding) {
        ops.forEach((e, list) -> heldOps.computeIfAbsent(e, k -> new ArrayList<>()).addAll(list));
        heldSettled.addAll(settled);
        heldObservations.addAll(observations);
        int held =
            heldOps.values().stream().mapToInt(List::size).sum()
                + heldSettled.size()
                + heldObservations.size();
        if (parts != null && held > HELD) {
          // The journal has them; memory keeps no more than a window's.
          holding = false;
          heldOps.values().forEach(List::clear);
          heldSettled.clear();
          heldObservations.clear();
        }
      }
    }
    return new Plan(
        planId,
        registry.name(),
        runId,
        options.dryRun(),
        heldOps,
        heldSettled,
        heldObservations,
        conflicts,
        heldDeletes,
        reads.invalid(),
        // A key quarantined now is not seen as it is: what waited on it still waits.
        difference(reads.awaitingPeople(), reads.quarantined()),
        counts);
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.removeAll(b);
    return out;
  }
}
