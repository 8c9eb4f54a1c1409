package com.chittysync.pipeline;

import com.chittysync.connect.config.SyncConfig;
import com.chittysync.observe.metrics.Metrics;
import com.chittysync.pipeline.events.EventSink;
import com.chittysync.pipeline.events.PlanReady;
import com.chittysync.pipeline.events.SyncRequested;
import com.chittysync.pipeline.notify.RunNotifier;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.engine.Deadline;
import com.chittysync.sync.engine.LeaseHeldException;
import com.chittysync.sync.engine.ReadContinuesException;
import com.chittysync.sync.engine.SyncEngine;
import com.chittysync.sync.state.PendingSyncs;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The diff function's service: on {@code SyncRequested}, fetches every endpoint of the registry,
 * diffs, validates and resolves, stores the plan and records the run; a plan with ops is announced
 * with {@code PlanReady} for the apply function.
 *
 * <p>A plan without ops is settled here and now (its snapshots and fetch positions recorded, no
 * endpoint written), so a quiet registry costs one invocation. A plan some process began to apply
 * and did not finish is announced again instead of planning anew: it must be finished first.
 *
 * <p>Given the time its invocation has left, a full read that cannot finish stops before the
 * hand-over margin, the endpoints keep what they read, and the diff asks for another full diff of
 * the registry ({@code SyncRequested}), which continues the read where it stopped.
 *
 * <p>Requests are coalesced ({@link PendingSyncs}): once the registry's lease is held, and before
 * any endpoint is read, the run claims the registry's pending sync, and covers every request merged
 * into it (a full read if any asked for one) besides its own event's. A request after the claim
 * puts a new event, whose sync waits for this one. The event always syncs, even when there is
 * nothing to claim (a retried event whose first attempt claimed it): a sync that fails after the
 * claim gives what it claimed back, and its retried event claims it again.
 */
public final class DiffService {
  private static final Logger LOG = LoggerFactory.getLogger(DiffService.class);

  private final SyncService sync;
  private final EventSink events;
  private final PendingSyncs pending;
  private final HandOver handOver;
  private final RunNotifier notifier;

  /**
   * A service that coalesces nothing: for pipelines whose producers publish every request (the
   * demo's in-process bus, the engine's tests).
   *
   * @param sync the engine
   * @param events the bus
   */
  public DiffService(SyncService sync, EventSink events) {
    this(sync, events, PendingSyncs.NONE);
  }

  /**
   * @param sync the engine
   * @param events the bus
   * @param pending the registries' pending sync requests, which the producers record
   */
  public DiffService(SyncService sync, EventSink events, PendingSyncs pending) {
    this(sync, events, pending, new HandOver(HandOver.DEFAULT_MARGIN, Clock.systemUTC()));
  }

  /**
   * @param sync the engine
   * @param events the bus
   * @param pending the registries' pending sync requests, which the producers record
   * @param handOver when a diff given its remaining time stops reading and hands over
   */
  public DiffService(SyncService sync, EventSink events, PendingSyncs pending, HandOver handOver) {
    this(sync, events, pending, handOver, RunNotifier.disabled());
  }

  /**
   * @param sync the engine
   * @param events the bus
   * @param pending the registries' pending sync requests, which the producers record
   * @param handOver when a diff given its remaining time stops reading and hands over
   * @param notifier tells a chat channel when the registry's state changes, after each diff
   */
  public DiffService(
      SyncService sync,
      EventSink events,
      PendingSyncs pending,
      HandOver handOver,
      RunNotifier notifier) {
    this.sync = sync;
    this.events = events;
    this.pending = pending;
    this.handOver = handOver;
    this.notifier = notifier;
  }

  /**
   * What a diff did.
   *
   * @param registry the registry
   * @param status {@code planned} (PlanReady put), {@code settled} (nothing to apply), {@code
   *     finishing} (an unfinished plan announced again), {@code reading} (a full read goes on in
   *     the next diff, asked for with SyncRequested) or {@code unknown_registry} (ignored)
   * @param planId the plan announced or settled, if any
   * @param ops the plan's op count
   */
  public record Outcome(String registry, String status, Optional<UUID> planId, int ops) {}

  /**
   * Handles one {@code SyncRequested}.
   *
   * @param registry the registry to sync
   * @param reason why ({@code schedule}, {@code notion.webhook}, ...), recorded as the run's
   *     trigger
   * @param full whether to scan every endpoint in full
   * @param holder who this invocation is, shown to a concurrent run
   * @throws com.chittysync.core.ChittySyncException when the sync fails ({@code lease.held} while
   *     another run holds the registry): the invocation fails and is retried
   */
  public Outcome onSyncRequested(String registry, String reason, boolean full, String holder) {
    return onSyncRequested(registry, reason, full, holder, Deadline.none(), new Metrics());
  }

  /**
   * Handles one {@code SyncRequested}, recording what happened in {@code metrics}: what the plan
   * holds for people, its duration, and the run's outcome when it ends here.
   *
   * @throws com.chittysync.core.ChittySyncException as {@link #onSyncRequested(String, String,
   *     boolean, String)}
   */
  public Outcome onSyncRequested(
      String registry, String reason, boolean full, String holder, Metrics metrics) {
    return onSyncRequested(registry, reason, full, holder, Deadline.none(), metrics);
  }

  /**
   * Handles one {@code SyncRequested} in an invocation with {@code remaining} time left: a full
   * read that cannot finish before the hand-over margin goes on in the next diff.
   *
   * @throws com.chittysync.core.ChittySyncException as {@link #onSyncRequested(String, String,
   *     boolean, String)}
   */
  public Outcome onSyncRequested(
      String registry, String reason, boolean full, String holder, Duration remaining) {
    return onSyncRequested(
        registry, reason, full, holder, handOver.deadline(remaining), new Metrics());
  }

