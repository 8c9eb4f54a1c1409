package com.chittysync.sync.state.memory;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Op;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.sync.engine.OpStatus;
import com.chittysync.sync.engine.Plan;
import com.chittysync.sync.engine.Resolution;
import com.chittysync.sync.state.PlanJournal;
import com.chittysync.sync.state.PlanStatus;
import com.chittysync.sync.state.PlanSupersededException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * {@link PlanJournal} in a {@link MemoryState}. Each call holds the state's lock and changes
 * nothing until it cannot fail, so each is atomic like the JDBC implementation's transaction.
 */
public final class MemoryPlanJournal implements PlanJournal {
  private static final CanonicalRecord EMPTY = new CanonicalRecord("", Map.of());

  private final MemoryState state;

  public MemoryPlanJournal(MemoryState state) {
    this.state = state;
  }

  @Override
  public void store(Plan plan, PlanStatus status, Acceptance acceptance) {
    if (acceptance != null && acceptance.work() != null) {
      throw new UnsupportedOperationException(
          "an in-memory state cannot run SQL in a plan's transaction");
    }
    synchronized (state) {
      state.ensure(plan.registry());
      for (MemoryState.Plan p : state.plans.values()) {
        if (p.registry.equals(plan.registry()) && p.status == PlanStatus.PLANNED) {
          p.status = PlanStatus.SUPERSEDED;
        }
      }
      MemoryState.Plan stored = new MemoryState.Plan(plan.registry(), status);
      stored.generation = state.nextGeneration(plan.registry());
      stored.runId = plan.runId();
      plan.ops().forEach((endpoint, ops) -> stored.ops.put(endpoint, List.copyOf(ops)));
      Map<String, CanonicalRecord> resolved = new HashMap<>();
      for (Resolution r : plan.settled()) {
        stored.records.put(
            r.key(),
            new MemoryState.Resolved(
                r.record().orElse(null), r.outcome() == Resolution.Outcome.DELETED));
        r.record().ifPresent(record -> resolved.put(r.key(), record));
      }
      for (Plan.Observation o : plan.observations()) {
        CanonicalRecord seen = o.record().orElse(null);
        CanonicalRecord mine = resolved.get(o.key());
        boolean matches = seen != null && mine != null && seen.fields().equals(mine.fields());
        stored.observations.add(
            new MemoryState.Observed(
                o.endpoint(),
                o.key(),
                o.remoteId(),
                matches ? null : seen,
                matches,
                matches || seen == null ? null : seen.contentHash()));
      }
      if (acceptance != null) {
        state.audited.addAll(acceptance.entries());
      }
      state.plans.put(plan.planId(), stored);
    }
  }

  @Override
  public void savePositions(UUID planId, Map<String, Position> positions) {
    if (positions.isEmpty()) {
      return;
    }
    synchronized (state) {
      MemoryState.Plan plan = state.plans.get(planId);
      if (plan != null) {
        plan.positions = Map.copyOf(positions);
      }
    }
  }

  @Override
  public Begun pendingOps(UUID planId, String endpoint, int afterOpNo, int limit) {
    synchronized (state) {
      MemoryState.Plan plan = state.plans.get(planId);
      if (plan == null) {
        throw new ChittySyncException(ErrorCode.SYNC_FAILED, "no plan " + planId);
      }
      Set<Integer> done = recorded(plan, endpoint);
      List<Op> ops = new ArrayList<>();
      for (Op op : plan.ops.getOrDefault(endpoint, List.of())) {
        if (op.opNo() > afterOpNo && !done.contains(op.opNo())) {
          ops.add(op);
        }
      }
      ops.sort(Comparator.comparingInt(Op::opNo));
      List<Op> chunk = List.copyOf(ops.subList(0, Math.min(limit, ops.size())));
      Map<String, byte[]> resolved = new HashMap<>();
      for (Op op : chunk) {
        MemoryState.Resolved r = plan.records.get(op.key());
        if (r != null && r.record() != null) {
          resolved.put(op.key(), r.hash());
        }
      }
      Map<String, List<Op>> pending = new LinkedHashMap<>();
      pending.put(endpoint, chunk);
      return new Begun(pending, resolved);
    }
  }

