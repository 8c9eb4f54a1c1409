package com.chittysync.functions.apply;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.chittysync.aws.SnapStartPriming;
import com.chittysync.observe.Invocation;
import com.chittysync.pipeline.ApplyService;
import com.chittysync.pipeline.events.PlanReady;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Invoked by EventBridge with a {@code PlanReady} event: applies the stored plan once and puts
 * {@code SyncCompleted}. A duplicate or a superseded plan is answered without applying anything. A
 * plan that cannot be applied within the invocation's remaining time (less the hand-over margin) is
 * applied in parts, each invocation handing the rest to the next with another {@code PlanReady}.
 */
public final class ApplyHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
  private final ApplyService apply;

  /** Lambda's entry: builds the component once, during the init phase. */
  public ApplyHandler() {
    this(ApplyComponent.create(System.getenv()).applyService());
    // SnapStart: prime the expensive clients before the snapshot is taken.
    SnapStartPriming.register("apply", System.getenv());
  }

  /** For tests and the CLI: applies with {@code apply}. */
  public ApplyHandler(ApplyService apply) {
    this.apply = apply;
  }

  @Override
  public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
    try (Invocation invocation =
        Invocation.begin("apply", context == null ? null : context.getAwsRequestId())) {
      PlanReady ready = PlanReady.parse(event.getDetail());
      invocation.registry(ready.registry()).planId(ready.planId());
      return answer(
          context == null
              ? apply.onPlanReady(ready.registry(), ready.planId(), "apply", invocation.metrics())
              : apply.onPlanReady(
                  ready.registry(),
                  ready.planId(),
                  "apply:" + context.getAwsRequestId(),
                  Duration.ofMillis(context.getRemainingTimeInMillis()),
                  invocation.metrics()));
    }
  }

  private static Map<String, Object> answer(ApplyService.Outcome outcome) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("registry", outcome.registry());
    answer.put("plan_id", outcome.planId().toString());
    answer.put("status", outcome.status());
    outcome
        .outcome()
        .ifPresent(
            o -> {
              answer.put("applied", o.applied());
              answer.put("stale", o.stale());
              answer.put("failed", o.failed());
            });
    return answer;
  }
}
