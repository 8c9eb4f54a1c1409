package com.chittysync.sync.engine;

import com.chittysync.audit.log.AuditRecord;
import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Endpoint;
import com.chittysync.connect.FetchRequest;
import com.chittysync.connect.FetchResult;
import com.chittysync.connect.Op;
import com.chittysync.connect.RecordProblem;
import com.chittysync.connect.RemoteRecord;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.core.ChittySyncException;
import com.chittysync.sync.keys.KeyRules;
import com.chittysync.sync.keys.LookAlikeKeys;
import com.chittysync.sync.keys.RecordGate;
import com.chittysync.sync.state.Cursors;
import com.chittysync.sync.state.DeleteDecision;
import com.chittysync.sync.state.EngineState;
import com.chittysync.sync.state.PlanJournal;
import com.chittysync.sync.state.PlanJournal.Position;
import com.chittysync.sync.state.PlanStatus;
import com.chittysync.sync.state.RunKind;
import com.chittysync.sync.state.RunStatus;
import com.chittysync.sync.state.Snapshots;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The sync cycle for one registry: fetch every endpoint, diff each against its snapshot, validate,
 * resolve every key three-way, plan, store the plan, and (unless dry-run) apply it.
 */
public final class SyncEngine {
  private final EngineState state;
  private final Clock clock;

  public SyncEngine(EngineState state, Clock clock) {
    this.state = state;
    this.clock = clock;
  }

  /**
   * How to run.
   *
   * @param dryRun plan only: store the plan, write to no endpoint and advance nothing
   * @param full scan every endpoint in full
   * @param trigger who asked: {@code cli}, {@code schedule}, {@code notion.webhook}...
   * @param holder who this process is, shown to a concurrent run
   * @param diff plan for another process to apply (the diff function): like a dry run, but what
   *     needs people (conflicts, held deletes, invalid records) is recorded for review, a plan with
   *     no op is settled at once, and the run is recorded as a {@code diff}
   */
  public record Options(boolean dryRun, boolean full, String trigger, String holder, boolean diff) {
    /** Options of a run in one process: a sync, or a dry run. */
    public Options(boolean dryRun, boolean full, String trigger, String holder) {
      this(dryRun, full, trigger, holder, false);
    }

    /** Options of the diff function's run: plan, record what needs people, store the plan. */
    public static Options diff(boolean full, String trigger, String holder) {
      return new Options(true, full, trigger, holder, true);
    }
  }

  /**
   * What a run did.
   *
   * @param runId the run
   * @param plan the plan it made
   * @param applied the apply outcome, empty for a dry run
   * @param timingsMillis how long each phase took: plan (fetch, diff, resolve), store, apply
   */
  public record Result(
      UUID runId, Plan plan, Optional<Applier.Outcome> applied, Map<String, Long> timingsMillis) {
    /** Whether every endpoint now holds the resolved state with nothing waiting for people. */
    public boolean converged() {
      return !plan.needsAttention()
          && applied.map(a -> a.failed() == 0 && a.stale() == 0).orElse(plan.opCount() == 0);
    }

    /** Why the run did not converge, one line per cause; empty when it did. */
    public List<String> reasons() {
      List<String> out = new ArrayList<>();
      count(out, plan.invalid().size(), "record(s) quarantined as invalid");
      count(
          out,
          (int) plan.conflicts().stream().filter(Conflict::held).count(),
          "conflict(s) held for a person ('chittysync conflicts list')");
      count(out, plan.heldDeletes().size(), "delete(s) held ('chittysync deletes list')");
      if (applied.isPresent()) {
        count(out, applied.get().stale(), "op(s) stale: records changed during the sync");
        count(out, applied.get().failed(), "op(s) failed");
      } else {
        count(out, plan.opCount(), "op(s) planned, not applied");
      }
      return out;
    }

    private static void count(List<String> out, int n, String what) {
      if (n > 0) {
        out.add(n + " " + what);
      }
    }
  }

  /**
   * Runs one cycle.
   *
   * @param endpoints the registry's endpoints, open, in config order
   * @param validate the registry's schema check of a canonical record
   * @param progress told what the run is doing, for a progress display
   * @throws LeaseHeldException when another run holds the registry
   */
  public Result run(
      RegistryConfig registry,
      Map<String, Endpoint> endpoints,
      Function<CanonicalRecord, List<RecordProblem.FieldError>> validate,
      Options options,
      Consumer<String> progress) {
    return run(registry, endpoints, validate, options, null, progress);
  }

