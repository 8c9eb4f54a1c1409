package com.chittysync.cli;

import com.chittysync.audit.Checkpoint;
import com.chittysync.audit.Note;
import com.chittysync.audit.log.AuditApi;
import com.chittysync.audit.log.AuditLog;
import com.chittysync.audit.log.LogSource;
import com.chittysync.audit.log.StoredCheckpoint;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.Secret;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * A log read from a ChittySync server's audit API ({@code GET /v1/audit/checkpoints} and {@code GET
 * /v1/audit/entries}, and for a witness {@code /checkpoint} and {@code /consistency}), for
 * verifying a deployment from outside without database access. With a token, every request carries
 * {@code Authorization: Bearer <token>}; the token appears in no message.
 */
final class HttpLogSource implements LogSource {
  /** Entries asked for per request; the server caps pages too. */
  static final int PAGE = 10_000;

  private static final String ENTRY_PREFIX = "\"entry\":";

  private final String base;
  private final Optional<Secret> token;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  HttpLogSource(String url) {
    this(url, Optional.empty());
  }

  /** A source sending {@code token} as {@code Authorization: Bearer}, when present. */
  HttpLogSource(String url, Optional<Secret> token) {
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    this.token = token;
  }

  /** The latest signed checkpoint ({@code GET /v1/audit/checkpoint}), or empty when none yet. */
  Optional<StoredCheckpoint> latestCheckpoint() {
    String path = "/v1/audit/checkpoint";
    HttpResponse<String> response = send(path);
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    String note = ok(path, response).body();
    Checkpoint body =
        Checkpoint.parse(Note.parse(note.getBytes(StandardCharsets.UTF_8), 256).text());
    return Optional.of(new StoredCheckpoint(body.size(), body.rootHash(), note));
  }

  /** A consistency proof between two tree sizes ({@code GET /v1/audit/consistency}). */
  List<byte[]> consistency(long from, long to) {
    String path = "/v1/audit/consistency?from=" + from + "&to=" + to;
    JsonNode json;
    try {
      json = Json.mapper().readTree(get(path).body());
    } catch (IOException e) {
      throw new ChittySyncException(ErrorCode.MALFORMED_INPUT, base + path + " is not JSON");
    }
    JsonNode proof = json == null ? null : json.get("proof");
    if (proof == null || !proof.isArray()) {
      throw new ChittySyncException(
          ErrorCode.MALFORMED_INPUT, base + path + " holds no \"proof\" array");
    }
    List<byte[]> proofPath = new ArrayList<>();
    for (JsonNode hash : proof) {
      try {
        proofPath.add(HexFormat.of().parseHex(hash.asText()));
      } catch (IllegalArgumentException e) {
        throw new ChittySyncException(
            ErrorCode.MALFORMED_INPUT, base + path + " holds a hash that is not hex");
      }
    }
    return proofPath;
  }

  /**
   * Every checkpoint, page by page: a page cut short names the {@code after} of the next in its
   * {@value AuditApi#NEXT_HEADER} header. A server older than paging serves them all at once.
   */
  @Override
  public List<StoredCheckpoint> checkpoints() {
    List<StoredCheckpoint> out = new ArrayList<>();
    String path = "/v1/audit/checkpoints";
    long after = -1;
    while (true) {
      HttpResponse<String> page = get(path);
      JsonNode list;
      try {
        list = Json.mapper().readTree(page.body());
      } catch (IOException e) {
        throw new ChittySyncException(ErrorCode.MALFORMED_INPUT, base + path + " is not JSON");
      }
      if (list == null || !list.isArray()) {
        throw new ChittySyncException(
            ErrorCode.MALFORMED_INPUT, base + path + " is not a JSON array");
      }
      for (JsonNode item : list) {
        String note = item.get("note").asText();
        Checkpoint body =
            Checkpoint.parse(Note.parse(note.getBytes(StandardCharsets.UTF_8), 256).text());
        out.add(new StoredCheckpoint(item.get("tree_size").asLong(), body.rootHash(), note));
      }
      Optional<String> next = page.headers().firstValue(AuditApi.NEXT_HEADER);
      if (next.isEmpty()) {
        return out;
      }
      long n;
      try {
        n = Long.parseLong(next.get().strip());
      } catch (NumberFormatException e) {
        n = -1;
      }
      // A continuation that does not move forward would loop forever.
      if (n <= after || list.isEmpty()) {
        throw new ChittySyncException(
            ErrorCode.MALFORMED_INPUT,
            base + path + " answered " + AuditApi.NEXT_HEADER + ": " + next.get());
      }
      after = n;
      path = "/v1/audit/checkpoints?after=" + n;
    }
  }

