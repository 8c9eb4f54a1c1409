package com.chittysync.functions.health;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.chittysync.core.health.HealthReport;
import com.chittysync.core.health.HealthService;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.Map;

/**
 * {@code GET /health} behind an API Gateway HTTP API: runs the health checks and answers with the
 * report as JSON, 200 when everything is ok and 503 otherwise.
 */
public final class HealthHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private static final Map<String, String> JSON_HEADERS =
      Map.of("content-type", "application/json", "cache-control", "no-store");

  private final HealthService health;

  /** Lambda's entry: builds the component once, during the init phase. */
  public HealthHandler() {
    this(HealthComponent.create(System.getenv()).healthService());
    // SnapStart: prime the expensive clients before the snapshot is taken.
    com.chittysync.aws.SnapStartPriming.register("health", System.getenv());
  }

  /** For tests and the CLI: runs {@code health}. */
  public HealthHandler(HealthService health) {
    this.health = health;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    String method = method(event);
    if (method != null && !method.equals("GET") && !method.equals("HEAD")) {
      return APIGatewayV2HTTPResponse.builder()
          .withStatusCode(405)
          .withHeaders(Map.of("content-type", "application/json", "allow", "GET, HEAD"))
          .withBody("{\"message\":\"method " + method + " is not allowed; use GET\"}")
          .build();
    }
    HealthReport report = health.check();
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(report.isOk() ? 200 : 503)
        .withHeaders(JSON_HEADERS)
        .withBody("HEAD".equals(method) ? "" : toJson(report))
        .build();
  }

  /** The report as JSON. */
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
    return method == null ? null : method.toUpperCase(java.util.Locale.ROOT);
  }
}
