package com.chittysync.sync.state.memory;

import com.chittysync.audit.log.AuditRecord;
import com.chittysync.audit.log.CommitKey;
import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Op;
import com.chittysync.sync.engine.OpStatus;
import com.chittysync.sync.state.PlanJournal;
import com.chittysync.sync.state.PlanStatus;
import com.chittysync.sync.state.RunKind;
import com.chittysync.sync.state.RunStatus;
import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The rows of one in-memory state, shared by the {@code Memory*} implementations made on it, and
 * the writes the engine makes (runs, plans, review queues, snapshots) for tests to stage what a run
 * would have left. Every access holds this object's lock.
 */
public final class MemoryState {
  final Clock clock;
  final Map<String, Registry> registries = new LinkedHashMap<>();
  final Map<String, Lease> leases = new HashMap<>();
  final List<Run> runs = new ArrayList<>();
  final Map<UUID, Plan> plans = new HashMap<>();
  final TreeMap<Long, Conflict> conflicts = new TreeMap<>();
  final TreeMap<Long, HeldDelete> heldDeletes = new TreeMap<>();
  final List<Report> reports = new ArrayList<>();

  /** Registry, endpoint, key: what the endpoint held at its last sync. */
  final Map<String, Map<String, Map<String, Snapshot>>> snapshots = new HashMap<>();

  /** Registry, key: the canonical record. */
  final Map<String, Map<String, Canonical>> canonical = new HashMap<>();

  /** Registry, endpoint: where its fetch left off. */
  final Map<String, Map<String, Cursor>> cursors = new HashMap<>();

  final List<AuditRecord> audited = new ArrayList<>();
  private CommitKey commitKey;
  private long nextId = 1;

  /** A state whose leases and runs keep the system clock's time. */
  public MemoryState() {
    this(Clock.systemUTC());
  }

  /** A state whose leases and runs keep {@code clock}'s time (a test moves it on). */
  public MemoryState(Clock clock) {
    this.clock = clock;
  }

  static final class Registry {
    Instant lastScheduledAt;
  }

  record Lease(String holder, UUID token, Instant expiresAt) {}

  static final class Run {
    final UUID runId;
    final String registry;
    final RunKind kind;
    final String trigger;
    final Instant startedAt;
    RunStatus status = RunStatus.RUNNING;
    Instant finishedAt;
    String counts = "{}";
    String error;
    String errorCode;
    UUID planId;

    Run(UUID runId, String registry, RunKind kind, String trigger, Instant startedAt) {
      this.runId = runId;
      this.registry = registry;
      this.kind = kind;
      this.trigger = trigger;
      this.startedAt = startedAt;
    }
  }

  /** A stored plan and its journal. */
  static final class Plan {
    final String registry;
    PlanStatus status;
    long generation;
    UUID runId;
    Instant appliedAt;

    /** Ops by endpoint, in op order. */
    final Map<String, List<Op>> ops = new LinkedHashMap<>();

    /** The records the plan settled, by key. */
    final Map<String, Resolved> records = new LinkedHashMap<>();

    final List<Observed> observations = new ArrayList<>();
    final List<Batch> batches = new ArrayList<>();
    Map<String, PlanJournal.Position> positions = Map.of();

    Plan(String registry, PlanStatus status) {
      this.registry = registry;
      this.status = status;
    }

    String registry() {
      return registry;
    }

    PlanStatus status() {
      return status;
    }
  }

  /** A plan's resolved record of a key: null record when deleted. */
  record Resolved(CanonicalRecord record, boolean deleted) {
    byte[] hash() {
      return record == null ? null : record.contentHash();
    }
  }

  /**
   * What a plan saw an endpoint hold for a key: {@code record} null and {@code matches} when it is
   * the plan's resolved record, both null/false when the endpoint did not hold the key.
   */
  record Observed(
      String endpoint,
      String key,
      Optional<String> remoteId,
      CanonicalRecord record,
      boolean matches,
      byte[] hash) {}

  /** A recorded batch: its ops, and those that did not take effect. */
  record Batch(String endpoint, List<Integer> opNos, Map<Integer, OpStatus> unsettled) {}

  /** A snapshot: {@code record} null when it is kept by hash only. */
  record Snapshot(Optional<String> remoteId, CanonicalRecord record, byte[] hash) {}

  record Canonical(CanonicalRecord record, byte[] hash, boolean deleted) {}

  record Cursor(Optional<String> cursor, Optional<Instant> lastFullScan) {}

  static final class Conflict {
    final String registry;
    final String recordKey;
    final String field;
    final JsonNode baseValue;
    JsonNode candidates;
    boolean open = true;
    JsonNode resolution;
    UUID runId;

    Conflict(
        String registry, String recordKey, String field, JsonNode baseValue, JsonNode candidates) {
      this.registry = registry;
      this.recordKey = recordKey;
      this.field = field;
      this.baseValue = baseValue;
      this.candidates = candidates;
    }
  }

  static final class HeldDelete {
    final String registry;
    final String recordKey;
    final String sourceEndpoint;
    final String reason;
    final Instant createdAt;
    String status = "held";
    String decidedBy;
    Instant decidedAt;
    UUID runId;

