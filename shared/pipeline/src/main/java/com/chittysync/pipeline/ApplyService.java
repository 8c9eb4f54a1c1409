package com.chittysync.pipeline;

import com.chittysync.connect.config.SyncConfig;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.pipeline.events.EventSink;
import com.chittysync.pipeline.events.SyncCompleted;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.engine.Applier;
import com.chittysync.sync.state.PlanStates.PlanState;
import com.chittysync.sync.state.PlanStatus;
import com.chittysync.sync.state.PlanSupersededException;
import com.chittysync.sync.state.ReviewQueue;
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
 */
public final class ApplyService {
  private static final Logger LOG = LoggerFactory.getLogger(ApplyService.class);

  private final SyncService sync;
  private final ReviewQueue review;
  private final EventSink events;

  /**
   * @param sync the engine
   * @param review the held deletes, counted for the completion event
   * @param events the bus
   */
  public ApplyService(SyncService sync, ReviewQueue review, EventSink events) {
    this.sync = sync;
    this.review = review;
    this.events = events;
  }

  /**
   * What an apply did.
   *
   * @param registry the registry
   * @param planId the plan
   * @param status {@code applied}, {@code partial} (some ops failed or were stale), {@code
   *     duplicate} (applied before: nothing done), {@code superseded} (a newer plan replaced it:
   *     nothing done) or {@code failed} (an earlier apply failed for good: nothing done)
   * @param outcome the op counts, when this invocation applied the plan
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
    try {
      outcome = sync.apply(config, planId, holder, "pipeline");
    } catch (PlanSupersededException e) {
      // A newer plan superseded this one between the look and the lease.
      Optional<Outcome> late =
          sync.planState(planId).flatMap(s -> skip(registry, planId, s.status()));
      if (late.isPresent()) {
        return late.get();
      }
      throw e;
    }
    events.publish(
        List.of(
            new SyncCompleted(
                registry,
                planId,
                outcome.applied(),
                outcome.failed(),
                review.heldDeleteCount(registry),
                outcome.stale())));
    String status = outcome.failed() == 0 && outcome.stale() == 0 ? "applied" : "partial";
    LOG.info(
        "registry '{}': plan {} {}: {} applied, {} stale, {} failed",
        registry,
        planId,
        status,
        outcome.applied(),
        outcome.stale(),
        outcome.failed());
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