  /**
   * Runs one cycle that also applies {@code write} (may be null): its changes win their fields and
   * reach every endpoint through the same plan and journal; a {@code write.accepted} entry is
   * audited before the ops it causes.
   */
  public Result run(
      RegistryConfig registry,
      Map<String, Endpoint> endpoints,
      Function<CanonicalRecord, List<RecordProblem.FieldError>> validate,
      Options options,
      Write write,
      Consumer<String> progress) {
    state.registries().ensure(registry.name());
    try (Lease lease = Lease.acquire(state.leases(), registry.name(), options.holder())) {
      UUID runId =
          state
              .runs()
              .startRun(
                  registry.name(),
                  options.diff() ? RunKind.DIFF : options.dryRun() ? RunKind.DRY_RUN : RunKind.SYNC,
                  options.trigger(),
                  options.full());
      try {
        Applier applier = new Applier(state);
        if (!options.dryRun()) {
          List<UUID> unfinishedPlans = state.journal().unfinishedPlans(registry.name());
          if (!unfinishedPlans.isEmpty()) {
            // Applying judges through each endpoint's representation, which needs its checked
            // shape (a table's column types), as a fetch would have learned it.
            endpoints.values().forEach(Endpoint::check);
          }
          for (UUID unfinished : unfinishedPlans) {
            progress.accept("finishing interrupted plan " + unfinished);
            applier.apply(unfinished, registry, endpoints, lease);
          }
        }
        Map<String, Long> timings = new LinkedHashMap<>();
        long t = System.nanoTime();
        Map<String, Position> positions = new HashMap<>();
        Plan plan =
            plan(
                runId, registry, endpoints, validate, options, write, progress, timings, positions);
        timings.put("plan", (System.nanoTime() - t) / 1_000_000);
        t = System.nanoTime();
        if (write == null) {
          state.journal().store(plan, PlanStatus.PLANNED, null);
        } else {
          // The write is accepted (its nonce spent, its entry logged) exactly when its plan is
          // stored, and the plan is stored as already applying: if this process dies now, the
          // next run of the registry finishes it instead of superseding it.
          com.fasterxml.jackson.databind.node.ObjectNode body = write.audit().deepCopy();
          body.put("plan_id", plan.planId().toString());
          body.put("run_id", runId.toString());
          state
              .journal()
              .store(
                  plan,
                  PlanStatus.APPLYING,
                  new PlanJournal.Acceptance(
                      write.accept(),
                      List.of(new AuditRecord("write.accepted", write.actor(), body))));
        }
        // The positions travel with the plan: whoever applies it completely moves them on.
        state.journal().savePositions(plan.planId(), positions);
        timings.put("store", (System.nanoTime() - t) / 1_000_000);
        Optional<Applier.Outcome> outcome = Optional.empty();
        // Before the apply: a run stopped while applying has still listed what it held, and the
        // run that finishes its plan holds it again rather than deciding afresh.
        if (!options.dryRun() || options.diff()) {
          state.review().recordAttention(plan);
        }
        // A diff whose plan has no op settles it at once, under this run's lease: applying it
        // writes to no endpoint, only the snapshots and fetch positions.
        boolean settle = options.diff() && plan.opCount() == 0;
        if (!options.dryRun() || settle) {
          progress.accept("applying " + plan.opCount() + " op(s)");
          t = System.nanoTime();
          outcome = Optional.of(applier.apply(plan, registry, endpoints, lease));
          timings.put("apply", (System.nanoTime() - t) / 1_000_000);
        }
        Result result = new Result(runId, plan, outcome, timings);
        state
            .runs()
            .finishRun(
                runId, status(result, options), RunCounts.of(result), plan.planId(), null, null);
        return result;
      } catch (RuntimeException e) {
        String code = e instanceof ChittySyncException cse ? cse.code().code() : "internal";
        state
            .runs()
            .finishRun(
                runId,
                RunStatus.FAILED,
                com.chittysync.core.json.Json.mapper().createObjectNode(),
                null,
                code,
                e.getMessage());
        throw e;
      }
    }
  }

  /** How often an endpoint that can read incrementally is still read in full, to see deletions. */
  static final java.time.Duration FULL_SCAN_EVERY = java.time.Duration.ofHours(1);