    HeldDelete(
        String registry,
        String recordKey,
        String sourceEndpoint,
        String reason,
        Instant createdAt) {
      this.registry = registry;
      this.recordKey = recordKey;
      this.sourceEndpoint = sourceEndpoint;
      this.reason = reason;
      this.createdAt = createdAt;
    }
  }

  record Report(UUID runId, String registry, String endpoint, String recordKey) {}

  /** Records {@code registry} if it is new; the caller holds the lock. */
  void ensure(String registry) {
    registries.computeIfAbsent(registry, r -> new Registry());
  }

  /** Records that a run of {@code registry} started at {@code startedAt}; returns its id. */
  public synchronized UUID startRun(
      String registry, RunKind kind, String trigger, Instant startedAt) {
    ensure(registry);
    UUID id = UUID.randomUUID();
    runs.add(new Run(id, registry, kind, trigger, startedAt));
    return id;
  }

  /**
   * Records how run {@code runId} ended, now by the clock.
   *
   * @param counts what it did, as JSON
   */
  public synchronized void finishRun(
      UUID runId, RunStatus status, JsonNode counts, Optional<String> error) {
    finishRun(runId, status, counts, null, null, error.orElse(null));
  }

  /** Records how run {@code runId} ended, now by the clock; the caller holds the lock. */
  void finishRun(
      UUID runId, RunStatus status, JsonNode counts, UUID planId, String errorCode, String error) {
    for (Run run : runs) {
      if (run.runId.equals(runId)) {
        run.status = status;
        run.finishedAt = clock.instant();
        run.counts = counts.toString();
        run.planId = planId;
        run.errorCode = errorCode;
        run.error = error;
        return;
      }
    }
    // As the database's UPDATE of no row: nothing happens.
  }

  /** The audit entries the engine appended, in order. */
  public synchronized List<AuditRecord> audited() {
    return List.copyOf(audited);
  }

  /** The key this state's audit entries commit with, made on first use. */
  public synchronized CommitKey commitKey() {
    if (commitKey == null) {
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      commitKey = CommitKey.of(secret);
    }
    return commitKey;
  }

  /** Stores plan {@code planId} of {@code registry}, or moves it to {@code status}. */
  public synchronized void storePlan(UUID planId, String registry, PlanStatus status) {
    ensure(registry);
    Plan plan = plans.get(planId);
    if (plan != null) {
      plan.status = status;
      return;
    }
    plan = new Plan(registry, status);
    plan.generation = nextGeneration(registry);
    plans.put(planId, plan);
  }

  /**
   * Opens a conflict on {@code field} of record {@code recordKey}; returns its id.
   *
   * @param baseValue the last synced value, null when there was none
   * @param candidates each endpoint's value, by endpoint
   */
  public synchronized long openConflict(
      String registry, String recordKey, String field, JsonNode baseValue, JsonNode candidates) {
    ensure(registry);
    long id = nextId++;
    conflicts.put(id, new Conflict(registry, recordKey, field, baseValue, candidates.deepCopy()));
    return id;
  }

  /** Holds the delete of record {@code recordKey} for approval; returns its id. */
  public synchronized long holdDelete(
      String registry, String recordKey, String sourceEndpoint, String reason) {
    ensure(registry);
    long id = nextId++;
    heldDeletes.put(
        id, new HeldDelete(registry, recordKey, sourceEndpoint, reason, clock.instant()));
    return id;
  }

  /** Reports record {@code recordKey} of {@code registry} invalid (quarantined). */
  public synchronized void reportInvalid(String registry, String recordKey) {
    ensure(registry);
    reports.add(new Report(null, registry, null, recordKey));
  }

  /** Records what the last sync saw of {@code recordKey} at {@code endpoint}. */
  public synchronized void putSnapshot(
      String registry, String endpoint, String recordKey, Optional<String> remoteId) {
    ensure(registry);
    Map<String, Snapshot> held =
        snapshots
            .computeIfAbsent(registry, r -> new HashMap<>())
            .computeIfAbsent(endpoint, e -> new HashMap<>());
    // As the database's unique index does: one remote record is one key.
    held.forEach(
        (key, snapshot) -> {
          if (remoteId.isPresent()
              && snapshot.remoteId().equals(remoteId)
              && !key.equals(recordKey)) {
            throw new IllegalStateException(
                "remote id " + remoteId.get() + " is held by key '" + key + "'");
          }
        });
    CanonicalRecord empty = new CanonicalRecord(recordKey, Map.of());
    held.put(recordKey, new Snapshot(remoteId, empty, empty.contentHash()));
  }

  /** The generation a new plan of {@code registry} takes; the caller holds the lock. */
  long nextGeneration(String registry) {
    return plans.values().stream()
            .filter(p -> p.registry.equals(registry))
            .mapToLong(p -> p.generation)
            .max()
            .orElse(0)
        + 1;
  }

  /** JSON as text, the way the implementations hand stored JSON out. */
  static String text(JsonNode json) {
    return json == null ? null : json.toString();
  }
}
