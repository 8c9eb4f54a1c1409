package com.chittysync.audit.log;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.core.http.HttpResult;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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

  private final AuditLog log;

  @Inject
  public AuditApi(AuditLog log) {
    this.log = log;
  }

  /** {@code GET /v1/audit/checkpoint}: the latest signed note, cosignatures included. */
  public HttpResult checkpoint() {
    return log.latestCheckpoint()
        .map(c -> HttpResult.text(c.note()))
        .orElseGet(
            () ->
                HttpResult.error(404, ErrorCode.AUDIT_MALFORMED, "the log has no checkpoint yet"));
  }

  /** {@code GET /v1/audit/checkpoints}: every checkpoint, {@code [{"tree_size", "note"}]}. */
  public HttpResult checkpoints() {
    ArrayNode list = Json.mapper().createArrayNode();
    for (StoredCheckpoint c : log.checkpoints()) {
      list.addObject().put("tree_size", c.size()).put("note", c.note());
    }
    return HttpResult.json(list.toString());
  }

  /**
   * {@code GET /v1/audit/entries?from=&to=}: JSON Lines as {@code audit export} prints them, {@code
   * from} inclusive, {@code to} exclusive, at most {@link #MAX_PAGE} per request.
   */
  public HttpResult entries(Map<String, String> query) {
    long from = param(query, "from", 0L);
    long to = param(query, "to", from + MAX_PAGE);
    if (from < 0 || to < from) {
      throw new ChittySyncException(ErrorCode.MALFORMED_INPUT, "need 0 <= from <= to");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    log.entries(
        from,
        Math.min(to, from + MAX_PAGE),
        (seq, entry, leaf) -> AuditJson.writeExportLine(out, seq, entry));
    return new HttpResult(200, "application/x-ndjson", out.toString(StandardCharsets.UTF_8));
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
