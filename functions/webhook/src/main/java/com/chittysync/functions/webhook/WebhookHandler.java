package com.chittysync.functions.webhook;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.chittysync.aws.SnapStartPriming;
import com.chittysync.core.http.HttpResult;
import com.chittysync.intake.NotionWebhookService;
import com.chittysync.observe.Invocation;
import com.chittysync.observe.metrics.Dimensions;
import com.chittysync.observe.metrics.Metric;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * {@code POST /webhooks/notion} behind the API Gateway HTTP API (payload format 2.0). Only
 * translates: the body goes to {@link NotionWebhookService} as the exact bytes received (the
 * signature covers them), decoded from base64 when API Gateway encoded it.
 */
public final class WebhookHandler
    implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
  private final NotionWebhookService service;

  /** Lambda's entry: builds the component once, during the init phase. */
  public WebhookHandler() {
    this(WebhookComponent.create(System.getenv()).notionWebhookService());
    // SnapStart: prime the expensive clients before the snapshot is taken.
    SnapStartPriming.register("webhook", System.getenv());
  }

  /** For tests and the CLI: handles deliveries with {@code service}. */
  public WebhookHandler(NotionWebhookService service) {
    this.service = service;
  }

  @Override
  public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
    try (Invocation invocation =
        Invocation.begin("webhook", context == null ? null : context.getAwsRequestId())) {
      HttpResult result = service.handle(event.getHeaders(), body(event), sourceIp(event));
      count(invocation, result.status());
      return APIGatewayV2HTTPResponse.builder()
          .withStatusCode(result.status())
          .withHeaders(Map.of("content-type", result.contentType(), "cache-control", "no-store"))
          .withBody(result.body())
          .build();
    }
  }

  /**
   * A delivery the service answered 2xx was accepted (a handshake too); 4xx means it refused it
   * (bad signature, malformed, unknown). A 5xx is neither: Notion delivers it again.
   */
  private static void count(Invocation invocation, int status) {
    if (status < 300) {
      invocation.metrics().increment(Metric.WEBHOOK_DELIVERIES_ACCEPTED, Dimensions.none());
      invocation.metrics().add(Metric.WEBHOOK_DELIVERIES_REFUSED, Dimensions.none(), 0);
    } else if (status < 500) {
      invocation.metrics().add(Metric.WEBHOOK_DELIVERIES_ACCEPTED, Dimensions.none(), 0);
      invocation.metrics().increment(Metric.WEBHOOK_DELIVERIES_REFUSED, Dimensions.none());
    }
  }

  /** The caller's address as API Gateway saw it (headers can be forged; this cannot). */
  private static String sourceIp(APIGatewayV2HTTPEvent event) {
    var context = event.getRequestContext();
    return context == null || context.getHttp() == null ? null : context.getHttp().getSourceIp();
  }

  private static byte[] body(APIGatewayV2HTTPEvent event) {
    String body = event.getBody();
    if (body == null) {
      return new byte[0];
    }
    if (event.getIsBase64Encoded()) {
      try {
        return Base64.getDecoder().decode(body);
      } catch (IllegalArgumentException e) {
        // API Gateway never produces bad base64; treat it as an unreadable body (400).
        return body.getBytes(StandardCharsets.UTF_8);
      }
    }
    return body.getBytes(StandardCharsets.UTF_8);
  }
}