  @Override
  public Begun begin(UUID planId, String registry, Collection<String> endpoints, boolean fresh) {
    synchronized (state) {
      MemoryState.Plan plan = state.plans.get(planId);
      if (plan == null) {
        throw new ChittySyncException(ErrorCode.SYNC_FAILED, "no plan " + planId);
      }
      if (!plan.registry.equals(registry)) {
        throw new ChittySyncException(
            ErrorCode.SYNC_FAILED,
            "plan " + planId + " belongs to registry '" + plan.registry + "'");
      }
      if (fresh && plan.status != PlanStatus.PLANNED && plan.status != PlanStatus.APPLYING) {
        throw new ChittySyncException(
            ErrorCode.INTERNAL, "plan " + planId + " is " + plan.status.wire() + ", not new");
      }
      if (plan.status == PlanStatus.SUPERSEDED) {
        throw new PlanSupersededException(planId);
      }
      if (plan.status == PlanStatus.PLANNED) {
        plan.status = PlanStatus.APPLYING;
      }
      Map<String, List<Op>> pending = new LinkedHashMap<>();
      Map<String, byte[]> resolved = new HashMap<>();
      if (!fresh) {
        for (String endpoint : endpoints) {
          Set<Integer> done = recorded(plan, endpoint);
          List<Op> ops = new ArrayList<>();
          for (Op op : plan.ops.getOrDefault(endpoint, List.of())) {
            if (!done.contains(op.opNo())) {
              ops.add(op);
              MemoryState.Resolved r = plan.records.get(op.key());
              if (r != null && r.record() != null) {
                resolved.put(op.key(), r.hash());
              }
            }
          }
          ops.sort(Comparator.comparingInt(Op::opNo));
          pending.put(endpoint, ops);
        }
      }
      return new Begun(pending, resolved);
    }
  }

  /** The op numbers of {@code endpoint} some batch of {@code plan} recorded. */
  private static Set<Integer> recorded(MemoryState.Plan plan, String endpoint) {
    Set<Integer> out = new HashSet<>();
    for (MemoryState.Batch b : plan.batches) {
      if (b.endpoint().equals(endpoint)) {
        out.addAll(b.opNos());
      }
    }
    return out;
  }

  @Override
  public void recordBatch(UUID planId, String registry, String endpoint, Batch batch) {
    // Everything that can fail first: nothing is kept of a batch that cannot be recorded whole.
    Map<String, MemoryState.Snapshot> upserts = new LinkedHashMap<>();
    for (SnapshotRow row : batch.upserts()) {
      upserts.put(
          row.key(),
          new MemoryState.Snapshot(
              Optional.ofNullable(row.remoteId()),
              row.recordJson() == null
                  ? null
                  : CanonicalRecord.fromJson(row.key(), row.recordJson()),
              row.hash().clone()));
    }
    synchronized (state) {
      MemoryState.Plan plan = state.plans.get(planId);
      if (plan == null) {
        throw new ChittySyncException(ErrorCode.DATABASE_ERROR, "no plan " + planId);
      }
      plan.batches.add(
          new MemoryState.Batch(
              endpoint,
              List.copyOf(batch.opNos()),
              batch.unsettled().entrySet().stream()
                  .collect(
                      java.util.stream.Collectors.toUnmodifiableMap(
                          Map.Entry::getKey, e -> e.getValue().status()))));
      Map<String, MemoryState.Snapshot> held = held(registry, endpoint);
      held.putAll(upserts);
      batch.deletes().forEach(held::remove);
      state.audited.addAll(batch.entries());
    }
  }

