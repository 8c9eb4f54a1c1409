package com.chittysync.pipeline;

import com.chittysync.aws.EventPublisher;
import com.chittysync.pipeline.events.PlanReady;
import com.chittysync.pipeline.events.SyncCompleted;
import com.chittysync.pipeline.events.SyncRequested;

/**
 * The pipeline's detail types, for code that names them; the events themselves are the records of
 * {@code com.chittysync.pipeline.events}.
 */
public final class PipelineEvents {
  /** Sync a registry: {@link SyncRequested}. */
  public static final String SYNC_REQUESTED = SyncRequested.DETAIL_TYPE;

  /** A stored plan waits to be applied: {@link PlanReady}. */
  public static final String PLAN_READY = PlanReady.DETAIL_TYPE;

  /** A plan was applied: {@link SyncCompleted}. */
  public static final String SYNC_COMPLETED = SyncCompleted.DETAIL_TYPE;

  private PipelineEvents() {}

  /**
   * A {@code SyncRequested} for {@code registry} that a person asked for, as the publisher puts it:
   * {@link SyncRequested#byPerson}.
   *
   * @param reason what asked, for example {@code dashboard}
   */
  public static EventPublisher.Event syncRequested(String registry, String reason, String actor) {
    return SyncRequested.byPerson(registry, reason, actor).toEvent();
  }
}
