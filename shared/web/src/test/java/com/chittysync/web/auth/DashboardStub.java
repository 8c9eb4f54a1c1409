package com.chittysync.web.auth;

import com.chittysync.core.http.HttpResult;
import com.chittysync.core.json.Json;
import com.chittysync.web.http.WebRequest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A stand-in for the dashboard function over real HTTP on 127.0.0.1: the sign-in routes, {@code GET
 * /whoami} (reads) and {@code POST /act} (acts), wired by {@link WebAuthModule} with the dashboard
 * URL set to this server.
 */
final class DashboardStub implements AutoCloseable {
  private final HttpServer server;
  private volatile TestWebComponent component;

  private DashboardStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.createContext("/", this::handle);
    server.start();
  }

  /** A stub over {@code env} plus {@code CHITTYSYNC_DASHBOARD_URL} of itself. */
  static DashboardStub start(Map<String, String> env, Clock clock) throws IOException {
    DashboardStub stub = new DashboardStub();
    Map<String, String> all = new HashMap<>(env);
    all.put(WebAuthSettings.DASHBOARD_URL, stub.url());
    stub.component = TestWebComponent.create(all, clock);
    return stub;
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  TestWebComponent component() {
    return component;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      WebRequest request = request(exchange);
      LoginRoutes routes = component.loginRoutes();
      HttpResult result;
      try {
        result =
            switch (request.method() + " " + request.path()) {
              case "GET /login" -> routes.login(request);
              case "GET /login/callback" -> routes.callback(request);
              case "GET /login/local" -> routes.local(request);
              case "POST /logout" -> routes.logout(request);
              case "GET /whoami" -> whoami(component.access().read(request));
              case "POST /act" -> whoami(component.access().act(request));
              default -> new HttpResult(404, "text/plain", "no such route");
            };
      } catch (AuthRefused refused) {
        result = refused.answer(request);
      }
      for (String cookie : result.cookies()) {
        exchange.getResponseHeaders().add("Set-Cookie", cookie);
      }
      result
          .headers()
          .forEach(
              (k, v) -> {
                if (!k.equals("set-cookie")) {
                  exchange.getResponseHeaders().set(k, v);
                }
              });
      exchange.getResponseHeaders().set("Content-Type", result.contentType());
      byte[] body = result.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(result.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private static HttpResult whoami(Principal p) {
    return HttpResult.json(
        Json.mapper()
            .createObjectNode()
            .put("subject", p.subject())
            .put("name", p.name())
            .put("role", p.role().wire())
            .put("session", !p.sessionId().isEmpty())
            .toString());
  }

  private static WebRequest request(HttpExchange exchange) throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    Map<String, String> cookies = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              String lower = name.toLowerCase(Locale.ROOT);
              if (lower.equals("cookie")) {
                for (String v : values) {
                  for (String c : v.split(";\\s*")) {
                    int eq = c.indexOf('=');
                    if (eq > 0) {
                      cookies.putIfAbsent(c.substring(0, eq), c.substring(eq + 1));
                    }
                  }
                }
              } else {
                headers.put(lower, String.join(",", values));
              }
            });
    Map<String, String> query = new LinkedHashMap<>();
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw != null) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        query.put(
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
    }
    return new WebRequest(
        exchange.getRequestMethod().toUpperCase(Locale.ROOT),
        exchange.getRequestURI().getRawPath(),
        headers,
        cookies,
        query,
        Map.of(),
        body,
        Map.of());
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