  @Override
  public void finish(UUID planId, String registry) {
    synchronized (state) {
      MemoryState.Plan plan = state.plans.get(planId);
      if (plan == null) {
        return;
      }
      // The ops this plan applied, from its batches' outcomes.
      Set<String> applied = new HashSet<>();
      int appliedCount = 0;
      for (MemoryState.Batch b : plan.batches) {
        Map<Integer, Op> byNo = new HashMap<>();
        plan.ops.getOrDefault(b.endpoint(), List.of()).forEach(op -> byNo.put(op.opNo(), op));
        for (Integer opNo : b.opNos()) {
          Op op = byNo.get(opNo);
          if (op != null && !b.unsettled().containsKey(opNo)) {
            applied.add(b.endpoint() + "\u0000" + op.key());
            appliedCount++;
          }
        }
      }
      Map<String, MemoryState.Canonical> canonical =
          state.canonical.computeIfAbsent(registry, r -> new HashMap<>());
      // A snapshot kept by hash only is the canonical record it hashes to: where this plan
      // changes that record, such snapshots take their record first.
      for (Map.Entry<String, MemoryState.Resolved> e : plan.records.entrySet()) {
        MemoryState.Canonical c = canonical.get(e.getKey());
        if (c == null || Arrays.equals(e.getValue().hash(), c.hash())) {
          continue;
        }
        for (Map<String, MemoryState.Snapshot> held :
            state.snapshots.getOrDefault(registry, Map.of()).values()) {
          MemoryState.Snapshot s = held.get(e.getKey());
          if (s != null && s.record() == null && Arrays.equals(s.hash(), c.hash())) {
            held.put(e.getKey(), new MemoryState.Snapshot(s.remoteId(), c.record(), s.hash()));
          }
        }
      }
      // The canonical state the plan settled.
      plan.records.forEach(
          (key, r) ->
              canonical.put(
                  key,
                  new MemoryState.Canonical(
                      r.record() == null ? new CanonicalRecord(key, Map.of()) : r.record(),
                      r.record() == null ? EMPTY.contentHash() : r.hash(),
                      r.deleted())));
      // What each endpoint was seen to hold, where no op of this plan changed it since.
      for (MemoryState.Observed o : plan.observations) {
        if (applied.contains(o.endpoint() + "\u0000" + o.key())) {
          continue;
        }
        Map<String, MemoryState.Snapshot> held = held(registry, o.endpoint());
        if (o.record() != null || o.matches()) {
          MemoryState.Resolved r = plan.records.get(o.key());
          byte[] hash = o.hash() != null ? o.hash() : r == null ? null : r.hash();
          held.put(o.key(), new MemoryState.Snapshot(o.remoteId(), o.record(), hash));
        } else {
          held.remove(o.key());
        }
      }
      int opCount = plan.ops.values().stream().mapToInt(List::size).sum();
      plan.appliedAt = state.clock.instant();
      plan.status = opCount > appliedCount ? PlanStatus.PARTIAL : PlanStatus.APPLIED;
      // Only a plan that settled everything moves the fetch positions on.
      if (plan.status == PlanStatus.APPLIED) {
        plan.positions.forEach(
            (endpoint, p) ->
                MemoryCursors.save(state, registry, endpoint, p.cursor(), p.fullScan()));
      }
    }
  }

  @Override
  public List<UUID> unfinishedPlans(String registry) {
    synchronized (state) {
      TreeMap<Long, UUID> out = new TreeMap<>();
      state.plans.forEach(
          (id, p) -> {
            if (p.registry.equals(registry) && p.status == PlanStatus.APPLYING) {
              out.put(p.generation, id);
            }
          });
      return new ArrayList<>(out.values());
    }
  }

  @Override
  public Set<String> endpointsWithPendingOps(UUID planId) {
    synchronized (state) {
      Set<String> out = new HashSet<>();
      MemoryState.Plan plan = state.plans.get(planId);
      if (plan == null) {
        return out;
      }
      plan.ops.forEach(
          (endpoint, ops) -> {
            if (ops.size() > recorded(plan, endpoint).size()) {
              out.add(endpoint);
            }
          });
      return out;
    }
  }

  @Override
  public Progress progress(UUID planId) {
    synchronized (state) {
      MemoryState.Plan plan = state.plans.get(planId);
      if (plan == null) {
        return new Progress(0, 0, 0, 0);
      }
      int total = plan.ops.values().stream().mapToInt(List::size).sum();
      int settled = 0;
      int stale = 0;
      int failed = 0;
      for (MemoryState.Batch b : plan.batches) {
        settled += b.opNos().size();
        for (OpStatus status : b.unsettled().values()) {
          if (status == OpStatus.SKIPPED_STALE) {
            stale++;
          } else {
            failed++;
          }
        }
      }
      return new Progress(total, settled - stale - failed, stale, failed);
    }
  }

  private Map<String, MemoryState.Snapshot> held(String registry, String endpoint) {
    return state
        .snapshots
        .computeIfAbsent(registry, r -> new HashMap<>())
        .computeIfAbsent(endpoint, e -> new HashMap<>());
  }
}