  /** A full scan unless the endpoint can read incrementally from a recent enough position. */
  private static FetchRequest fetchRequest(
      Endpoint endpoint, Cursors.CursorState state, Options options, Instant now) {
    if (options.full()
        || state == null
        || state.cursor().isEmpty()
        || state.lastFullScan().isEmpty()
        || state.lastFullScan().get().plus(FULL_SCAN_EVERY).isBefore(now)
        || !endpoint.capabilities().incremental()) {
      return FetchRequest.fullScan();
    }
    return new FetchRequest(false, state.cursor());
  }

  /** Fetches, diffs, validates, resolves and plans; writes nothing. */
  Plan plan(
      UUID runId,
      RegistryConfig registry,
      Map<String, Endpoint> endpoints,
      Function<CanonicalRecord, List<RecordProblem.FieldError>> validate,
      Options options,
      Write write,
      Consumer<String> progress,
      Map<String, Long> timings,
      Map<String, Position> positions) {
    long started = System.nanoTime();
    Instant now = clock.instant();
    Map<String, Map<String, RemoteRecord>> fetched = new LinkedHashMap<>();
    Map<String, Boolean> complete = new HashMap<>();
    Map<String, Set<String>> deleted = new HashMap<>();
    Map<String, Map<String, Snapshots.SnapshotHash>> snapshotHashes = new HashMap<>();
    Map<String, Map<String, byte[]>> fetchedHashes = new HashMap<>();
    Map<String, Set<String>> readOnly = new HashMap<>();
    List<Plan.Invalid> invalid = new ArrayList<>();
    Set<String> quarantined = new HashSet<>();
    Map<String, Set<String>> heldKeys = new LinkedHashMap<>();
    // Endpoints are fetched, and the stored snapshots' and base's hashes read, concurrently: the
    // waits are on different servers (or different backends of one), and parsing overlaps I/O.
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(
            Math.min(8, 1 + 2 * endpoints.size()),
            r -> {
              Thread thread = new Thread(r, "sync-fetch");
              thread.setDaemon(true);
              return thread;
            });
    Map<String, byte[]> baseHashes;
    Map<String, Cursors.CursorState> cursors = state.cursors().cursors(registry.name());
    Set<String> awaitingPeople = state.review().keysAwaitingPeople(registry.name());
    try {
      Map<String, java.util.concurrent.Future<FetchResult>> fetches = new LinkedHashMap<>();
      Map<String, java.util.concurrent.Future<Map<String, Snapshots.SnapshotHash>>> snapshotReads =
          new LinkedHashMap<>();
      for (Map.Entry<String, Endpoint> entry : endpoints.entrySet()) {
        Endpoint endpoint = entry.getValue();
        progress.accept("fetching " + entry.getKey());
        // A dry run writes nothing anywhere; the diff function's plan is applied later, so its
        // fetch may do what fetching needs.
        FetchRequest request =
            fetchRequest(endpoint, cursors.get(entry.getKey()), options, now)
                .withDryRun(options.dryRun() && !options.diff());
        if (!request.full()) {
          request = request.withRecheck(awaitingPeople);
        }
        FetchRequest asked = request;
        fetches.put(
            entry.getKey(),
            pool.submit(
                () -> {
                  endpoint.check();
                  return endpoint.fetch(asked);
                }));
        snapshotReads.put(
            entry.getKey(),
            pool.submit(() -> state.snapshots().snapshotHashes(registry.name(), entry.getKey())));
      }
      java.util.concurrent.Future<Map<String, byte[]>> baseRead =
          pool.submit(() -> state.canonical().baseHashes(registry.name()));
      for (Map.Entry<String, Endpoint> entry : endpoints.entrySet()) {
        String name = entry.getKey();
        FetchResult result = await(fetches.get(name));
        readOnly.put(name, entry.getValue().capabilities().readOnlyFields());
        List<RemoteRecord> records = result.records();
        Map<String, Snapshots.SnapshotHash> known = await(snapshotReads.get(name));
        byte[][] hashes = new byte[records.size()][];
        // A record unchanged since the endpoint's last sync was validated then; --full checks all.
        List<List<RecordProblem.FieldError>> errors =
            java.util.stream.IntStream.range(0, records.size())
                .parallel()
                .mapToObj(
                    i -> {
                      RemoteRecord r = records.get(i);
                      // Before hashing and whatever the hash: a key rule may be newer than the
                      // snapshot, and text PostgreSQL cannot hold fails wherever it is stored.
                      List<RecordProblem.FieldError> refused =
                          RecordGate.refusals(registry.key(), r.record());
                      if (!refused.isEmpty()) {
                        return refused;
                      }
                      hashes[i] = r.record().contentHash();
                      Snapshots.SnapshotHash snap = known.get(r.key());
                      boolean unchanged = snap != null && Arrays.equals(snap.hash(), hashes[i]);
                      return unchanged && !options.full()
                          ? List.<RecordProblem.FieldError>of()
                          : validate.apply(r.record());
                    })
                .toList();
        Map<String, RemoteRecord> byKey = new HashMap<>(records.size() * 2);
        Map<String, byte[]> hashByKey = new HashMap<>(records.size() * 2);
        for (int i = 0; i < records.size(); i++) {
          RemoteRecord r = records.get(i);
          if (!errors.get(i).isEmpty()) {
            invalid.add(new Plan.Invalid(name, r.key(), errors.get(i)));
            quarantined.add(r.key());
          }
          byKey.put(r.key(), r);
          hashByKey.put(r.key(), hashes[i]);
        }
        for (RecordProblem p : result.problems()) {
          invalid.add(new Plan.Invalid(name, p.key(), p.errors()));
          if (p.key() != null) {
            quarantined.add(p.key());
          }
        }
        frozenSpellings(registry, name, byKey, known, invalid, quarantined);
        fetched.put(name, byKey);
        fetchedHashes.put(name, hashByKey);
        result.nextCursor().ifPresent(c -> positions.put(name, new Position(c, result.complete())));
        complete.put(name, result.complete());
        snapshotHashes.put(name, known);
        deleted.put(
            name, result.complete() ? Set.of() : deletedSince(result, byKey, known, quarantined));
        heldKeys.put(name, LookAlikeKeys.held(result, known.keySet(), deleted.get(name)));
      }
      if (write != null) {
        // A written key is one more spelling held: one that looks like a key an endpoint holds
        // (typed there since the last sync, or quarantined there) would become a second record.
        Set<String> written = new HashSet<>();
        write.changes().forEach((key, change) -> change.ifPresent(c -> written.add(key)));
        heldKeys.put(Write.SIDE, written);
      }
      List<Plan.Invalid> refused = new ArrayList<>();
      for (LookAlikeKeys.Duplicate d : LookAlikeKeys.find(registry.key(), heldKeys)) {
        if (d.endpoint().equals(Write.SIDE)) {
          refused.add(new Plan.Invalid(d.endpoint(), d.key(), List.of(d.error())));
          continue;
        }
        invalid.add(new Plan.Invalid(d.endpoint(), d.key(), List.of(d.error())));
        quarantined.add(d.key());
      }
      if (!refused.isEmpty()) {
        throw new WriteRefusedException(refused);
      }
      baseHashes = await(baseRead);
    } finally {
      pool.shutdownNow();
    }
    timings.put("fetch", (System.nanoTime() - started) / 1_000_000);
    progress.accept("resolving");
    Set<String> guarded = guardedEndpoints(registry, fetched, complete, snapshotHashes);
    Map<String, Map<String, com.fasterxml.jackson.databind.JsonNode>> decisions =
        new HashMap<>(state.review().decisions(registry.name()));
    Map<String, Boolean> deleteDecisions = new HashMap<>();
    state
        .review()
        .deleteDecisions(registry.name())
        .forEach((key, decision) -> deleteDecisions.put(key, decision == DeleteDecision.APPROVED));
    if (write != null) {
      // A write wins every field it sets, and its deletes need no approval.
      write
          .changes()
          .forEach(
              (key, change) -> {
                if (change.isPresent()) {
                  decisions.computeIfAbsent(key, k -> new HashMap<>()).putAll(change.get());
                } else {
                  deleteDecisions.put(key, true);
                }
              });
    }
    Merger merger =
        new Merger(
            registry,
            guarded,
            decisions,
            deleteDecisions,
            state.review().heldDeleteKeys(registry.name()));
    Set<String> all = new HashSet<>(baseHashes.keySet());
    fetched.values().forEach(m -> all.addAll(m.keySet()));
    snapshotHashes.values().forEach(m -> all.addAll(m.keySet()));
    all.removeAll(quarantined);
    if (write != null) {
      all.addAll(write.changes().keySet());
    }
    // Most keys of a registry are quiet between two syncs: every endpoint still holds what it
    // held, which is the canonical record. Their hashes say so; only the others are read in full
    // and merged.
    Set<String> keys = new TreeSet<>();
    for (String key : all) {
      if (!quiet(key, baseHashes, fetchedHashes, snapshotHashes, complete, deleted)
          || decisions.containsKey(key)
          || deleteDecisions.containsKey(key)) {
        keys.add(key);
      }
    }
    Map<String, CanonicalRecord> base =
        state.canonical().base(registry.name(), intersect(keys, baseHashes.keySet()));
    Map<String, Map<String, Snapshots.Snapshot>> snapshots = new HashMap<>();
    for (String name : endpoints.keySet()) {
      snapshots.put(
          name,
          state
              .snapshots()
              .snapshots(
                  registry.name(), name, intersect(keys, snapshotHashes.get(name).keySet())));
    }

    Map<String, List<Op>> ops = new LinkedHashMap<>();
    endpoints.keySet().forEach(e -> ops.put(e, new ArrayList<>()));
    List<Resolution> settled = new ArrayList<>();
    List<Plan.Observation> observations = new ArrayList<>();
    List<Conflict> conflicts = new ArrayList<>();
    List<Resolution> heldDeletes = new ArrayList<>();
    int opNo = 0;
    for (String key : keys) {
      List<Side> sides = new ArrayList<>(endpoints.size());
      for (Map.Entry<String, Endpoint> entry : endpoints.entrySet()) {
        String name = entry.getKey();
        Endpoint endpoint = entry.getValue();
        Optional<RemoteRecord> fetchedNow = Optional.ofNullable(fetched.get(name).get(key));
        Optional<Snapshots.Snapshot> snapshot = Optional.ofNullable(snapshots.get(name).get(key));
        // A snapshot stored before the endpoint declared its representation may hold a value it
        // cannot: compared as the endpoint holds it, it is no change.
        Optional<CanonicalRecord> snapshotRecord =
            snapshot.map(s -> endpoint.represent(s.record()));
        Optional<CanonicalRecord> current =
            Side.currentAfterRead(
                fetchedNow.map(RemoteRecord::record),
                complete.get(name),
                deleted.get(name).contains(key),
                snapshotRecord);
        sides.add(
            new Side(
                name,
                snapshotRecord,
                current,
                true,
                fetchedNow.flatMap(RemoteRecord::modifiedAt),
                fetchedNow
                    .map(RemoteRecord::remoteId)
                    .or(() -> snapshot.flatMap(Snapshots.Snapshot::remoteId)),
                mapped(registry, name),
                endpoint::represent));
      }
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
        Optional<Op> op = Planner.plan(opNo, resolution, side, readOnly.get(side.endpoint()));
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
        invalid,
        // A key quarantined now is not seen as it is: what waited on it still waits.
        difference(awaitingPeople, quarantined));
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.removeAll(b);
    return out;
  }

