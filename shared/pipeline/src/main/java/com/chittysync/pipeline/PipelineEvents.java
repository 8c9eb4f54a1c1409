package com.chittysync.pipeline;

import com.chittysync.aws.EventPublisher;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.json.Json;
import com.chittysync.sync.engine.Applier;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;

/** The pipeline's events and their details, as they travel on the bus. */
public final class PipelineEvents {
  /** Sync a registry: {@code {"registry", "reason"[, "full"]}}. */
  public static final String SYNC_REQUESTED = "SyncRequested";

  /** A stored plan waits to be applied: {@code {"registry", "plan_id", "ops"}}. */
  public static final String PLAN_READY = "PlanReady";

  /**
   * A plan was applied: {@code {"registry", "plan_id", "applied", "failed", "held", "stale"}};
   * {@code held} counts the registry's deletes waiting for a person.
   */
  public static final String SYNC_COMPLETED = "SyncCompleted";

  private PipelineEvents() {}

  static EventPublisher.Event syncRequested(String registry, String reason) {
    ObjectNode detail = Json.mapper().createObjectNode();
    detail.put("registry", registry);
    detail.put("reason", reason);
    return new EventPublisher.Event(SYNC_REQUESTED, registry, detail.toString());
  }

  /**
   * A {@code SyncRequested} for {@code registry} that a person asked for: the schedule's event,
   * with {@code actor} (the audit log's actor, {@code user:<name>}) added to the detail. Consumers
   * read {@code registry} and {@code reason} as always; {@code reason} becomes the run's trigger.
   *
   * @param reason what asked, for example {@code dashboard}
   */
  public static EventPublisher.Event syncRequested(String registry, String reason, String actor) {
    ObjectNode detail = Json.mapper().createObjectNode();
    detail.put("registry", registry);
    detail.put("reason", reason);
    detail.put("actor", actor);
    return new EventPublisher.Event(SYNC_REQUESTED, registry, detail.toString());
  }

  static EventPublisher.Event planReady(String registry, UUID planId, int ops) {
    ObjectNode detail = Json.mapper().createObjectNode();
    detail.put("registry", registry);
    detail.put("plan_id", planId.toString());
    detail.put("ops", ops);
    return new EventPublisher.Event(PLAN_READY, registry, detail.toString());
  }

  static EventPublisher.Event syncCompleted(
      String registry, UUID planId, Applier.Outcome outcome, int held) {
    ObjectNode detail = Json.mapper().createObjectNode();
    detail.put("registry", registry);
    detail.put("plan_id", planId.toString());
    detail.put("applied", outcome.applied());
    detail.put("failed", outcome.failed());
    detail.put("held", held);
    detail.put("stale", outcome.stale());
    return new EventPublisher.Event(SYNC_COMPLETED, registry, detail.toString());
  }

  /**
   * A required text field of an event's detail.
   *
   * @throws ChittySyncException {@code input.malformed} naming the field when it is missing
   */
  public static String text(Map<String, Object> detail, String field, String detailType) {
    Object value = detail == null ? null : detail.get(field);
    if (value == null || value.toString().isBlank()) {
      throw new ChittySyncException(
          ErrorCode.MALFORMED_INPUT, detailType + " event has no '" + field + "' in its detail");
    }
    return value.toString();
  }

  /**
   * The {@code plan_id} of a {@code PlanReady} detail.
   *
   * @throws ChittySyncException {@code input.malformed} when it is missing or not a UUID
   */
  public static UUID planId(Map<String, Object> detail) {
    String text = text(detail, "plan_id", PLAN_READY);
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new ChittySyncException(
          ErrorCode.MALFORMED_INPUT, "PlanReady plan_id '" + text + "' is not a UUID");
    }
  }
}
