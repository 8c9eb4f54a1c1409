package com.chittysync.sync.engine;

import com.chittysync.audit.log.AuditRecord;
import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.Endpoint;
import com.chittysync.connect.RecordProblem;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.json.Json;
import com.chittysync.sync.state.EngineState;
import com.chittysync.sync.state.PlanJournal;
import com.chittysync.sync.state.PlanJournal.Position;
import com.chittysync.sync.state.PlanStatus;
import com.chittysync.sync.state.RunKind;
import com.chittysync.sync.state.RunStatus;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

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
   * @param deadline for a diff run, when its full reads must stop and keep their parts: an endpoint
   *     that stops makes the run end {@code handed_over} ({@link ReadContinuesException}), and the
   *     next diff continues the read
   */
  public record Options(
      boolean dryRun,
      boolean full,
      String trigger,
      String holder,
      boolean diff,
      Deadline deadline) {
    public Options {
      Objects.requireNonNull(deadline, "deadline");
    }

    /** Options without a deadline. */
    public Options(boolean dryRun, boolean full, String trigger, String holder, boolean diff) {
      this(dryRun, full, trigger, holder, diff, Deadline.none());
    }

    /** Options of a run in one process: a sync, or a dry run. */
    public Options(boolean dryRun, boolean full, String trigger, String holder) {
      this(dryRun, full, trigger, holder, false);
    }

    /** Options of the diff function's run: plan, record what needs people, store the plan. */
    public static Options diff(boolean full, String trigger, String holder) {
      return new Options(true, full, trigger, holder, true);
    }

    /** A diff run whose full reads stop at {@code deadline} and continue in the next diff. */
    public static Options diff(boolean full, String trigger, String holder, Deadline deadline) {
      return new Options(true, full, trigger, holder, true, deadline);
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
    return run(registry, endpoints, validate, options, write, UnaryOperator.identity(), progress);
  }

  /**
   * Runs one cycle whose options {@code underLease} may still change once the registry's lease is
   * held and before anything is read or recorded: the diff function claims the registry's pending
   * sync requests there, so what it claims is exactly what this run reads after.
   */
  public Result run(
      RegistryConfig registry,
      Map<String, Endpoint> endpoints,
      Function<CanonicalRecord, List<RecordProblem.FieldError>> validate,
      Options requested,
      Write write,
      UnaryOperator<Options> underLease,
      Consumer<String> progress) {
    state.registries().ensure(registry.name());
    try (Lease lease = Lease.acquire(state.leases(), registry.name(), requested.holder())) {
      Options options = underLease.apply(requested);
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
        Plan plan;
        if (write == null) {
          // Made and stored a window of keys at a time: a large plan is never held whole.
          long[] storing = new long[1];
          UUID planId = UUID.randomUUID();
          plan =
              state
                  .journal()
                  .storeInParts(
                      new PlanJournal.Header(planId, registry.name(), runId, options.dryRun()),
                      PlanStatus.PLANNED,
                      parts ->
                          plan(
                              planId,
                              runId,
                              registry,
                              endpoints,
                              validate,
                              options,
                              null,
                              progress,
                              timings,
                              positions,
                              part -> {
                                long s = System.nanoTime();
                                parts.add(part);
                                storing[0] += System.nanoTime() - s;
                              }));
          long all = System.nanoTime() - t;
          timings.put("plan", (all - storing[0]) / 1_000_000);
          timings.put("store", storing[0] / 1_000_000);
          t = System.nanoTime();
        } else {
          plan =
              plan(
                  UUID.randomUUID(),
                  runId,
                  registry,
                  endpoints,
                  validate,
                  options,
                  write,
                  progress,
                  timings,
                  positions,
                  null);
          timings.put("plan", (System.nanoTime() - t) / 1_000_000);
          t = System.nanoTime();
          // The write is accepted (its nonce spent, its entry logged) exactly when its plan is
          // stored, and the plan is stored as already applying: if this process dies now, the
          // next run of the registry finishes it instead of superseding it.
          ObjectNode body = write.audit().deepCopy();
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
        timings.merge("store", (System.nanoTime() - t) / 1_000_000, Long::sum);
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
      } catch (ReadContinuesException e) {
        // Not a failure: the read goes on in the next diff, from what the endpoints kept.
        ObjectNode counts = Json.mapper().createObjectNode();
        ObjectNode read = counts.putObject("records_read");
        e.recordsRead().forEach(read::put);
        state.runs().finishRun(runId, RunStatus.HANDED_OVER, counts, null, null, null);
        throw e;
      } catch (RuntimeException e) {
        String code = e instanceof ChittySyncException cse ? cse.code().code() : "internal";
        state
            .runs()
            .finishRun(
                runId,
                RunStatus.FAILED,
                Json.mapper().createObjectNode(),
                null,
                code,
                e.getMessage());
        throw e;
      }
    }
  }

  /**
   * Fetches, diffs, validates, resolves and plans {@code planId}; writes nothing but what it puts
   * in {@code parts} (may be null).
   */
  Plan plan(
      UUID planId,
      UUID runId,
      RegistryConfig registry,
      Map<String, Endpoint> endpoints,
      Function<CanonicalRecord, List<RecordProblem.FieldError>> validate,
      Options options,
      Write write,
      Consumer<String> progress,
      Map<String, Long> timings,
      Map<String, Position> positions,
      PlanJournal.PlanParts parts) {
    long started = System.nanoTime();
    Instant now = clock.instant();
    EndpointReads.Reads reads =
        new EndpointReads(state).read(registry, endpoints, validate, options, write, progress, now);
    positions.putAll(reads.positions());
    timings.put("fetch", (System.nanoTime() - started) / 1_000_000);
    progress.accept("resolving");
    ChangeDetector detector = new ChangeDetector(state, registry, endpoints, reads);
    Set<String> guarded = detector.guardedEndpoints();
    Decisions decisions = Decisions.of(state.review(), registry.name(), write);
    Merger merger =
        new Merger(
            registry,
            guarded,
            decisions.fields(),
            decisions.deletes(),
            state.review().heldDeleteKeys(registry.name()));
    ChangeDetector.Changes changes = detector.changes(decisions, write);
    return new PlanBuilder(registry, detector, merger, reads)
        .build(planId, runId, endpoints.keySet(), changes, options, write, now, parts);
  }

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
}
