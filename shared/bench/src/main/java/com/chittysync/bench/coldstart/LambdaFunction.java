package com.chittysync.bench.coldstart;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One deployed function as template.yaml declares it: its jar, handler, memory and the sample event
 * of {@code events/<name>/} the bench invokes it with, and its cold-start target where the issue
 * sets one.
 *
 * @param name the module name under {@code functions/}, e.g. {@code webhook}
 * @param handler {@code Class::handleRequest}
 * @param event the sample event's file name under {@code events/<name>/}
 * @param target the cold-start target (process start to response), if any
 */
public record LambdaFunction(String name, String handler, String event, Optional<Duration> target) {
  /** The memory of every function (template.yaml's {@code Globals}). */
  public static final int MEMORY_MB = 1024;

  /** Every function, in the order a sync travels through them after the HTTP ones. */
  public static final List<LambdaFunction> ALL =
      List.of(
          of("health", "com.chittysync.functions.health.HealthHandler", "get-health.json", 1000),
          of("api", "com.chittysync.functions.api.ApiHandler", "get-checkpoint.json", 0),
          of(
              "webhook",
              "com.chittysync.functions.webhook.WebhookHandler",
              "post-page-created.json",
              1500),
          of("schedule", "com.chittysync.functions.schedule.ScheduleHandler", "scheduled.json", 0),
          of("diff", "com.chittysync.functions.diff.DiffHandler", "sync-requested.json", 2500),
          of("apply", "com.chittysync.functions.apply.ApplyHandler", "plan-ready.json", 2500),
          // A signed-in GET /: the whole fleet page, read from the state database and rendered.
          // The claims stand in for a verified person (API Gateway's JWT authorizer shape); the
          // issue's target: within 3x the no-op floor.
          of(
              "dashboard",
              "com.chittysync.functions.dashboard.DashboardHandler",
              "get-fleet-signed-in.json",
              0));

  /**
   * The floor every table is measured against: {@link NoopHandler} alone in a jar, started the same
   * way in the same run. Not a deployed function.
   */
  public static final LambdaFunction FLOOR =
      new LambdaFunction(
          "noop", NoopHandler.class.getName() + "::handleRequest", "", Optional.empty());

  private static LambdaFunction of(String name, String handlerClass, String event, int targetMs) {
    return new LambdaFunction(
        name,
        handlerClass + "::handleRequest",
        event,
        targetMs > 0 ? Optional.of(Duration.ofMillis(targetMs)) : Optional.empty());
  }

  /** The function's deployable jar under the repository {@code root}. */
  public Path jar(Path root) {
    return root.resolve("functions/" + name + "/target/chittysync-" + name + ".jar");
  }

  /** The handler's class name (without {@code ::method}). */
  public String handlerClass() {
    int sep = handler.indexOf("::");
    return sep < 0 ? handler : handler.substring(0, sep);
  }
}
