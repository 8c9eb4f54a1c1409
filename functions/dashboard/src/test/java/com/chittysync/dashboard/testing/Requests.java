package com.chittysync.dashboard.testing;

import com.chittysync.web.http.WebRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Requests as a browser would send them to the dashboard. */
public final class Requests {
  private Requests() {}

  /** {@code GET path?query} for HTML. */
  public static WebRequest get(String path, Map<String, String> query) {
    return new WebRequest(
        "GET",
        path,
        Map.of("accept", "text/html", "host", "127.0.0.1"),
        Map.of(),
        query,
        Map.of(),
        "",
        Map.of());
  }

  /** {@code GET path} for HTML. */
  public static WebRequest get(String path) {
    return get(path, Map.of());
  }

  /** {@code GET path} asking for JSON. */
  public static WebRequest json(String path) {
    return new WebRequest(
        "GET",
        path,
        Map.of("accept", "application/json"),
        Map.of(),
        Map.of(),
        Map.of(),
        "",
        Map.of());
  }

  /** An htmx {@code POST path} with form {@code fields}. */
  public static WebRequest post(String path, Map<String, String> fields) {
    StringBuilder body = new StringBuilder();
    fields.forEach(
        (k, v) -> {
          if (body.length() > 0) {
            body.append('&');
          }
          body.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("content-type", "application/x-www-form-urlencoded");
    headers.put("hx-request", "true");
    headers.put("x-csrf-token", "test-csrf");
    headers.put("sec-fetch-site", "same-origin");
    return new WebRequest(
        "POST", path, headers, Map.of(), Map.of(), Map.of(), body.toString(), Map.of());
  }
}
