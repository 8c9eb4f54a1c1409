package com.chittysync.emulators.notion;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The request pipeline: log, injected latency and failures, authentication, version, rate limit,
 * dispatch to {@link ApiHandlers} or {@link OAuthServer}, and the "drop after write" fault.
 */
final class Router implements HttpHandler {
  private final ApiHandlers api;
  private final OAuthServer oauth;
  private final Tokens tokens;
  private final RateLimiter limiter;
  private final Faults faults;
  private final RequestLog log;
  private final Clock clock;

  Router(
      ApiHandlers api,
      OAuthServer oauth,
      Tokens tokens,
      RateLimiter limiter,
      Faults faults,
      RequestLog log,
      Clock clock) {
    this.api = api;
    this.oauth = oauth;
    this.tokens = tokens;
    this.limiter = limiter;
    this.faults = faults;
    this.log = log;
    this.clock = clock;
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    String path = ex.getRequestURI().getRawPath();
    String query = ex.getRequestURI().getRawQuery();
    String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    ApiRequest req = new ApiRequest(method, path, query, body, ex.getRequestHeaders());
    String requestId = UUID.randomUUID().toString();
    boolean logged = false;
    try {
      HttpReply reply;
      try {
        Duration latency = faults.currentLatency();
        if (!latency.isZero()) {
          Thread.sleep(latency.toMillis());
        }
        NotionError injected = faults.nextFailure(method, path);
        if (injected != null) {
          throw injected;
        }
        reply = dispatch(req);
      } catch (NotionError e) {
        reply = new HttpReply(e.status(), e.body(requestId), e.headers());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      } catch (RuntimeException e) {
        reply =
            new HttpReply(
                500,
                new NotionError(500, "internal_server_error", "Unexpected error: " + e)
                    .body(requestId),
                Map.of());
      }
      boolean drop =
          isWrite(method, path) && reply.status() / 100 == 2 && faults.consumeDrop(method, path);
      // Log before answering so a test that has its response also sees the entry.
      log(req, drop ? -1 : reply.status());
      logged = true;
      if (drop) {
        // The write took effect; the client never learns it. Closing the exchange before sending
        // headers makes the JDK server close the socket.
        ex.close();
        return;
      }
      send(ex, reply, requestId);
    } finally {
      if (!logged) {
        log(req, -1);
      }
    }
  }

  private void log(ApiRequest req, int status) {
    log.add(
        new RequestLog.Entry(
            clock.instant(),
            req.method,
            req.path,
            req.rawQuery,
            req.rawBody,
            req.header("Authorization"),
            req.header("Notion-Version"),
            status));
  }

  private static boolean isWrite(String method, String path) {
    return (method.equals("POST") && path.equals("/v1/pages"))
        || (method.equals("PATCH")
            && (path.startsWith("/v1/pages/") || path.startsWith("/v1/data_sources/")));
  }

  private HttpReply dispatch(ApiRequest req) {
    if (!req.path.startsWith("/v1/")) {
      throw NotionError.invalidUrl();
    }
    String[] seg = req.path.substring(4).split("/", -1);
    String m = req.method;
    if (seg[0].equals("oauth") && seg.length == 2) {
      switch (m + " " + seg[1]) {
        case "GET authorize":
          return oauth.authorize(req);
        case "POST token":
          return oauth.token(req);
        case "POST introspect":
          return oauth.introspect(req);
        case "POST revoke":
          return oauth.revoke(req);
        default:
          throw NotionError.invalidUrl();
      }
    }
    req.grant = tokens.authenticate(req.header("Authorization"));
    req.version = ApiVersion.parse(req.header("Notion-Version"));
    limiter.acquire(req.grant.token());
    String route = m + " " + seg[0] + "/" + (seg.length > 1 ? "{id}" : "");
    if (seg.length > 2) {
      route += "/" + seg[2];
    }
    if (seg.length > 3) {
      route += "/{sub}";
    }
    String id = seg.length > 1 ? decode(seg[1]) : null;
    return switch (route) {
      case "GET databases/{id}" -> api.getDatabase(req, id);
      case "POST databases/{id}/query" -> api.queryDatabase(req, id);
      case "GET data_sources/{id}" -> api.getDataSource(req, id);
      case "PATCH data_sources/{id}" -> api.updateDataSource(req, id);
      case "POST data_sources/{id}/query" -> api.queryDataSource(req, id);
      case "POST pages/" -> api.createPage(req);
      case "GET pages/{id}" -> api.getPage(req, id);
      case "PATCH pages/{id}" -> api.updatePage(req, id);
      case "GET pages/{id}/properties/{sub}" -> api.getPageProperty(req, id, seg[3]);
      case "POST search/" -> api.search(req);
      case "GET users/{id}" -> id.equals("me") ? api.me(req) : api.user(req, id);
      default -> throw NotionError.invalidUrl();
    };
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange ex, HttpReply reply, String requestId) throws IOException {
    reply.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
    ex.getResponseHeaders().set("x-notion-request-id", requestId);
    if (reply.body() == null) {
      ex.sendResponseHeaders(reply.status(), -1);
      ex.close();
      return;
    }
    byte[] bytes = Json.write(reply.body()).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    ex.sendResponseHeaders(reply.status(), bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