  /**
   * A record quarantined at endpoint {@code name} for its key whose plain spelling ({@link
   * KeyRules#plainForm}) is a key the endpoint held and no longer returns is that record, its key
   * misspelt (a trailing space typed into a sheet, a zero-width space pasted into Notion). Its old
   * key is not deleted anywhere: it is held as it is, and reported, until the key is put right.
   */
  private static void frozenSpellings(
      RegistryConfig registry,
      String name,
      Map<String, RemoteRecord> byKey,
      Map<String, Snapshots.SnapshotHash> known,
      List<Plan.Invalid> invalid,
      Set<String> quarantined) {
    List<Plan.Invalid> found = new ArrayList<>();
    for (Plan.Invalid i : invalid) {
      if (!i.endpoint().equals(name) || i.key() == null) {
        continue;
      }
      String plain = KeyRules.plainForm(i.key());
      if (!plain.equals(i.key())
          && known.containsKey(plain)
          && !byKey.containsKey(plain)
          && !quarantined.contains(plain)) {
        quarantined.add(plain);
        found.add(
            new Plan.Invalid(
                name,
                plain,
                List.of(
                    new RecordProblem.FieldError(
                        KeyRules.path(registry.key()),
                        "not deleted: the record is still at "
                            + name
                            + ", its key now spelt \""
                            + com.chittysync.sync.schema.UnicodeText.visible(i.key())
                            + "\"; it is held as it was everywhere until the key is put right"))));
      }
    }
    invalid.addAll(found);
  }

