package com.chittysync.web.http;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP request as the routes see it, independent of API Gateway's event types.
 *
 * @param method upper-case method
 * @param path the raw path
 * @param headers by lower-case name
 * @param cookies by name (the first of a repeated name wins)
 * @param query query parameters (a repeated name joined with commas, as API Gateway does)
 * @param pathParameters the route's path parameters
 * @param body the body as text (empty when none)
 * @param authorizerClaims the claims API Gateway's JWT authorizer verified, empty when the route
 *     has no authorizer or the request carried no token
 */
public record WebRequest(
    String method,
    String path,
    Map<String, String> headers,
    Map<String, String> cookies,
    Map<String, String> query,
    Map<String, String> pathParameters,
    String body,
    Map<String, String> authorizerClaims) {
  public WebRequest {
    headers = Map.copyOf(headers);
    cookies = Map.copyOf(cookies);
    query = Map.copyOf(query);
    pathParameters = Map.copyOf(pathParameters);
    body = body == null ? "" : body;
    authorizerClaims = Map.copyOf(authorizerClaims);
  }

  /** Header {@code name} (any case). */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
  }

  /** Cookie {@code name}. */
  public Optional<String> cookie(String name) {
    return Optional.ofNullable(cookies.get(name));
  }

  /** Query parameter {@code name}. */
  public Optional<String> queryParameter(String name) {
    return Optional.ofNullable(query.get(name));
  }

  /** Whether the client asked for JSON ({@code Accept: application/json}) rather than HTML. */
  public boolean wantsJson() {
    String accept = headers.getOrDefault("accept", "");
    return accept.contains("application/json") && !accept.contains("text/html");
  }

  /** Whether htmx sent it ({@code HX-Request: true}). */
  public boolean fromHtmx() {
    return "true".equalsIgnoreCase(headers.get("hx-request"));
  }

  /** The request of an API Gateway HTTP API (payload format 2.0) event. */
  public static WebRequest from(APIGatewayV2HTTPEvent event) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (event.getHeaders() != null) {
      event.getHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v));
    }
    Map<String, String> cookies = new LinkedHashMap<>();
    List<String> raw = event.getCookies();
    if (raw != null) {
      for (String c : raw) {
        int eq = c.indexOf('=');
        if (eq > 0) {
          cookies.putIfAbsent(c.substring(0, eq).strip(), c.substring(eq + 1).strip());
        }
      }
    }
    String method = "GET";
    Map<String, String> claims = Map.of();
    APIGatewayV2HTTPEvent.RequestContext context = event.getRequestContext();
    if (context != null) {
      if (context.getHttp() != null && context.getHttp().getMethod() != null) {
        method = context.getHttp().getMethod().toUpperCase(Locale.ROOT);
      }
      if (context.getAuthorizer() != null
          && context.getAuthorizer().getJwt() != null
          && context.getAuthorizer().getJwt().getClaims() != null) {
        claims = context.getAuthorizer().getJwt().getClaims();
      }
    }
    String body = event.getBody();
    if (body != null && event.getIsBase64Encoded()) {
      body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
    }
    return new WebRequest(
        method,
        event.getRawPath() == null ? "/" : event.getRawPath(),
        headers,
        cookies,
        event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters(),
        event.getPathParameters() == null ? Map.of() : event.getPathParameters(),
        body,
        claims);
  }
}
