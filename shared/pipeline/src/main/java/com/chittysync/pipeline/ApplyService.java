package com.chittysync.pipeline;

import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.observe.metrics.Metrics;
import com.chittysync.pipeline.events.EventSink;
import com.chittysync.pipeline.events.PlanReady;
import com.chittysync.pipeline.events.SyncCompleted;
import com.chittysync.pipeline.notify.RunNotifier;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.engine.Applier;
import com.chittysync.sync.engine.Deadline;
import com.chittysync.sync.engine.LeaseHeldException;
import com.chittysync.sync.state.PlanJournal;
import com.chittysync.sync.state.PlanStates.PlanState;
import com.chittysync.sync.state.PlanStatus;
import com.chittysync.sync.state.PlanSupersededException;
import com.chittysync.sync.state.ReviewQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The apply function's service: on {@code PlanReady}, applies the stored plan under the registry's
 * lease with its journal and preconditions, records the run, and announces {@code SyncCompleted}.
 *
 * <p>A {@code PlanReady} delivered twice, or late, applies nothing twice: a plan already applied is
 * reported as a duplicate, and a plan a newer one superseded is never applied.
 *
 * <p>A plan larger than one invocation is applied in parts: given the invocation's remaining time,
 * the apply starts no batch within the hand-over margin of the deadline, records how far it got,
 * announces that progress ({@code SyncCompleted} with ops pending) and hands the rest of the same
 * plan to a fresh invocation with another {@code PlanReady}. The journal makes every part go on
 * where the last stopped, so a duplicated, late or reordered hand-over applies nothing twice.
 */
public final class ApplyService {
  private static final Logger LOG = LoggerFactory.getLogger(ApplyService.class);

  private final SyncService sync;
  private final ReviewQueue review;
  private final EventSink events;
  private final HandOver handOver;
  private final RunNotifier notifier;

  /**
   * @param sync the engine
   * @param review the held deletes, counted for the completion event
   * @param events the bus
   */
  public ApplyService(SyncService sync, ReviewQueue review, EventSink events) {
    this(sync, review, events, new HandOver(HandOver.DEFAULT_MARGIN, Clock.systemUTC()));
  }

  /**
   * @param sync the engine
   * @param review the held deletes, counted for the completion event
   * @param events the bus
   * @param handOver when an apply given its remaining time hands over
   */
  public ApplyService(SyncService sync, ReviewQueue review, EventSink events, HandOver handOver) {
    this(sync, review, events, handOver, RunNotifier.disabled());
  }

  /**
   * @param sync the engine
   * @param review the held deletes, counted for the completion event
   * @param events the bus
   * @param handOver when an apply given its remaining time hands over
   * @param notifier tells a chat channel when the registry's state changes, after each apply
   */
  public ApplyService(
      SyncService sync,
      ReviewQueue review,
      EventSink events,
      HandOver handOver,
      RunNotifier notifier) {
    this.sync = sync;
    this.review = review;
    this.events = events;
    this.handOver = handOver;
    this.notifier = notifier;
  }

  /**
   * What an apply did.
   *
   * @param registry the registry
   * @param planId the plan
   * @param status {@code applied}, {@code partial} (some ops failed or were stale), {@code
   *     handed_over} (part applied, the rest announced for a fresh invocation), {@code duplicate}
   *     (applied before: nothing done), {@code busy} (another invocation is applying this plan part
   *     by part: nothing done), {@code superseded} (a newer plan replaced it: nothing done) or
   *     {@code failed} (an earlier apply failed for good: nothing done)
   * @param outcome this invocation's op counts, when it applied some of the plan
   */
  public record Outcome(
      String registry, UUID planId, String status, Optional<Applier.Outcome> outcome) {}

  /**
   * Handles one {@code PlanReady}.
   *
   * @throws ChittySyncException {@code sync.failed} when there is no such plan or it belongs to
   *     another registry; {@code lease.held} while another run holds the registry (retried)
   */
  public Outcome onPlanReady(String registry, UUID planId, String holder) {
    return onPlanReady(registry, planId, holder, Deadline.none(), new Metrics());
  }

  /**
   * Handles one {@code PlanReady}, recording what happened in {@code metrics}: the run's outcome
   * once the plan is applied to its end, the ops per endpoint and the apply's duration.
   *
   * @throws ChittySyncException as {@link #onPlanReady(String, UUID, String)}
   */
  public Outcome onPlanReady(String registry, UUID planId, String holder, Metrics metrics) {
    return onPlanReady(registry, planId, holder, Deadline.none(), metrics);
  }

  /**
   * Handles one {@code PlanReady} in an invocation with {@code remaining} time left: what cannot be
   * applied before the hand-over margin is handed to a fresh invocation.
   *
   * @throws ChittySyncException as {@link #onPlanReady(String, UUID, String)}
   */
  public Outcome onPlanReady(String registry, UUID planId, String holder, Duration remaining) {
    return onPlanReady(registry, planId, holder, handOver.deadline(remaining), new Metrics());
  }

