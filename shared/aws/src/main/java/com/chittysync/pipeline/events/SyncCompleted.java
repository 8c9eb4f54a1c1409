package com.chittysync.pipeline.events;

import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * A plan was applied, or a part of it: detail {@code {"registry", "plan_id", "applied", "failed",
 * "held", "stale", "ops", "pending"}}. No function consumes it; operators' rules and the demo do.
 *
 * <p>A plan too large for one invocation is applied in parts, each announcing how far the plan has
 * got: {@code pending} above zero says a fresh invocation applies the rest and another {@code
 * SyncCompleted} follows. A rule that wants finished plans only matches {@code "pending": [0]}.
 *
 * @param registry the plan's registry
 * @param planId the plan
 * @param applied the plan's ops applied so far, over every part
 * @param failed the plan's ops that failed
 * @param held the registry's deletes waiting for a person
 * @param stale the plan's ops whose precondition no longer held
 * @param ops the plan's op count
 * @param pending the plan's ops not applied yet (handed over to another invocation)
 */
public record SyncCompleted(
    String registry,
    UUID planId,
    int applied,
    int failed,
    int held,
    int stale,
    int ops,
    int pending)
    implements PipelineEvent {
  /** The event's detail type. */
  public static final String DETAIL_TYPE = "SyncCompleted";

  public SyncCompleted {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(planId, "planId");
    if (applied < 0 || failed < 0 || held < 0 || stale < 0 || ops < 0 || pending < 0) {
      throw new IllegalArgumentException("negative count in " + planId);
    }
  }

  /** A plan applied whole: its op count is what was applied, failed or stale. */
  public SyncCompleted(String registry, UUID planId, int applied, int failed, int held, int stale) {
    this(registry, planId, applied, failed, held, stale, applied + failed + stale, 0);
  }

  /** Whether the plan is applied to its end (no part handed over remains). */
  public boolean complete() {
    return pending == 0;
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
    detail.put("ops", ops);
    detail.put("pending", pending);
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
    int applied = detail.count("applied");
    int failed = detail.count("failed");
    int stale = detail.count("stale");
    // Events put before plans were applied in parts carry neither: the plan was applied whole.
    OptionalInt ops = detail.optionalInt("ops");
    OptionalInt pending = detail.optionalInt("pending");
    if (ops.isPresent() && ops.getAsInt() < 0) {
      throw detail.refused("ops", "is negative");
    }
    if (pending.isPresent() && pending.getAsInt() < 0) {
      throw detail.refused("pending", "is negative");
    }
    return new SyncCompleted(
        detail.text("registry"),
        detail.uuid("plan_id"),
        applied,
        failed,
        detail.count("held"),
        stale,
        ops.orElse(applied + failed + stale),
        pending.orElse(0));
  }
}
