package com.chittysync.pipeline.events;

import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.UUID;

/**
 * A stored plan waits to be applied: detail {@code {"registry", "plan_id", "ops"}}. The apply
 * function consumes it.
 *
 * @param registry the plan's registry
 * @param planId the stored plan
 * @param ops the plan's op count, when known: a plan announced again because an apply did not
 *     finish is not counted, and the bus says {@code -1} for it, as it always has
 */
public record PlanReady(String registry, UUID planId, OptionalInt ops) implements PipelineEvent {
  /** The event's detail type. */
  public static final String DETAIL_TYPE = "PlanReady";

  /** What the bus carries as {@code ops} when the count is not known. */
  private static final int UNCOUNTED = -1;

  public PlanReady {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(planId, "planId");
    Objects.requireNonNull(ops, "ops");
    if (ops.isPresent() && ops.getAsInt() < 0) {
      throw new IllegalArgumentException("ops " + ops.getAsInt() + " is negative");
    }
  }

  /** A new plan of {@code ops} op(s). */
  public static PlanReady counted(String registry, UUID planId, int ops) {
    return new PlanReady(registry, planId, OptionalInt.of(ops));
  }

  /** A plan announced again, its op count not known. */
  public static PlanReady uncounted(String registry, UUID planId) {
    return new PlanReady(registry, planId, OptionalInt.empty());
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
    detail.put("ops", ops.orElse(UNCOUNTED));
    return detail.toString();
  }

  /**
   * Reads a {@code PlanReady} detail; {@code ops} may be absent.
   *
   * @throws MalformedEventException naming the field at fault
   */
  public static PlanReady parse(String detailJson) {
    return read(Detail.of(DETAIL_TYPE, detailJson));
  }

  /** {@link #parse(String)}, of the detail Lambda's {@code ScheduledEvent} hands over. */
  public static PlanReady parse(Map<String, ?> detail) {
    return read(Detail.of(DETAIL_TYPE, detail));
  }

  private static PlanReady read(Detail detail) {
    String registry = detail.text("registry");
    UUID planId = detail.uuid("plan_id");
    OptionalInt ops = detail.optionalInt("ops");
    if (ops.isPresent() && ops.getAsInt() == UNCOUNTED) {
      ops = OptionalInt.empty();
    } else if (ops.isPresent() && ops.getAsInt() < 0) {
      throw detail.refused("ops", "is negative");
    }
    return new PlanReady(registry, planId, ops);
  }
}
