package com.chittysync.audit.log;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.config.Environment;
import com.chittysync.core.http.HttpResult;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import javax.inject.Inject;

/**
 * The audit log's read-only HTTP API, which lets anyone verify the log without database access:
 * {@code GET /v1/audit/checkpoint}, {@code /checkpoints}, {@code /entries}, {@code /proof} and
 * {@code /consistency}. Answers the same JSON the CLI prints.
 */
public final class AuditApi {
  /** The most entries one {@code /entries} request returns. */
  public static final int MAX_PAGE = 10_000;

  /** The setting that sets {@link #DEFAULT_PAGE_BYTES}. */
  public static final String PAGE_BYTES_SETTING = "CHITTYSYNC_AUDIT_PAGE_BYTES";

  /**
   * The default byte budget of one {@code /entries} page, counted as the body would be once escaped
   * into the Lambda response's JSON: 4 MiB, well under Lambda's 6 MB response limit, leaving room
   * for headers and the response envelope.
   */
  public static final int DEFAULT_PAGE_BYTES = 4 * 1024 * 1024;

  /** The smallest and largest budgets {@link #PAGE_BYTES_SETTING} may set. */
  public static final int MIN_PAGE_BYTES = 16 * 1024;

  public static final int MAX_PAGE_BYTES = 5 * 1024 * 1024;

  /** The response header that names the first entry a page left out, when more follow. */
  public static final String NEXT_HEADER = "audit-next";

  private final AuditLog log;
  private final int pageBytes;

  @Inject
  public AuditApi(AuditLog log, Environment env) {
    this(log, env.getInt(PAGE_BYTES_SETTING, DEFAULT_PAGE_BYTES, MIN_PAGE_BYTES, MAX_PAGE_BYTES));
  }

  /** An API with the default page budget. */
  public AuditApi(AuditLog log) {
    this(log, DEFAULT_PAGE_BYTES);
  }

  /** An API whose {@code /entries} pages stay within {@code pageBytes} (but hold one entry). */
  public AuditApi(AuditLog log, int pageBytes) {
    this.log = log;
    this.pageBytes = pageBytes;
  }

  /** {@code GET /v1/audit/checkpoint}: the latest signed note, cosignatures included. */
  public HttpResult checkpoint() {
    return log.latestCheckpoint()
        .map(c -> HttpResult.text(c.note()))
        .orElseGet(
            () ->
                HttpResult.error(404, ErrorCode.AUDIT_MALFORMED, "the log has no checkpoint yet"));
  }

  /** Checkpoints per page of {@code GET /v1/audit/checkpoints}: a few hundred KB of notes. */
  public static final int MAX_CHECKPOINTS_PAGE = 1_000;

  /**
   * {@code GET /v1/audit/checkpoints?after=}: the checkpoints of trees larger than {@code after}
   * (default: all), smallest first, {@code [{"tree_size", "note"}]}, at most {@link
   * #MAX_CHECKPOINTS_PAGE} per request. A log signs a checkpoint per apply, so the list grows
   * without end; when more follow a page, header {@value #NEXT_HEADER} names the {@code after} of
   * the next one (and {@code link} the request for it, {@code rel="next"}).
   */
  public HttpResult checkpoints(Map<String, String> query) {
    long after = param(query, "after", -1L);
    List<StoredCheckpoint> page = log.checkpoints(after, MAX_CHECKPOINTS_PAGE + 1);
    boolean more = page.size() > MAX_CHECKPOINTS_PAGE;
    ArrayNode list = Json.mapper().createArrayNode();
    for (StoredCheckpoint c : more ? page.subList(0, MAX_CHECKPOINTS_PAGE) : page) {
      list.addObject().put("tree_size", c.size()).put("note", c.note());
    }
    HttpResult result = HttpResult.json(list.toString());
    if (more) {
      long last = page.get(MAX_CHECKPOINTS_PAGE - 1).size();
      result =
          result
              .withHeader(NEXT_HEADER, Long.toString(last))
              .withHeader("link", "</v1/audit/checkpoints?after=" + last + ">; rel=\"next\"");
    }
    return result;
  }

