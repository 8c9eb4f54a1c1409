package com.chittysync.functions.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.chittysync.audit.log.AuditApi;
import com.chittysync.aws.SnapStartPriming;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.http.HttpResult;
import com.chittysync.notion.oauth.OAuthCallback;
import com.chittysync.notion.oauth.OAuthStart;
import com.chittysync.observe.Invocation;
import com.chittysync.sync.api.RecordsApi;
import com.chittysync.web.http.WebRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP routes other than the webhook and health, behind the API Gateway HTTP API: the audit
 * log's read API and the signed write route. Routes by the event's route key, as configured in
 * {@code template.yaml}. The audit log's entries, proofs and checkpoint history need an
 * authenticated principal ({@link AuditAccess}); its latest checkpoint is open.
 */
public final class ApiHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private static final Logger LOG = LoggerFactory.getLogger(ApiHandler.class);

  private final AuditApi audit;
  private final AuditAccess auditAccess;
  private final Supplier<RecordsApi> records;
  private final Supplier<OAuthStart> oauthStart;
  private final Supplier<OAuthCallback> oauthCallback;

  /** Lambda's entry: builds the component once, during the init phase. */
  public ApiHandler() {
    this(ApiComponent.create(System.getenv()));
    // SnapStart: prime the expensive clients before the snapshot is taken.
    SnapStartPriming.register("api", System.getenv());
  }

  /**
   * For {@code chittysync serve}: the component over {@code env}, the process environment with the
   * settings serve generated (its local API token) on top.
   */
  public ApiHandler(Map<String, String> env) {
    this(ApiComponent.create(env));
  }

  private ApiHandler(ApiComponent component) {
    this(
        component.auditApi(),
        component.auditAccess(),
        component.recordsApi()::get,
        component.notionOAuthStart()::get,
        component.notionOAuthCallback()::get);
  }

  /** For tests and the CLI. */
  public ApiHandler(AuditApi audit, AuditAccess auditAccess, Supplier<RecordsApi> records) {
    this(
        audit,
        auditAccess,
        records,
        ApiHandler::oauthNotConfigured,
        ApiHandler::oauthNotConfigured);
  }

  /** For tests and the CLI. */
  public ApiHandler(
      AuditApi audit,
      AuditAccess auditAccess,
      Supplier<RecordsApi> records,
      Supplier<OAuthStart> oauthStart,
      Supplier<OAuthCallback> oauthCallback) {
    this.audit = audit;
    this.auditAccess = auditAccess;
    this.records = records;
    this.oauthStart = oauthStart;
    this.oauthCallback = oauthCallback;
  }

  private static <T> T oauthNotConfigured() {
    throw new ConfigException("the Notion OAuth routes are not configured here");
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    try (Invocation invocation =
        Invocation.begin("api", context == null ? null : context.getAwsRequestId())) {
      String registry = pathParameter(event, "name");
      invocation.registry(registry);
      return answer(event);
    }
  }

  private APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent event) {
    HttpResult result;
    try {
      result = route(event);
    } catch (ChittySyncException e) {
      // Logs the details of a 5xx; the answer names no host, database or secret.
      result = HttpResult.of(e);
    } catch (RuntimeException e) {
      LOG.error("{} failed", event.getRouteKey(), e);
      result = HttpResult.error(500, ErrorCode.INTERNAL, "internal error; see the function's log");
    }
    Map<String, String> headers = new LinkedHashMap<>(result.headers());
    // Payload format 2.0 sets cookies through their own field, not a header; a result joins
    // several with newlines.
    headers.remove("set-cookie");
    List<String> cookies = result.cookies();
    headers.put("content-type", result.contentType());
    headers.put("cache-control", "no-store");
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(result.status())
        .withHeaders(headers)
        .withCookies(cookies.isEmpty() ? null : cookies)
        .withBody(result.body())
        .build();
  }

  private HttpResult route(APIGatewayV2HTTPEvent event) {
    String routeKey = event.getRouteKey();
    Map<String, String> q =
        event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
    return switch (routeKey == null ? "" : routeKey) {
      case "POST /v1/registries/{name}/records" ->
          records.get().post(pathParameter(event, "name"), body(event));
      case "GET /v1/audit/checkpoint" -> audit.checkpoint();
      case "GET /v1/audit/checkpoints" -> readAudit(event, () -> audit.checkpoints(q));
      case "GET /v1/audit/entries" -> readAudit(event, () -> audit.entries(q));
      case "GET /v1/audit/proof" -> readAudit(event, () -> audit.proof(q));
      case "GET /v1/audit/consistency" -> readAudit(event, () -> audit.consistency(q));
      case "GET /oauth/notion/start" -> oauthStart.get().handle(q);
      case "GET /oauth/notion/callback" -> oauthCallback.get().handle(q, event.getCookies());
      default -> HttpResult.error(404, ErrorCode.MALFORMED_INPUT, "no route " + routeKey);
    };
  }

  /** {@code read} when the request may read the audit log, else its 401. */
  private HttpResult readAudit(APIGatewayV2HTTPEvent event, Supplier<HttpResult> read) {
    return auditAccess.refusal(WebRequest.from(event)).orElseGet(read);
  }

  private static String pathParameter(APIGatewayV2HTTPEvent event, String name) {
    Map<String, String> params = event.getPathParameters();
    return params == null ? "" : params.getOrDefault(name, "");
  }

  private static String body(APIGatewayV2HTTPEvent event) {
    String body = event.getBody();
    if (body != null && event.getIsBase64Encoded()) {
      return new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    }
    return body;
  }
}
