package com.chittysync.sync.state.memory;

import com.chittysync.sync.state.PlanStatus;
import com.chittysync.sync.state.RunKind;
import com.chittysync.sync.state.RunStatus;
import com.fasterxml.jackson.databind.JsonNode;
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
  final Map<String, Map<String, Map<String, Optional<String>>>> snapshots = new HashMap<>();
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

    Run(UUID runId, String registry, RunKind kind, String trigger, Instant startedAt) {
      this.runId = runId;
      this.registry = registry;
      this.kind = kind;
      this.trigger = trigger;
      this.startedAt = startedAt;
    }
  }

  record Plan(String registry, PlanStatus status) {}

  static final class Conflict {
    final String registry;
    final String recordKey;
    final String field;
    final JsonNode baseValue;
    final JsonNode candidates;
    boolean open = true;
    JsonNode resolution;

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

  record Report(String registry, String recordKey) {}

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
    for (Run run : runs) {
      if (run.runId.equals(runId)) {
        run.status = status;
        run.finishedAt = clock.instant();
        run.counts = counts.toString();
        run.error = error.orElse(null);
        return;
      }
    }
    throw new IllegalArgumentException("there is no run " + runId);
  }

  /** Stores plan {@code planId} of {@code registry}, or moves it to {@code status}. */
  public synchronized void storePlan(UUID planId, String registry, PlanStatus status) {
    ensure(registry);
    plans.put(planId, new Plan(registry, status));
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
    reports.add(new Report(registry, recordKey));
  }

  /** Records what the last sync saw of {@code recordKey} at {@code endpoint}. */
  public synchronized void putSnapshot(
      String registry, String endpoint, String recordKey, Optional<String> remoteId) {
    ensure(registry);
    Map<String, Optional<String>> held =
        snapshots
            .computeIfAbsent(registry, r -> new HashMap<>())
            .computeIfAbsent(endpoint, e -> new HashMap<>());
    // As the database's unique index does: one remote record is one key.
    held.forEach(
        (key, id) -> {
          if (remoteId.isPresent() && id.equals(remoteId) && !key.equals(recordKey)) {
            throw new IllegalStateException(
                "remote id " + remoteId.get() + " is held by key '" + key + "'");
          }
        });
    held.put(recordKey, remoteId);
  }

  /** JSON as text, the way the implementations hand stored JSON out. */
  static String text(JsonNode json) {
    return json == null ? null : json.toString();
  }
}
