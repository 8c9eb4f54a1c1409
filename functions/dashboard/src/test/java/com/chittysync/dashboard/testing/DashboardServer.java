package com.chittysync.dashboard.testing;

import com.chittysync.dashboard.Dashboard;
import com.chittysync.dashboard.web.Reply;
import com.chittysync.web.http.WebRequest;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves a {@link Dashboard} on 127.0.0.1 (a free port) for browser tests: each exchange becomes a
 * {@link WebRequest} as API Gateway would build it, and {@link Reply} is written back as it is
 * (status, headers, cookies, body). Close it after the test.
 */
public final class DashboardServer implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads;
  private final Dashboard dashboard;

  private DashboardServer(Dashboard dashboard) throws IOException {
    this.dashboard = dashboard;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    threads = Executors.newFixedThreadPool(4);
    server.setExecutor(threads);
    server.createContext("/", this::exchange);
    server.start();
  }

  /** Starts serving {@code dashboard}. */
  public static DashboardServer start(Dashboard dashboard) {
    try {
      return new DashboardServer(dashboard);
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on 127.0.0.1", e);
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The absolute URL of {@code path}. */
  public String url(String path) {
    return base() + path;
  }

  /** The request {@code exchange} carries, as the dashboard sees requests. */
  static WebRequest request(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    Map<String, String> headers = new LinkedHashMap<>();
    exchange
        .getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
    Map<String, String> cookies = new LinkedHashMap<>();
    String cookie = headers.get("cookie");
    if (cookie != null) {
      for (String c : cookie.split(";")) {
        int eq = c.indexOf('=');
        if (eq > 0) {
          cookies.putIfAbsent(c.substring(0, eq).strip(), c.substring(eq + 1).strip());
        }
      }
    }
    Map<String, String> query = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw != null && !raw.isEmpty()) {
      for (String pair : raw.split("&")) {
        int eq = pair.indexOf('=');
        String k = decode(eq >= 0 ? pair.substring(0, eq) : pair);
        String v = eq >= 0 ? decode(pair.substring(eq + 1)) : "";
        query.merge(k, v, (a, b) -> a + "," + b);
      }
    }
    String body;
    try (InputStream in = exchange.getRequestBody()) {
      body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return new WebRequest(
        exchange.getRequestMethod().toUpperCase(Locale.ROOT),
        uri.getRawPath(),
        headers,
        cookies,
        query,
        Map.of(),
        body,
        Map.of());
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private void exchange(HttpExchange exchange) throws IOException {
    try (exchange) {
      Reply reply = dashboard.handle(request(exchange));
      var out = exchange.getResponseHeaders();
      out.set("content-type", reply.contentType());
      reply.headers().forEach(out::set);
      List<String> cookies = reply.cookies();
      if (!cookies.isEmpty()) {
        out.put("set-cookie", cookies);
      }
      boolean head = exchange.getRequestMethod().equalsIgnoreCase("HEAD");
      byte[] body = reply.body();
      exchange.sendResponseHeaders(reply.status(), head || body.length == 0 ? -1 : body.length);
      if (!head && body.length > 0) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(body);
        }
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
