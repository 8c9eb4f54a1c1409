package com.chittysync.functions.schedule;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.chittysync.aws.SnapStartPriming;
import com.chittysync.observe.Invocation;
import com.chittysync.schedule.Scheduler;
import java.util.List;
import java.util.Map;

/**
 * Invoked by the EventBridge schedule ({@code rate(1 minute)}): puts one {@code SyncRequested}
 * event per registry whose {@code schedule:} is due, and answers with their names.
 */
public final class ScheduleHandler implements RequestHandler<ScheduledEvent, Map<String, Object>> {
  private final Scheduler scheduler;

  /** Lambda's entry: builds the component once, during the init phase. */
  public ScheduleHandler() {
    this(ScheduleComponent.create(System.getenv()).scheduler());
    // SnapStart: prime the expensive clients before the snapshot is taken.
    SnapStartPriming.register("schedule", System.getenv());
  }

  /** For tests and the CLI: ticks {@code scheduler}. */
  public ScheduleHandler(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
    try (Invocation invocation =
        Invocation.begin("schedule", context == null ? null : context.getAwsRequestId())) {
      invocation.trigger("schedule");
      List<String> requested = scheduler.tick(invocation.metrics());
      return Map.of("requested", requested);
    }
  }
}
