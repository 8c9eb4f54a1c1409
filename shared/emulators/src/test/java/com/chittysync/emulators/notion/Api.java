package com.chittysync.emulators.notion;

import com.chittysync.emulators.RepoRoot;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A tiny Notion client for tests: java.net.http against the running emulator. */
final class Api {
  /** A response: status, parsed body (null if empty) and headers. */
  record Response(int status, JsonNode body, Map<String, String> headers) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  static final Path FIXTURES = RepoRoot.root().resolve("../shared/reference/notion").normalize();

  private final HttpClient http =
      HttpClient.newBuilder()
          .followRedirects(HttpClient.Redirect.NEVER)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final String baseUrl;
  private String token;
  private String version = "2025-09-03";

  Api(NotionEmulator emulator) {
    this.baseUrl = emulator.baseUrl();
    this.token = emulator.token();
  }

  Api token(String token) {
    this.token = token;
    return this;
  }

  Api version(String version) {
    this.version = version;
    return this;
  }

  Response get(String path) {
    return send("GET", path, null);
  }

  Response post(String path, String body) {
    return send("POST", path, body);
  }

  Response patch(String path, String body) {
    return send("PATCH", path, body);
  }

  Response send(String method, String path, String body) {
    try {
      return sendOrThrow(method, path, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Like {@link #send} but lets transport failures (dropped connections) surface. */
  Response sendOrThrow(String method, String path, String body) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (version != null) {
      b.header("Notion-Version", version);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
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

  HttpClient http() {
    return http;
  }

  static JsonNode fixture(String name) {
    try {
      return Json.MAPPER.readTree(FIXTURES.resolve(name).toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
