package com.chittysync.cli;

import com.chittysync.audit.Checkpoint;
import com.chittysync.audit.Note;
import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.LogSource;
import com.chittysync.audit.log.StoredCheckpoint;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A log read from a ChittySync server's audit API ({@code GET /v1/audit/checkpoints} and {@code GET
 * /v1/audit/entries}), for verifying a deployment from outside without database access.
 */
final class HttpLogSource implements LogSource {
  /** Entries asked for per request; the server caps pages too. */
  static final int PAGE = 10_000;

  private static final String ENTRY_PREFIX = "\"entry\":";

  private final String base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  HttpLogSource(String url) {
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  @Override
  public List<StoredCheckpoint> checkpoints() {
    JsonNode list;
    try {
      list = Json.mapper().readTree(get("/v1/audit/checkpoints").body());
    } catch (IOException e) {
      throw new ChittySyncException(
          ErrorCode.MALFORMED_INPUT, base + "/v1/audit/checkpoints is not JSON");
    }
    List<StoredCheckpoint> out = new ArrayList<>();
    for (JsonNode item : list) {
      String note = item.get("note").asText();
      Checkpoint body =
          Checkpoint.parse(Note.parse(note.getBytes(StandardCharsets.UTF_8), 256).text());
      out.add(new StoredCheckpoint(item.get("tree_size").asLong(), body.rootHash(), note));
    }
    return out;
  }

  @Override
  public void entries(AuditLog.EntryConsumer consumer) {
    for (long from = 0; ; from += PAGE) {
      HttpResponse<String> page = get("/v1/audit/entries?from=" + from + "&to=" + (from + PAGE));
      int lines = 0;
      try (BufferedReader reader =
          new BufferedReader(
              new InputStreamReader(
                  new java.io.ByteArrayInputStream(page.body().getBytes(StandardCharsets.UTF_8)),
                  StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          if (line.isEmpty()) {
            continue;
          }
          lines++;
          JsonNode json = Json.mapper().readTree(line);
          // The entry's bytes exactly as served: everything between "entry": and the final brace.
          int start = line.indexOf(ENTRY_PREFIX);
          byte[] entry =
              line.substring(start + ENTRY_PREFIX.length(), line.length() - 1)
                  .getBytes(StandardCharsets.UTF_8);
          consumer.accept(json.get("seq").asLong(), entry, null);
        }
      } catch (ChittySyncException e) {
        throw e;
      } catch (Exception e) {
        throw new ChittySyncException(
            ErrorCode.MALFORMED_INPUT, "bad entries page from " + base + ": " + e.getMessage(), e);
      }
      if (lines < PAGE) {
        return;
      }
    }
  }

  private HttpResponse<String> get(String path) {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .timeout(Duration.ofSeconds(60))
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      if (response.statusCode() != 200) {
        throw new ChittySyncException(
            ErrorCode.MALFORMED_INPUT,
            "GET " + base + path + " answered " + response.statusCode() + ": " + response.body());
      }
      return response;
    } catch (IOException e) {
      throw new ChittySyncException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot reach " + base + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChittySyncException(ErrorCode.INTERNAL, "interrupted", e);
    }
  }
}
