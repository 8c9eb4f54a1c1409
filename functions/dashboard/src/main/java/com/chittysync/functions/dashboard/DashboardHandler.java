package com.chittysync.functions.dashboard;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.chittysync.aws.SnapStartPriming;
import com.chittysync.dashboard.Dashboard;
import com.chittysync.dashboard.Priming;
import com.chittysync.dashboard.web.Reply;
import com.chittysync.observe.Invocation;
import com.chittysync.web.http.WebRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dashboard behind the API Gateway HTTP API: turns the event into a request, lets the {@link
 * Dashboard} answer, and turns the answer back. Binary and gzipped bodies go out base64-encoded, as
 * payload format 2.0 requires.
 */
public final class DashboardHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final Dashboard dashboard;

  /** Lambda's entry: builds the component once, during the init phase. */
  public DashboardHandler() {
    this(DashboardComponent.create(System.getenv()).dashboard());
    // SnapStart: prime the clients, and render the pages' templates and JSON once, so the
    // snapshot holds their classes loaded.
    SnapStartPriming.register("dashboard", System.getenv(), Priming::renderOnce);
  }

  /**
   * {@code chittysync serve}: the component over {@code env} (the process environment and the
   * settings serve generated).
   */
  public DashboardHandler(Map<String, String> env) {
    this(DashboardComponent.create(env).dashboard());
  }

  /** For tests and the CLI. */
  public DashboardHandler(Dashboard dashboard) {
    this.dashboard = dashboard;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    try (Invocation invocation =
        Invocation.begin("dashboard", context == null ? null : context.getAwsRequestId())) {
      return answer(event);
    }
  }

  private APIGatewayV2HTTPResponse answer(APIGatewayV2HTTPEvent event) {
    WebRequest request = WebRequest.from(event);
    Reply reply = dashboard.handle(request);
    Map<String, String> headers = new LinkedHashMap<>(reply.headers());
    headers.put("content-type", reply.contentType());
    boolean text =
        !headers.containsKey("content-encoding")
            && (reply.contentType().startsWith("text/") || reply.contentType().contains("json"));
    boolean head = request.method().equals("HEAD");
    return APIGatewayV2HTTPResponse.builder()
        .withStatusCode(reply.status())
        .withHeaders(headers)
        .withCookies(reply.cookies().isEmpty() ? null : reply.cookies())
        .withBody(
            head
                ? ""
                : text
                    ? new String(reply.body(), StandardCharsets.UTF_8)
                    : Base64.getEncoder().encodeToString(reply.body()))
        .withIsBase64Encoded(!head && !text)
        .build();
  }
}
