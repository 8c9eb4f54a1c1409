package com.chittysync.core.http;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an HTTP route answers, independent of API Gateway's event types, so that route logic lives
 * in plain classes that tests call directly and handlers only translate.
 *
 * @param status the HTTP status
 * @param contentType the body's media type
 * @param body the body
 * @param headers further response headers by lower-case name ({@code location}, {@code set-cookie},
 *     ...)
 */
public record HttpResult(int status, String contentType, String body, Map<String, String> headers) {
  private static final Logger LOG = LoggerFactory.getLogger(HttpResult.class);

  public HttpResult {
    headers = Map.copyOf(headers);
  }

  /** A result without further headers. */
  public HttpResult(int status, String contentType, String body) {
    this(status, contentType, body, Map.of());
  }

  /**
   * Separates the cookies of {@code set-cookie}: a result holds one value per header name, so
   * several {@code Set-Cookie} headers travel as one value joined by newlines (which no cookie may
   * contain), and the handler splits them into the response's cookie list ({@link #cookies()}).
   */
  public static final String COOKIE_SEPARATOR = "\n";

  /** This result with header {@code name} (lower case) set to {@code value}. */
  public HttpResult withHeader(String name, String value) {
    Map<String, String> more = new LinkedHashMap<>(headers);
    more.put(name.toLowerCase(Locale.ROOT), value);
    return new HttpResult(status, contentType, body, more);
  }

  /** This result with one more {@code Set-Cookie} value, after any it already sets. */
  public HttpResult withCookie(String setCookie) {
    if (setCookie.contains(COOKIE_SEPARATOR)) {
      throw new IllegalArgumentException("a Set-Cookie value cannot contain a newline");
    }
    String before = headers.get("set-cookie");
    return withHeader(
        "set-cookie", before == null ? setCookie : before + COOKIE_SEPARATOR + setCookie);
  }

  /** The {@code Set-Cookie} values this result sets, in order (empty when none). */
  public List<String> cookies() {
    String all = headers.get("set-cookie");
    return all == null || all.isEmpty() ? List.of() : List.of(all.split(COOKIE_SEPARATOR));
  }

  /** 200 with a JSON body. */
  public static HttpResult json(String body) {
    return new HttpResult(200, "application/json", body);
  }

  /** 200 with a plain-text body. */
  public static HttpResult text(String body) {
    return new HttpResult(200, "text/plain; charset=utf-8", body);
  }

  /** An error answer: {@code {"error": {"code", "message"}}}. */
  public static HttpResult error(int status, ErrorCode code, String message) {
    ObjectNode json = Json.mapper().createObjectNode();
    ObjectNode error = json.putObject("error");
    error.put("code", code.code());
    error.put("message", message);
    return new HttpResult(status, "application/json", json.toString());
  }

  /**
   * The answer for a typed failure: its status by code; its message when the caller's request is at
   * fault (4xx). A failure of ours (5xx) answers only what happened in general terms: its message
   * names hosts, databases, secrets and server versions, which are no business of whoever called,
   * so it goes to the log instead.
   */
  public static HttpResult of(ChittySyncException e) {
    int status =
        switch (e.code()) {
          case MALFORMED_INPUT, AUDIT_MALFORMED, CONFIG_INVALID -> 400;
          case ENVELOPE_REJECTED, AUTH_REQUIRED -> 401;
          case AUTH_FORBIDDEN -> 403;
          case DATABASE_UNAVAILABLE, SECRET_UNRESOLVED, AUTH_UNAVAILABLE -> 503;
          default -> 500;
        };
    if (status < 500) {
      return error(status, e.code(), e.getMessage());
    }
    LOG.warn("answering {}: {}", status, e.describe());
    return error(status, e.code(), publicMessage(e.code()));
  }

  private static String publicMessage(ErrorCode code) {
    return switch (code) {
      case DATABASE_UNAVAILABLE -> "the state database is unavailable; retry later";
      case DATABASE_ERROR -> "a state database operation failed; see the function's log";
      case SECRET_UNRESOLVED -> "a secret could not be read; see the function's log";
      case AUTH_UNAVAILABLE -> "the sign-in provider could not be reached; retry later";
      default -> "the request could not be completed; see the function's log";
    };
  }
}
