package com.chittysync.pipeline;

import com.chittysync.connect.config.SyncConfig;
import com.chittysync.observe.metrics.Metrics;
import com.chittysync.pipeline.events.EventSink;
import com.chittysync.pipeline.events.PlanReady;
import com.chittysync.pipeline.events.SyncRequested;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.engine.Deadline;
import com.chittysync.sync.engine.LeaseHeldException;
import com.chittysync.sync.engine.ReadContinuesException;
import com.chittysync.sync.engine.SyncEngine;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
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
 */
public final class DiffService {
  private static final Logger LOG = LoggerFactory.getLogger(DiffService.class);

  private final SyncService sync;
  private final EventSink events;
  private final HandOver handOver;

  /**
   * @param sync the engine
   * @param events the bus
   */
  public DiffService(SyncService sync, EventSink events) {
    this(sync, events, new HandOver(HandOver.DEFAULT_MARGIN, Clock.systemUTC()));
  }

  /**
   * @param sync the engine
   * @param events the bus
   * @param handOver when a diff given its remaining time stops reading and hands over
   */
  public DiffService(SyncService sync, EventSink events, HandOver handOver) {
    this.sync = sync;
    this.events = events;
    this.handOver = handOver;
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
      // another deployment). Retrying would only fill the dead-letter queue.
      LOG.warn("SyncRequested for registry '{}', which the config does not define", registry);
      return new Outcome(registry, "unknown_registry", Optional.empty(), 0);
    }
    List<UUID> unfinished = sync.unfinishedPlans(registry);
    if (!unfinished.isEmpty()) {
      UUID planId = unfinished.get(0);
      LOG.info("registry '{}' has unfinished plan {}: announcing it again", registry, planId);
      events.publish(List.of(PlanReady.uncounted(registry, planId)));
      return new Outcome(registry, "finishing", Optional.of(planId), -1);
    }
    SyncEngine.Result result;
    long started = System.nanoTime();
    try {
      result =
          sync.sync(
              config,
              registry,
              SyncEngine.Options.diff(full, reason, holder, deadline),
              step -> LOG.info("{}: {}", registry, step));
    } catch (ReadContinuesException e) {
      // The endpoints kept their parts: the next full diff continues the read. If putting the
      // request fails, this invocation fails and its own event is retried, which continues too.
      events.publish(List.of(SyncRequested.full(registry, reason)));
      LOG.info("{}", e.getMessage());
      return new Outcome(registry, "reading", Optional.empty(), 0);
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
}