  /**
   * {@code GET /v1/audit/entries?from=&to=}: JSON Lines as {@code audit export} prints them, {@code
   * from} inclusive, {@code to} exclusive, at most {@link #MAX_PAGE} entries and the page's byte
   * budget per request, but always at least one entry when there is one. When a page stops before
   * {@code to} and the log holds more, header {@value #NEXT_HEADER} names the first entry left out
   * (and {@code link} the request for it, {@code rel="next"}).
   */
  public HttpResult entries(Map<String, String> query) {
    long from = param(query, "from", 0L);
    // Without "to" the caller wants the rest of the log, so a page cut short names what follows.
    long to = param(query, "to", Long.MAX_VALUE);
    if (from < 0 || to < from) {
      throw new ChittySyncException(ErrorCode.MALFORMED_INPUT, "need 0 <= from <= to");
    }
    long size = log.head().size();
    long end = Math.min(Math.min(to, from + MAX_PAGE), size);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long[] next = {-1};
    long[] used = {0};
    log.entriesWhile(
        from,
        end,
        (seq, entry) -> {
          ByteArrayOutputStream line = new ByteArrayOutputStream(entry.length + 32);
          AuditJson.writeExportLine(line, seq, entry);
          byte[] bytes = line.toByteArray();
          long cost = escapedSize(bytes);
          if (used[0] > 0 && used[0] + cost > pageBytes) {
            next[0] = seq;
            return false;
          }
          out.writeBytes(bytes);
          used[0] += cost;
          return true;
        });
    if (next[0] < 0 && end < Math.min(to, size)) {
      next[0] = end;
    }
    HttpResult result =
        new HttpResult(200, "application/x-ndjson", out.toString(StandardCharsets.UTF_8));
    if (next[0] >= 0) {
      result =
          result
              .withHeader(NEXT_HEADER, Long.toString(next[0]))
              .withHeader(
                  "link",
                  "</v1/audit/entries?from="
                      + next[0]
                      + (to == Long.MAX_VALUE ? "" : "&to=" + to)
                      + ">; rel=\"next\"");
    }
    return result;
  }

  /**
   * An upper bound on the size of {@code bytes} (UTF-8) once escaped as a JSON string, as the
   * Lambda runtime serialises a response body: quotes and backslashes double, control characters
   * may become six bytes, and a serialiser that escapes non-ASCII writes at most three bytes per
   * UTF-8 byte.
   */
  static long escapedSize(byte[] bytes) {
    long size = 0;
    for (byte b : bytes) {
      int u = b & 0xff;
      if (u == '"' || u == '\\') {
        size += 2;
      } else if (u < 0x20) {
        size += 6;
      } else if (u >= 0x80) {
        size += 3;
      } else {
        size += 1;
      }
    }
    return size;
  }

  /**
   * {@code GET /v1/audit/proof?seq=&size=}: an inclusion proof (size defaults to the latest
   * checkpoint).
   */
  public HttpResult proof(Map<String, String> query) {
    long seq = required(query, "seq");
    long size = query.containsKey("size") ? required(query, "size") : latestCheckpointSize();
    return HttpResult.json(AuditJson.inclusion(log.prove(seq, size)).toString());
  }

  /** {@code GET /v1/audit/consistency?from=&to=}: a consistency proof. */
  public HttpResult consistency(Map<String, String> query) {
    return HttpResult.json(
        AuditJson.consistency(log.consistency(required(query, "from"), required(query, "to")))
            .toString());
  }

  private long latestCheckpointSize() {
    return log.latestCheckpoint()
        .map(StoredCheckpoint::size)
        .orElseThrow(
            () ->
                new ChittySyncException(
                    ErrorCode.AUDIT_MALFORMED, "the log has no checkpoint yet; pass size"));
  }

  private static long required(Map<String, String> query, String name) {
    if (query == null || !query.containsKey(name)) {
      throw new ChittySyncException(
          ErrorCode.MALFORMED_INPUT, "query parameter '" + name + "' is required");
    }
    return param(query, name, 0L);
  }

  private static long param(Map<String, String> query, String name, long fallback) {
    String value = query == null ? null : query.get(name);
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new ChittySyncException(
          ErrorCode.MALFORMED_INPUT,
          "query parameter '" + name + "' must be a whole number, got '" + value + "'");
    }
  }
}
