package com.chittysync.sync.engine;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Op;
import com.chittysync.connect.config.RegistryConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
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
   * The plan of run {@code runId} for {@code changes}.
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
    Map<String, CanonicalRecord> base = changes.base();
    Map<String, List<Op>> ops = new LinkedHashMap<>();
    endpoints.forEach(e -> ops.put(e, new ArrayList<>()));
    List<Resolution> settled = new ArrayList<>();
    List<Plan.Observation> observations = new ArrayList<>();
    List<Conflict> conflicts = new ArrayList<>();
    List<Resolution> heldDeletes = new ArrayList<>();
    int opNo = 0;
    for (String key : changes.keys()) {
      List<Side> sides = detector.sides(key, changes);
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
    return new Plan(
        UUID.randomUUID(),
        registry.name(),
        runId,
        options.dryRun(),
        ops,
        settled,
        observations,
        conflicts,
        heldDeletes,
        reads.invalid(),
        // A key quarantined now is not seen as it is: what waited on it still waits.
        difference(reads.awaitingPeople(), reads.quarantined()));
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.removeAll(b);
    return out;
  }
}
