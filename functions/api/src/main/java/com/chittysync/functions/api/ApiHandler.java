package com.chittysync.functions.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.chittysync.audit.log.AuditApi;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.http.HttpResult;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP routes other than the webhook and health, behind the API Gateway HTTP API: for now the
 * audit log's read API. Routes by the event's route key, as configured in {@code template.yaml}.
 */
public final class ApiHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

  private final AuditApi audit;

  /** Lambda's entry: builds the component once, during the init phase. */
  public ApiHandler() {
    this(ApiComponent.create(System.getenv()).auditApi());
  }

  /** For tests and the CLI. */
  public ApiHandler(AuditApi audit) {
    this.audit = audit;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    HttpResult result;
    try {
      result = route(event.getRouteKey(), event.getQueryStringParameters());
    } catch (ChittySyncException e) {
      result = HttpResult.of(e);
      if (result.status() >= 500) {
        LOG.warn("{} failed: {}", event.getRouteKey(), e.describe());
      }
    } catch (RuntimeException e) {
      LOG.error("{} failed", event.getRouteKey(), e);
      result = HttpResult.error(500, ErrorCode.INTERNAL, "internal error; see the function's log");
    }
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(result.status())
        .withHeaders(Map.of("content-type", result.contentType(), "cache-control", "no-store"))
        .withBody(result.body())
        .build();
  }

  private HttpResult route(String routeKey, Map<String, String> query) {
    Map<String, String> q = query == null ? Map.of() : query;
    return switch (routeKey == null ? "" : routeKey) {
      case "GET /v1/audit/checkpoint" -> audit.checkpoint();
      case "GET /v1/audit/checkpoints" -> audit.checkpoints();
      case "GET /v1/audit/entries" -> audit.entries(q);
      case "GET /v1/audit/proof" -> audit.proof(q);
      case "GET /v1/audit/consistency" -> audit.consistency(q);
      default -> HttpResult.error(404, ErrorCode.MALFORMED_INPUT, "no route " + routeKey);
    };
  }
}
