package com.chittysync.sync.state;

import com.chittysync.audit.log.AuditRecord;
import com.chittysync.connect.Op;
import com.chittysync.store.SqlWork;
import com.chittysync.sync.engine.OpStatus;
import com.chittysync.sync.engine.Plan;
import com.chittysync.sync.engine.Resolution;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * Stored plans and their op journal, which make an apply resumable: a crash at any point followed
 * by a re-run finishes the plan with no duplicate and no lost change.
 *
 * <p>A plan is stored whole ({@link #store}), begun once ({@link #begin}), each applied batch's
 * outcome is recorded together with the endpoint's snapshots and the audit entries of what took
 * effect ({@link #recordBatch}), and finishing it ({@link #finish}) settles the canonical records,
 * the snapshots of untouched keys, the plan's status and, when every op applied, the fetch
 * positions.
 */
public interface PlanJournal {
  /** Where an endpoint's fetch left off, moved on when the plan applies completely. */
  record Position(String cursor, boolean fullScan) {}

  /**
   * What storing a plan also does in its transaction: spends a write request's nonce, logs its
   * acceptance. Either commits with the plan or not at all.
   *
   * @param work SQL on the plan's transaction (a nonce store's), or null; only a state on a
   *     database can run it
   * @param entries audit entries appended in the same transaction
   */
  record Acceptance(SqlWork<Void> work, List<AuditRecord> entries) {}

  /**
   * Stores {@code plan} with its ops, resolved records and observations in one transaction, with
   * {@code status} ({@code PLANNED}, or {@code APPLYING} for a plan that must be finished rather
   * than superseded if this process dies). Supersedes the registry's older plans still {@code
   * PLANNED}. The caller has recorded the registry ({@link RegistryRows#ensure}).
   *
   * @param acceptance done in the same transaction first, or null
   */
  void store(Plan plan, PlanStatus status, Acceptance acceptance);

  /**
   * A plan's identity, known before its contents: a plan stored in parts ({@link #storeInParts}).
   */
  record Header(UUID planId, String registry, UUID runId, boolean dryRun) {}

  /** Where a plan made a part at a time puts each part. */
  interface PlanParts {
    /**
     * Stores {@code part}: some keys' ops, settled resolutions and observations (its other contents
     * are ignored). A key's ops, resolution and observations are in one part.
     */
    void add(Plan part);
  }

  /**
   * Stores a plan as {@link #store} does, made and stored a part at a time so that no more than a
   * part is held: {@code build} puts each part, and returns the plan's rest (conflicts, held
   * deletes, invalid records, reviewed keys, op counts). The plan is {@code status} once the last
   * part is stored, and superseded until then: a process that dies while making it leaves a plan
   * nobody applies. The caller has recorded the registry ({@link RegistryRows#ensure}).
   *
   * <p>The default gathers the parts and stores them as one plan.
   */
  default Plan storeInParts(Header header, PlanStatus status, Function<PlanParts, Plan> build) {
    Map<String, List<Op>> ops = new LinkedHashMap<>();
    List<Resolution> settled = new ArrayList<>();
    List<Plan.Observation> observations = new ArrayList<>();
    Plan rest =
        build.apply(
            part -> {
              part.ops()
                  .forEach(
                      (e, list) -> ops.computeIfAbsent(e, k -> new ArrayList<>()).addAll(list));
              settled.addAll(part.settled());
              observations.addAll(part.observations());
            });
    Map<String, List<Op>> ordered = new LinkedHashMap<>();
    rest.opCounts().keySet().forEach(e -> ordered.put(e, ops.getOrDefault(e, List.of())));
    ops.forEach(ordered::putIfAbsent);
    store(
        new Plan(
            header.planId(),
            header.registry(),
            header.runId(),
            header.dryRun(),
            ordered,
            settled,
            observations,
            rest.conflicts(),
            rest.heldDeletes(),
            rest.invalid(),
            rest.reviewed()),
        status,
        null);
    return rest;
  }

  /** Records with plan {@code planId} where each endpoint's fetch left off. */
  void savePositions(UUID planId, Map<String, Position> positions);

  /**
   * What {@link #begin} found: the ops still to apply, by endpoint in op order, and the content
   * hash of the resolved record of each of their keys that has one.
   */
  record Begun(Map<String, List<Op>> pending, Map<String, byte[]> resolvedHashes) {}

  /**
   * Begins (or resumes) applying plan {@code planId}: checks it is {@code registry}'s and not
   * superseded, moves it from {@code PLANNED} to {@code APPLYING}, and reads its pending ops for
   * {@code endpoints}, once.
   *
   * @param fresh the caller stored the plan itself and holds its ops: the plan must be {@code
   *     PLANNED} or {@code APPLYING}, and no op is read back ({@link Begun#pending} is empty)
   * @throws com.chittysync.core.ChittySyncException {@code sync.failed} when there is no such plan,
   *     it is another registry's, or it was superseded; {@code internal} when {@code fresh} and it
   *     is further on
   */
  Begun begin(UUID planId, String registry, Collection<String> endpoints, boolean fresh);

  /**
   * Some of the ops of plan {@code planId}, begun, still to apply at {@code endpoint}: those
   * numbered above {@code afterOpNo}, at most {@code limit} of them, in op order, with the resolved
   * hashes of their keys; so an apply reads a large plan a chunk at a time.
   */
  Begun pendingOps(UUID planId, String endpoint, int afterOpNo, int limit);

  /** Why an op of a batch did not take effect. */
  record Unsettled(OpStatus status, String error) {}

  /**
   * A snapshot to store: what an endpoint holds for a key after an op.
   *
   * @param recordJson the record, or null when it is exactly the plan's resolved record (kept by
   *     hash only: it becomes the canonical record when the plan finishes)
   */
  record SnapshotRow(String key, String remoteId, String recordJson, byte[] hash) {}

  /**
   * An applied batch's outcome.
   *
   * @param opNos every op of the batch, in order; at least one
   * @param unsettled the ops that did not take effect, by op number
   * @param upserts the endpoint's snapshots after the ops that took effect and leave a record
   * @param deletes keys whose record the ops that took effect deleted
   * @param entries one audit entry per op that took effect
   */
  record Batch(
      List<Integer> opNos,
      Map<Integer, Unsettled> unsettled,
      List<SnapshotRow> upserts,
      List<String> deletes,
      List<AuditRecord> entries) {}

  /**
   * Records {@code batch}, applied to {@code endpoint}: its outcome, the endpoint's snapshots and
   * the audit entries, in one transaction. Its ops are no longer pending.
   */
  void recordBatch(UUID planId, String registry, String endpoint, Batch batch);

  /**
   * Finishes plan {@code planId} in one transaction: its resolved records become the canonical
   * records; each endpoint's snapshot of a key no applied op touched becomes what the plan observed
   * there; the plan becomes {@code APPLIED}, or {@code PARTIAL} when some op did not take effect;
   * and only when it is {@code APPLIED} do the fetch positions move on.
   */
  void finish(UUID planId, String registry);

  /** Plans of {@code registry} left {@code APPLYING} (a crash), oldest first. */
  List<UUID> unfinishedPlans(String registry);

  /** The endpoints that have ops of plan {@code planId} still to apply. */
  Set<String> endpointsWithPendingOps(UUID planId);

  /**
   * How far applying a plan has got, over every invocation that applied part of it.
   *
   * @param total the plan's ops
   * @param applied ops that took effect
   * @param stale ops skipped because the record changed since planning
   * @param failed ops the endpoint refused
   */
  record Progress(int total, int applied, int stale, int failed) {
    /** Ops no batch has settled yet. */
    public int pending() {
      return total - applied - stale - failed;
    }
  }

  /** How far applying plan {@code planId} has got; all zero when there is no such plan. */
  Progress progress(UUID planId);
}
