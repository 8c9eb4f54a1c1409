package com.chittysync.sync.engine;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Op;
import com.chittysync.connect.RecordProblem;
import com.chittysync.sync.schema.StorableText;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What one cycle decided: per endpoint, the ops that make it hold the resolved state; the keys it
 * settles; what each endpoint was seen to hold; and what waits for people.
 *
 * @param planId the plan's id
 * @param registry the registry
 * @param runId the run that made it
 * @param dryRun whether it was made by a dry run (it can still be applied later)
 * @param ops per endpoint, in registry order
 * @param settled resolutions that move the canonical state (present or deleted)
 * @param observations endpoint states that differ from their snapshots
 * @param conflicts field conflicts met, settled or held
 * @param heldDeletes deletes waiting for approval
 * @param invalid records quarantined by validation or the endpoint
 * @param reviewed keys that waited for people before this plan (open conflicts, held deletes) and
 *     that it looked at again; what it no longer holds for people is closed when it is recorded
 * @param opCounts how many ops of each kind per endpoint, in registry order: a large plan is stored
 *     a part at a time as it is made and then holds no op, settled record or observation in memory
 *     ({@link #opsHeld()}); the journal has them
 */
public record Plan(
    UUID planId,
    String registry,
    UUID runId,
    boolean dryRun,
    Map<String, List<Op>> ops,
    List<Resolution> settled,
    List<Observation> observations,
    List<Conflict> conflicts,
    List<Resolution> heldDeletes,
    List<Invalid> invalid,
    Set<String> reviewed,
    Map<String, OpCounts> opCounts) {

  public Plan {
    opCounts = Collections.unmodifiableMap(new LinkedHashMap<>(opCounts));
    reviewed = Set.copyOf(reviewed);
    ops = Collections.unmodifiableMap(new LinkedHashMap<>(ops));
    settled = List.copyOf(settled);
    observations = List.copyOf(observations);
    conflicts = List.copyOf(conflicts);
    heldDeletes = List.copyOf(heldDeletes);
    invalid = List.copyOf(invalid);
  }

  /** A plan that holds every op it counts. */
  public Plan(
      UUID planId,
      String registry,
      UUID runId,
      boolean dryRun,
      Map<String, List<Op>> ops,
      List<Resolution> settled,
      List<Observation> observations,
      List<Conflict> conflicts,
      List<Resolution> heldDeletes,
      List<Invalid> invalid,
      Set<String> reviewed) {
    this(
        planId,
        registry,
        runId,
        dryRun,
        ops,
        settled,
        observations,
        conflicts,
        heldDeletes,
        invalid,
        reviewed,
        OpCounts.of(ops));
  }

  /** How many ops of each kind one endpoint has. */
  public record OpCounts(int create, int update, int delete) {
    /** Each endpoint's counts of {@code ops}, in their order. */
    public static Map<String, OpCounts> of(Map<String, List<Op>> ops) {
      Map<String, OpCounts> out = new LinkedHashMap<>();
      ops.forEach((endpoint, list) -> out.put(endpoint, of(list)));
      return out;
    }

    /** The counts of {@code ops}. */
    public static OpCounts of(List<Op> ops) {
      int create = 0;
      int update = 0;
      int delete = 0;
      for (Op op : ops) {
        if (op instanceof Op.Create) {
          create++;
        } else if (op instanceof Op.Update) {
          update++;
        } else {
          delete++;
        }
      }
      return new OpCounts(create, update, delete);
    }

    /** These counts and {@code other}'s together. */
    public OpCounts plus(OpCounts other) {
      return new OpCounts(create + other.create, update + other.update, delete + other.delete);
    }

    public int total() {
      return create + update + delete;
    }
  }

  /**
   * What an endpoint held for a key, where it differs from the snapshot.
   *
   * @param endpoint the endpoint
   * @param key the key
   * @param remoteId its identity there
   * @param record the record, empty if the endpoint did not hold it
   */
  public record Observation(
      String endpoint, String key, Optional<String> remoteId, Optional<CanonicalRecord> record) {}

  /**
   * A quarantined record.
   *
   * @param endpoint where
   * @param key its key, or {@code null}; one PostgreSQL cannot hold is written out with escapes
   *     ({@link StorableText#storableForm(String)})
   * @param errors what is wrong, written out likewise
   */
  public record Invalid(String endpoint, String key, List<RecordProblem.FieldError> errors) {
    public Invalid {
      // A report is stored whatever it quotes: text PostgreSQL cannot hold is written out.
      key = StorableText.storableForm(key);
      errors = StorableText.storableForm(List.copyOf(errors));
    }
  }

  /** How many ops in all. */
  public int opCount() {
    return opCounts.values().stream().mapToInt(OpCounts::total).sum();
  }

  /**
   * Whether {@link #ops()}, {@link #settled()} and {@link #observations()} hold all the plan's: a
   * plan stored in parts as it was made holds none of them once it is larger than a part.
   */
  public boolean opsHeld() {
    return ops.values().stream().mapToInt(List::size).sum() == opCount();
  }

  /** Whether it needs people: quarantined records, held conflicts or held deletes. */
  public boolean needsAttention() {
    return !invalid.isEmpty()
        || !heldDeletes.isEmpty()
        || conflicts.stream().anyMatch(Conflict::held);
  }
}
