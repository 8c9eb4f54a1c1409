package com.chittysync.dashboard.web;

import com.chittysync.core.http.HttpResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a dashboard route answers: status, body bytes, headers by lower-case name, and cookies to
 * set (payload format 2.0 carries cookies apart from headers).
 */
public record Reply(
    int status,
    String contentType,
    byte[] body,
    Map<String, String> headers,
    List<String> cookies) {
  public static final String HTML = "text/html; charset=utf-8";
  public static final String JSON = "application/json";

  public Reply {
    headers = Map.copyOf(headers);
    cookies = List.copyOf(cookies);
  }

  /** {@code status} with an HTML body. */
  public static Reply html(int status, String body) {
    return new Reply(status, HTML, body.getBytes(StandardCharsets.UTF_8), Map.of(), List.of());
  }

  /** {@code status} with a JSON body. */
  public static Reply json(int status, String body) {
    return new Reply(status, JSON, body.getBytes(StandardCharsets.UTF_8), Map.of(), List.of());
  }

  /** 303 to {@code location}. */
  public static Reply seeOther(String location) {
    return new Reply(303, HTML, new byte[0], Map.of("location", location), List.of());
  }

  /** This reply with header {@code name} set to {@code value}. */
  public Reply withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name.toLowerCase(Locale.ROOT), value);
    return new Reply(status, contentType, body, more, cookies);
  }

  /** This reply setting cookie {@code setCookie} too. */
  public Reply withCookie(String setCookie) {
    List<String> more = new ArrayList<>(cookies);
    more.add(setCookie);
    return new Reply(status, contentType, body, headers, more);
  }

  /** The body as text. */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * The reply of a route written against the core's {@link com.chittysync.core.http.HttpResult}.
   */
  public static Reply of(HttpResult result) {
    Map<String, String> headers = new LinkedHashMap<>(result.headers());
    String cookie = headers.remove("set-cookie");
    List<String> cookies = cookie == null ? List.of() : List.of(cookie.split("\n"));
    return new Reply(
        result.status(),
        result.contentType(),
        result.body() == null ? new byte[0] : result.body().getBytes(StandardCharsets.UTF_8),
        headers,
        cookies);
  }
}