  /** The value of {@code future}, rethrowing what the task threw as it was. */
  private static <T> T await(java.util.concurrent.Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChittySyncException(
          com.chittysync.core.ErrorCode.SYNC_FAILED, "interrupted while fetching");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new ChittySyncException(
          com.chittysync.core.ErrorCode.SYNC_FAILED, "fetch failed: " + e.getCause(), e.getCause());
    }
  }

  /**
   * Whether nothing happened to {@code key} since the last sync: it is canonical and every
   * endpoint's snapshot holds the canonical record, and every endpoint that was read still holds it
   * (an incremental read that did not return it says nothing changed there).
   */
  /**
   * How a run ended: {@code converged}, {@code attention} (something waits for a person, or an op
   * did not apply), or for a diff whose plan waits for the apply function, {@code planned}.
   */
  private static RunStatus status(Result result, Options options) {
    if (result.converged()) {
      return RunStatus.CONVERGED;
    }
    if (options.diff() && !result.plan().needsAttention()) {
      return RunStatus.PLANNED;
    }
    return RunStatus.ATTENTION;
  }

  /** The canonical fields endpoint {@code name} maps; null when it maps them all. */
  private static Set<String> mapped(RegistryConfig registry, String name) {
    com.chittysync.connect.config.EndpointConfig endpoint = registry.endpoints().get(name);
    return endpoint == null || endpoint.fields().isEmpty() ? null : endpoint.fields().keySet();
  }

  private static boolean quiet(
      String key,
      Map<String, byte[]> baseHashes,
      Map<String, Map<String, byte[]>> fetchedHashes,
      Map<String, Map<String, Snapshots.SnapshotHash>> snapshotHashes,
      Map<String, Boolean> complete,
      Map<String, Set<String>> deleted) {
    byte[] base = baseHashes.get(key);
    if (base == null) {
      return false;
    }
    for (Map.Entry<String, Map<String, byte[]>> endpoint : fetchedHashes.entrySet()) {
      Snapshots.SnapshotHash snap = snapshotHashes.get(endpoint.getKey()).get(key);
      if (snap == null || !Arrays.equals(snap.hash(), base)) {
        return false;
      }
      byte[] now = endpoint.getValue().get(key);
      boolean gone =
          complete.get(endpoint.getKey()) || deleted.get(endpoint.getKey()).contains(key);
      if (now == null ? gone : !Arrays.equals(now, base)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The keys an incremental read says the endpoint no longer holds: those it reports deleted, and
   * those whose record now carries another key (the read returned its remote identity under a new
   * key, so the old key is gone there). A key the read returned is not deleted.
   */
  private static Set<String> deletedSince(
      FetchResult result,
      Map<String, RemoteRecord> byKey,
      Map<String, Snapshots.SnapshotHash> snapshots,
      Set<String> quarantined) {
    Set<String> out = new HashSet<>(result.deleted());
    Map<String, String> returnedKeyByRemoteId = new HashMap<>();
    for (RemoteRecord r : byKey.values()) {
      returnedKeyByRemoteId.put(r.remoteId(), r.key());
    }
    if (!returnedKeyByRemoteId.isEmpty()) {
      for (Map.Entry<String, Snapshots.SnapshotHash> snapshot : snapshots.entrySet()) {
        String now = snapshot.getValue().remoteId().map(returnedKeyByRemoteId::get).orElse(null);
        if (now != null && !now.equals(snapshot.getKey())) {
          out.add(snapshot.getKey());
        }
      }
    }
    out.removeAll(byKey.keySet());
    out.removeAll(quarantined);
    return out;
  }

  private static Set<String> intersect(Set<String> keys, Set<String> known) {
    Set<String> out = new HashSet<>();
    for (String key : keys) {
      if (known.contains(key)) {
        out.add(key);
      }
    }
    return out;
  }

  /** Endpoints whose fetch misses more than the delete guard's share of the records they held. */
  private static Set<String> guardedEndpoints(
      RegistryConfig registry,
      Map<String, Map<String, RemoteRecord>> fetched,
      Map<String, Boolean> complete,
      Map<String, Map<String, Snapshots.SnapshotHash>> snapshots) {
    Set<String> guarded = new HashSet<>();
    for (String name : fetched.keySet()) {
      Map<String, Snapshots.SnapshotHash> known = snapshots.get(name);
      if (!complete.get(name) || known.isEmpty()) {
        continue;
      }
      long missing = known.keySet().stream().filter(k -> !fetched.get(name).containsKey(k)).count();
      if ((double) missing / known.size() > registry.deleteGuard()) {
        guarded.add(name);
      }
    }
    return guarded;
  }
}