  @Override
  public void entries(AuditLog.EntryConsumer consumer) {
    entries(0, Long.MAX_VALUE, consumer);
  }

  /**
   * Entries {@code [from, to)} in order, page by page: a page ends at the server's count or byte
   * cap, and its {@value AuditApi#NEXT_HEADER} header says where the next one starts. A server
   * older than that header ends pages only at {@link #PAGE} entries, so a full page without the
   * header is followed too.
   */
  void entries(long from, long to, AuditLog.EntryConsumer consumer) {
    long position = from;
    while (position < to) {
      long until = to - position > PAGE ? position + PAGE : to;
      HttpResponse<String> page = get("/v1/audit/entries?from=" + position + "&to=" + until);
      int lines = 0;
      long expected = position;
      try (BufferedReader reader = new BufferedReader(new StringReader(page.body()))) {
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
          long seq = json.get("seq").asLong();
          consumer.accept(seq, entry, null);
          expected = seq + 1;
        }
      } catch (ChittySyncException e) {
        throw e;
      } catch (Exception e) {
        throw new ChittySyncException(
            ErrorCode.MALFORMED_INPUT, "bad entries page from " + base + ": " + e.getMessage(), e);
      }
      Optional<String> next = page.headers().firstValue(AuditApi.NEXT_HEADER);
      if (next.isPresent()) {
        long n;
        try {
          n = Long.parseLong(next.get().strip());
        } catch (NumberFormatException e) {
          n = -1;
        }
        // A continuation that goes back could loop forever or serve an entry twice; one that jumps
        // ahead leaves a gap, which the verifier reports as a missing entry.
        if (n <= position || n < expected) {
          throw new ChittySyncException(
              ErrorCode.MALFORMED_INPUT,
              base
                  + "/v1/audit/entries?from="
                  + position
                  + " answered "
                  + AuditApi.NEXT_HEADER
                  + ": "
                  + next.get()
                  + " after entries up to "
                  + (expected - 1)
                  + "; the server is not a ChittySync audit API");
        }
        position = n;
      } else if (lines == PAGE && until - position == PAGE) {
        position = until;
      } else {
        return;
      }
    }
  }

  private HttpResponse<String> get(String path) {
    return ok(path, send(path));
  }

  /**
   * {@code response} when it is a 200; else the failure: a 401 or 403 says to pass (another) {@code
   * --token}.
   */
  private HttpResponse<String> ok(String path, HttpResponse<String> response) {
    int status = response.statusCode();
    if (status == 401 || status == 403) {
      throw new ChittySyncException(
          status == 401 ? ErrorCode.AUTH_REQUIRED : ErrorCode.AUTH_FORBIDDEN,
          token.isEmpty()
              ? "the audit log at " + base + " needs a token: pass --token"
              : "the audit log at "
                  + base
                  + " refused the token (HTTP "
                  + status
                  + "): check --token ('chittysync serve' prints a new one each start)");
    }
    if (status != 200) {
      throw new ChittySyncException(
          ErrorCode.MALFORMED_INPUT,
          "GET " + base + path + " answered " + status + ": " + response.body());
    }
    return response;
  }

  private HttpResponse<String> send(String path) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET();
    token.ifPresent(t -> request.header("Authorization", "Bearer " + t.reveal()));
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ChittySyncException(
          ErrorCode.DATABASE_UNAVAILABLE, "cannot reach " + base + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChittySyncException(ErrorCode.INTERNAL, "interrupted", e);
    }
  }
}
