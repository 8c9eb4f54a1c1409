package com.chittysync.pipeline.events;

import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A plan was applied: detail {@code {"registry", "plan_id", "applied", "failed", "held", "stale"}}.
 * No function consumes it; operators' rules and the demo do.
 *
 * @param registry the plan's registry
 * @param planId the plan
 * @param applied the ops applied
 * @param failed the ops that failed
 * @param held the registry's deletes waiting for a person
 * @param stale the ops whose precondition no longer held
 */
public record SyncCompleted(
    String registry, UUID planId, int applied, int failed, int held, int stale)
    implements PipelineEvent {
  /** The event's detail type. */
  public static final String DETAIL_TYPE = "SyncCompleted";

  public SyncCompleted {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(planId, "planId");
    if (applied < 0 || failed < 0 || held < 0 || stale < 0) {
      throw new IllegalArgumentException("negative count in " + planId);
    }
  }

  @Override
  public String detailType() {
    return DETAIL_TYPE;
  }

  @Override
  public String detailJson() {
    ObjectNode detail = Json.mapper().createObjectNode();
    detail.put("registry", registry);
    detail.put("plan_id", planId.toString());
    detail.put("applied", applied);
    detail.put("failed", failed);
    detail.put("held", held);
    detail.put("stale", stale);
    return detail.toString();
  }

  /**
   * Reads a {@code SyncCompleted} detail.
   *
   * @throws MalformedEventException naming the field at fault
   */
  public static SyncCompleted parse(String detailJson) {
    return read(Detail.of(DETAIL_TYPE, detailJson));
  }

  /** {@link #parse(String)}, of the detail Lambda's {@code ScheduledEvent} hands over. */
  public static SyncCompleted parse(Map<String, ?> detail) {
    return read(Detail.of(DETAIL_TYPE, detail));
  }

  private static SyncCompleted read(Detail detail) {
    return new SyncCompleted(
        detail.text("registry"),
        detail.uuid("plan_id"),
        detail.count("applied"),
        detail.count("failed"),
        detail.count("held"),
        detail.count("stale"));
  }
}
