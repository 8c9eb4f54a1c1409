package com.chittysync.functions.health;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.chittysync.aws.SnapStartPriming;
import com.chittysync.core.health.HealthReport;
import com.chittysync.core.health.HealthService;
import com.chittysync.core.json.Json;
import com.chittysync.observe.Invocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health} behind an API Gateway HTTP API: runs the health checks and answers 200 when
 * everything is ok and 503 otherwise.
 *
 * <p>The route is public (load balancers and uptime probes call it without credentials), so the
 * answer says only {@code ok}, {@code degraded} or {@code down}, overall and per check. What an
 * operator needs (messages, the database's address and version, timings) goes to the function's
 * log, and {@code chittysync health} prints it in full for an operator with the settings.
 */
public final class HealthHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private static final Map<String, String> JSON_HEADERS =
      Map.of("content-type", "application/json", "cache-control", "no-store");

  private static final Logger LOG = LoggerFactory.getLogger(HealthHandler.class);

  private final HealthService health;

  /** Lambda's entry: builds the component once, during the init phase. */
  public HealthHandler() {
    this(HealthComponent.create(System.getenv()).healthService());
    // SnapStart: prime the expensive clients before the snapshot is taken.
    SnapStartPriming.register("health", System.getenv());
  }

  /** For tests and the CLI: runs {@code health}. */
  public HealthHandler(HealthService health) {
    this.health = health;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    try (Invocation invocation =
        Invocation.begin("health", context == null ? null : context.getAwsRequestId())) {
      return check(event);
    }
  }

  private APIGatewayV2HTTPResponse check(APIGatewayV2HTTPEvent event) {
    String method = method(event);
    if (method != null && !method.equals("GET") && !method.equals("HEAD")) {
      return APIGatewayV2HTTPResponse.builder()
          .withStatusCode(405)
          .withHeaders(Map.of("content-type", "application/json", "allow", "GET, HEAD"))
          .withBody("{\"message\":\"method " + method + " is not allowed; use GET\"}")
          .build();
    }
    HealthReport report = health.check();
    if (report.isOk()) {
      LOG.info("health: {}", toJson(report));
    } else {
      LOG.warn("health: {}", toJson(report));
    }
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(report.isOk() ? 200 : 503)
        .withHeaders(JSON_HEADERS)
        .withBody("HEAD".equals(method) ? "" : toPublicJson(report))
        .build();
  }

  /**
   * What anyone may see of the report: {@code {"status", "checks": {name: {"status"}}}}. No
   * messages, versions, addresses or timings: they tell an attacker what runs where.
   */
  public static String toPublicJson(HealthReport report) {
    ObjectNode json = Json.mapper().createObjectNode();
    json.put("status", report.status().wire());
    ObjectNode checks = json.putObject("checks");
    report
        .checks()
        .forEach((name, result) -> checks.putObject(name).put("status", result.status().wire()));
    return json.toString();
  }

  /** The full report as JSON, for the log and the operator's CLI. */
  public static String toJson(HealthReport report) {
    try {
      return Json.mapper().writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("health report is not serialisable", e);
    }
  }

  private static String method(APIGatewayV2HTTPEvent event) {
    if (event == null
        || event.getRequestContext() == null
        || event.getRequestContext().getHttp() == null) {
      return null;
    }
    String method = event.getRequestContext().getHttp().getMethod();
    return method == null ? null : method.toUpperCase(Locale.ROOT);
  }
}
