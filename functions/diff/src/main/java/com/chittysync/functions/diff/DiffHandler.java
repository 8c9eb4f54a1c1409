package com.chittysync.functions.diff;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.chittysync.aws.SnapStartPriming;
import com.chittysync.observe.Invocation;
import com.chittysync.pipeline.DiffService;
import com.chittysync.pipeline.events.SyncRequested;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Invoked by EventBridge with a {@code SyncRequested} event: plans the registry's sync, stores the
 * plan and puts {@code PlanReady} when it has ops. A failure fails the invocation, so Lambda
 * retries it and then sends it to the dead-letter queue. A full read that cannot finish within the
 * invocation's remaining time (less the hand-over margin) keeps its parts and asks for another full
 * diff, which continues it.
 */
public final class DiffHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
  private final DiffService diff;

  /** Lambda's entry: builds the component once, during the init phase. */
  public DiffHandler() {
    this(DiffComponent.create(System.getenv()).diffService());
    // SnapStart: prime the expensive clients before the snapshot is taken.
    SnapStartPriming.register("diff", System.getenv());
  }

  /** For tests and the CLI: plans with {@code diff}. */
  public DiffHandler(DiffService diff) {
    this.diff = diff;
  }

  @Override
  public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
    try (Invocation invocation =
        Invocation.begin("diff", context == null ? null : context.getAwsRequestId())) {
      SyncRequested request = SyncRequested.parse(event.getDetail());
      invocation.registry(request.registry()).trigger(request.reason());
      return answer(
          context == null
              ? diff.onSyncRequested(
                  request.registry(),
                  request.reason(),
                  request.full(),
                  "diff",
                  invocation.metrics())
              : diff.onSyncRequested(
                  request.registry(),
                  request.reason(),
                  request.full(),
                  "diff:" + context.getAwsRequestId(),
                  Duration.ofMillis(context.getRemainingTimeInMillis()),
                  invocation.metrics()));
    }
  }

  private static Map<String, Object> answer(DiffService.Outcome outcome) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("registry", outcome.registry());
    answer.put("status", outcome.status());
    outcome.planId().ifPresent(id -> answer.put("plan_id", id.toString()));
    answer.put("ops", outcome.ops());
    return answer;
  }
}
