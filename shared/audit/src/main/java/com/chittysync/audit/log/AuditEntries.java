package com.chittysync.audit.log;

import com.chittysync.audit.Jcs;
import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Builds log entries: the JSON object and its RFC 8785 bytes, which are what gets hashed. */
public final class AuditEntries {
  private AuditEntries() {}

  /**
   * The canonical bytes of the entry {@code {"seq", "time", "type", "actor", "body"}} for {@code
   * record} at {@code seq}, appended at {@code time} (recorded to the millisecond, RFC 3339 UTC).
   */
  public static byte[] canonical(long seq, Instant time, AuditRecord record) {
    ObjectNode entry = Json.mapper().createObjectNode();
    entry.put("seq", seq);
    entry.put("time", formatTime(time));
    entry.put("type", record.type());
    entry.put("actor", record.actor());
    entry.set("body", record.body());
    return Jcs.canonicalize(entry);
  }

  /** RFC 3339 UTC to the millisecond, for example {@code 2026-11-25T01:02:03.456Z}. */
  public static String formatTime(Instant time) {
    return DateTimeFormatter.ISO_INSTANT.format(time.truncatedTo(ChronoUnit.MILLIS));
  }
}
