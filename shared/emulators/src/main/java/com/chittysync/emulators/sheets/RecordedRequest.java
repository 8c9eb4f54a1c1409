package com.chittysync.emulators.sheets;

import java.util.List;
import java.util.Map;

/**
 * One request the emulator received, for assertions and for {@link
 * SheetsEmulator#beforeNextRequest} predicates.
 *
 * @param method the HTTP method, upper case
 * @param path the percent-decoded path, e.g. {@code /v4/spreadsheets/ID/values/My Sheet!A1:D5}
 * @param rawPath the path as sent, e.g. {@code /v4/spreadsheets/ID/values/My%20Sheet!A1:D5}
 * @param query decoded query parameters; repeated ones keep every value in order
 * @param headers request headers; the map looks names up case-insensitively
 * @param body the body as text, after gunzipping a {@code Content-Encoding: gzip} body
 * @param status the status answered; -1 when the connection was dropped without an answer; 0 while
 *     the request is still being served (what {@code beforeNextRequest} predicates see)
 */
public record RecordedRequest(
    String method,
    String path,
    String rawPath,
    Map<String, List<String>> query,
    Map<String, List<String>> headers,
    String body,
    int status) {

  /** The first value of a header, or null. */
  public String header(String name) {
    List<String> values = headers.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** The first value of a query parameter, or null. */
  public String param(String name) {
    List<String> values = query.get(name);
    return values == null || values.isEmpty() ? null : values.get(0);
  }

  /** Whether this is {@code method} on a decoded path containing {@code pathPart}. */
  public boolean is(String method, String pathPart) {
    return this.method.equalsIgnoreCase(method) && path.contains(pathPart);
  }

  /** Whether this request is a Sheets API read (spreadsheets.get, values.get, values.batchGet). */
  public boolean isRead() {
    return path.startsWith("/v4/") && method.equals("GET");
  }

  /** Whether this request is a Sheets API write (any POST or PUT under {@code /v4/}). */
  public boolean isWrite() {
    return path.startsWith("/v4/") && (method.equals("POST") || method.equals("PUT"));
  }

  /** Whether this request went to the OAuth token endpoint. */
  public boolean isTokenRequest() {
    return path.equals("/token");
  }

  RecordedRequest withStatus(int newStatus) {
    return new RecordedRequest(method, path, rawPath, query, headers, body, newStatus);
  }
}