  /**
   * Handles one {@code SyncRequested} in an invocation with {@code remaining} time left, recording
   * what happened in {@code metrics}.
   *
   * @throws com.chittysync.core.ChittySyncException as {@link #onSyncRequested(String, String,
   *     boolean, String)}
   */
  public Outcome onSyncRequested(
      String registry,
      String reason,
      boolean full,
      String holder,
      Duration remaining,
      Metrics metrics) {
    return onSyncRequested(registry, reason, full, holder, handOver.deadline(remaining), metrics);
  }

  private Outcome onSyncRequested(
      String registry,
      String reason,
      boolean full,
      String holder,
      Deadline deadline,
      Metrics metrics) {
    try {
      return plan(registry, reason, full, holder, deadline, metrics);
    } catch (LeaseHeldException e) {
      // Another run holds the registry: this invocation is retried, no run failed.
      LOG.warn("registry '{}' waits: {}", registry, e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      RunMetrics.failed(metrics, registry);
      LOG.error("registry '{}': the diff failed", registry, e);
      throw e;
    } finally {
      // After the run is recorded, failed ones included; never throws.
      notifier.afterRun(registry);
    }
  }

  private Outcome plan(
      String registry,
      String reason,
      boolean full,
      String holder,
      Deadline deadline,
      Metrics metrics) {
    SyncConfig config = sync.config(Optional.empty());
    if (!config.registries().containsKey(registry)) {
      // Not an error worth retrying: the config no longer has it (or the request came from
      // another deployment). Retrying would only fill the dead-letter queue. Its pending requests
      // go too: no event would ever claim them.
      LOG.warn("SyncRequested for registry '{}', which the config does not define", registry);
      pending.claim(registry);
      return new Outcome(registry, "unknown_registry", Optional.empty(), 0);
    }
    List<UUID> unfinished = sync.unfinishedPlans(registry);
    if (!unfinished.isEmpty()) {
      UUID planId = unfinished.get(0);
      LOG.info("registry '{}' has unfinished plan {}: announcing it again", registry, planId);
      events.publish(List.of(PlanReady.uncounted(registry, planId)));
      // This event read nothing, so the requests pending stay; the next one puts an event again.
      pending.rearm(registry);
      return new Outcome(registry, "finishing", Optional.of(planId), -1);
    }
    AtomicReference<PendingSyncs.Pending> claimed = new AtomicReference<>();
    SyncEngine.Result result;
    long started = System.nanoTime();
    try {
      result =
          sync.sync(
              config,
              registry,
              SyncEngine.Options.diff(full, reason, holder, deadline),
              options -> {
                Optional<PendingSyncs.Pending> merged = pending.claim(registry);
                if (merged.isEmpty()) {
                  return options;
                }
                PendingSyncs.Pending p = merged.get();
                claimed.set(p);
                LOG.info(
                    "registry '{}': this sync covers {} request(s) since {} ({}; {}{} page(s),"
                        + " {} webhook event(s))",
                    registry,
                    p.requests(),
                    p.requestedAt(),
                    String.join(", ", p.reasons()),
                    p.full() ? "full read; " : "",
                    p.pages().map(l -> l.isEmpty() ? "any" : String.valueOf(l.size())).orElse("no"),
                    p.eventIds().size());
                return p.full() && !options.full()
                    ? SyncEngine.Options.diff(
                        true, options.trigger(), options.holder(), options.deadline())
                    : options;
              },
              step -> LOG.info("{}: {}", registry, step));
    } catch (ReadContinuesException e) {
      // The endpoints kept their parts: the next full diff continues the read, and covers what
      // this one claimed, which it gives back. If putting the request fails, this invocation
      // fails and its own event is retried, which continues too.
      giveBack(claimed.get(), e);
      events.publish(List.of(SyncRequested.full(registry, reason)));
      LOG.info("{}", e.getMessage());
      return new Outcome(registry, "reading", Optional.empty(), 0);
    } catch (RuntimeException e) {
      // The retried event claims it again: nothing it stood for is lost with this attempt.
      giveBack(claimed.get(), e);
      throw e;
    }
    UUID planId = result.plan().planId();
    int ops = result.plan().opCount();
    MDC.put("run_id", result.runId().toString());
    MDC.put("plan_id", planId.toString());
    RunMetrics.planned(metrics, registry, result, (System.nanoTime() - started) / 1_000_000);
    if (ops == 0) {
      // The engine settled it in the same run: nothing for the apply function. The run ends here.
      RunMetrics.ended(metrics, registry, result.converged());
      if (!result.converged()) {
        LOG.warn(
            "registry '{}' needs attention: {}", registry, String.join("; ", result.reasons()));
      }
      return new Outcome(registry, "settled", Optional.of(planId), 0);
    }
    events.publish(List.of(PlanReady.counted(registry, planId, ops)));
    LOG.info("registry '{}': plan {} with {} op(s) is ready", registry, planId, ops);
    return new Outcome(registry, "planned", Optional.of(planId), ops);
  }

  /** Gives back what a sync that did not plan claimed; a failure to is added to {@code cause}. */
  private void giveBack(PendingSyncs.Pending claimed, RuntimeException cause) {
    if (claimed == null) {
      return;
    }
    try {
      pending.giveBack(claimed);
    } catch (RuntimeException lost) {
      cause.addSuppressed(lost);
    }
  }
}
