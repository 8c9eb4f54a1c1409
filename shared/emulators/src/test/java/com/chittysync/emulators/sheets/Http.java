package com.chittysync.emulators.sheets;

import com.chittysync.emulators.RepoRoot;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tiny Sheets client for golden-shape tests: java.net.http against the running emulator, with a
 * token fetched once through the real token endpoint (signed by a hand-made JWT).
 */
final class Http {
  /** A response: status, parsed body (null if empty) and headers (lower-case names). */
  record Response(int status, JsonNode body, Map<String, String> headers) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  static final Path FIXTURES = RepoRoot.root().resolve("../shared/reference/sheets").normalize();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String root;
  private String token;

  Http(SheetsEmulator emulator) {
    this.root = emulator.rootUrl();
  }

  /** Uses this bearer token from now on (null sends none). */
  Http token(String token) {
    this.token = token;
    return this;
  }

  /** Fetches and uses a token for the account, through {@code POST /token}. */
  Http login(ServiceAccount account) {
    Response r = postForm("token", Jwts.grantBody(account, AccessTokens.SPREADSHEETS));
    if (r.status() != 200) {
      throw new IllegalStateException("token: " + r);
    }
    this.token = r.body().get("access_token").asText();
    return this;
  }

  Response get(String path) {
    return send("GET", path, null, "application/json");
  }

  Response post(String path, String body) {
    return send("POST", path, body, "application/json");
  }

  Response put(String path, String body) {
    return send("PUT", path, body, "application/json");
  }

  Response postForm(String path, String body) {
    return send("POST", path, body, "application/x-www-form-urlencoded");
  }

  Response send(String method, String path, String body, String contentType) {
    try {
      return sendOrThrow(method, path, body, contentType);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Like {@link #send} but lets transport failures (dropped connections) surface. */
  Response sendOrThrow(String method, String path, String body, String contentType)
      throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(30));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", contentType);
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      Map<String, String> headers = new TreeMap<>();
      r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
      JsonNode parsed = r.body().isEmpty() ? null : Json.parse(r.body());
      return new Response(r.statusCode(), parsed, headers);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  static JsonNode fixture(String name) {
    try {
      return Json.MAPPER.readTree(FIXTURES.resolve(name).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fixture's text with {@code SPREADSHEET_ID} replaced by a real id. */
  static JsonNode fixture(String name, String spreadsheetId) {
    return Json.parse(
        fixture(name).toString().replace("\"SPREADSHEET_ID\"", "\"" + spreadsheetId + "\""));
  }
}