  /**
   * Handles one {@code PlanReady} in an invocation with {@code remaining} time left, recording what
   * happened in {@code metrics}.
   *
   * @throws ChittySyncException as {@link #onPlanReady(String, UUID, String)}
   */
  public Outcome onPlanReady(
      String registry, UUID planId, String holder, Duration remaining, Metrics metrics) {
    return onPlanReady(registry, planId, holder, handOver.deadline(remaining), metrics);
  }

  private Outcome onPlanReady(
      String registry, UUID planId, String holder, Deadline deadline, Metrics metrics) {
    try {
      return apply(registry, planId, holder, deadline, metrics);
    } catch (LeaseHeldException e) {
      // Another run holds the registry: this invocation is retried, no run failed.
      LOG.warn("registry '{}': plan {} waits: {}", registry, planId, e.getMessage());
      throw e;
    } catch (RuntimeException e) {
      RunMetrics.failed(metrics, registry);
      LOG.error("registry '{}': applying plan {} failed", registry, planId, e);
      throw e;
    } finally {
      // After the run is recorded, failed ones included; never throws.
      notifier.afterRun(registry);
    }
  }

  private Outcome apply(
      String registry, UUID planId, String holder, Deadline deadline, Metrics metrics) {
    PlanState state =
        sync.planState(planId)
            .orElseThrow(
                () ->
                    new ChittySyncException(
                        ErrorCode.SYNC_FAILED,
                        "PlanReady names plan " + planId + ", which this state database lacks"));
    if (!state.registry().equals(registry)) {
      throw new ChittySyncException(
          ErrorCode.SYNC_FAILED,
          "PlanReady says plan "
              + planId
              + " is registry '"
              + registry
              + "''s; it is '"
              + state.registry()
              + "''s");
    }
    Optional<Outcome> skipped = skip(registry, planId, state.status());
    if (skipped.isPresent()) {
      return skipped.get();
    }
    SyncConfig config = sync.config(Optional.empty());
    Applier.Outcome outcome;
    long started = System.nanoTime();
    try {
      outcome = sync.apply(config, planId, holder, "pipeline", deadline);
    } catch (LeaseHeldException e) {
      // A plan applied part by part is APPLYING between its parts: another PlanReady for it (a
      // duplicated hand-over, or the diff function announcing it again) finds the invocation that
      // applies it holding the lease. That one hands over or finishes; if it dies, its own event
      // is retried and the next diff announces the plan again. Retrying this one would only end
      // in the dead-letter queue.
      if (sync.planState(planId).map(s -> s.status() == PlanStatus.APPLYING).orElse(false)) {
        LOG.info(
            "registry '{}': plan {} is being applied by {}: nothing to do",
            registry,
            planId,
            e.getMessage());
        return new Outcome(registry, planId, "busy", Optional.empty());
      }
      throw e;
    } catch (PlanSupersededException e) {
      // A newer plan superseded this one between the look and the lease.
      Optional<Outcome> late =
          sync.planState(planId).flatMap(s -> skip(registry, planId, s.status()));
      if (late.isPresent()) {
        return late.get();
      }
      throw e;
    }
    RunMetrics.applied(metrics, registry, outcome, (System.nanoTime() - started) / 1_000_000);
    // The plan's progress over all its parts, so the event says how far the whole plan has got.
    PlanJournal.Progress progress = sync.progress(planId);
    SyncCompleted completed =
        new SyncCompleted(
            registry,
            planId,
            progress.applied(),
            progress.failed(),
            review.heldDeleteCount(registry),
            progress.stale(),
            progress.total(),
            outcome.complete() ? 0 : progress.pending());
    String status;
    if (!outcome.complete()) {
      // The progress first, then the hand-over: if putting them fails, this invocation fails and
      // its own PlanReady is retried, which goes on from the journal all the same.
      events.publish(List.of(completed, PlanReady.uncounted(registry, planId)));
      status = "handed_over";
    } else {
      events.publish(List.of(completed));
      status = progress.failed() == 0 && progress.stale() == 0 ? "applied" : "partial";
      boolean waiting =
          completed.held() > 0 || !review.openConflicts(Optional.of(registry)).isEmpty();
      RunMetrics.ended(metrics, registry, status.equals("applied") && !waiting);
    }
    LOG.info(
        "registry '{}': plan {} {}: {} applied, {} stale, {} failed here; {} of {} op(s) settled",
        registry,
        planId,
        status,
        outcome.applied(),
        outcome.stale(),
        outcome.failed(),
        progress.total() - progress.pending(),
        progress.total());
    return new Outcome(registry, planId, status, Optional.of(outcome));
  }

  private static Optional<Outcome> skip(String registry, UUID planId, PlanStatus status) {
    String why =
        switch (status) {
          case APPLIED, PARTIAL -> "duplicate";
          case SUPERSEDED -> "superseded";
          case FAILED -> "failed";
          case PLANNED, APPLYING -> null;
        };
    if (why == null) {
      return Optional.empty();
    }
    LOG.info("registry '{}': plan {} is {}: nothing to do", registry, planId, status.wire());
    return Optional.of(new Outcome(registry, planId, why, Optional.empty()));
  }
}
