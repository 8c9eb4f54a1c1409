package com.chittysync.sync.engine;

import com.chittysync.connect.Op;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The counts a run row keeps, for {@code runs list}. */
final class RunCounts {
  private RunCounts() {}

  static ObjectNode of(SyncEngine.Result result) {
    Plan plan = result.plan();
    ObjectNode counts = Json.mapper().createObjectNode();
    ObjectNode perEndpoint = counts.putObject("plan");
    plan.opCounts().forEach((endpoint, n) -> perEndpoint.set(endpoint, counts(n)));
    counts.put("invalid", plan.invalid().size());
    counts.put("conflicts", plan.conflicts().size());
    counts.put("held_deletes", plan.heldDeletes().size());
    result
        .applied()
        .ifPresent(
            a -> {
              counts.put("applied", a.applied());
              counts.put("stale", a.stale());
              counts.put("failed", a.failed());
            });
    // Phase timings feed the dashboard's run chart and run page.
    ObjectNode timings = counts.putObject("timings_ms");
    result.timingsMillis().forEach(timings::put);
    return counts;
  }

  /** How many ops of each kind {@code ops} holds. */
  static ObjectNode counts(List<Op> ops) {
    return counts(Plan.OpCounts.of(ops));
  }

  /** {@code counts} as JSON. */
  static ObjectNode counts(Plan.OpCounts counts) {
    ObjectNode n = Json.mapper().createObjectNode();
    n.put("create", counts.create());
    n.put("update", counts.update());
    n.put("delete", counts.delete());
    return n;
  }
}
