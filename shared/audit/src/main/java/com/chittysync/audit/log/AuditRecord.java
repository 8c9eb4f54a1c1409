package com.chittysync.audit.log;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a caller asks the log to record. The log adds {@code seq} and {@code time} when it appends.
 *
 * @param type what kind of event, for example {@code sync.op}, {@code config.change}, {@code
 *     operator.note}, {@code write.accepted}
 * @param actor who caused it, for example {@code engine}, {@code operator:alex@laptop}, or a
 *     signing key id
 * @param body the type-specific content
 */
public record AuditRecord(String type, String actor, JsonNode body) {
  private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+");

  public AuditRecord {
    Objects.requireNonNull(body, "body");
    if (type == null || !TYPE.matcher(type).matches()) {
      throw new IllegalArgumentException(
          "entry type must be dotted lower-case words like 'operator.note', got '" + type + "'");
    }
    if (actor == null || actor.isBlank()) {
      throw new IllegalArgumentException("entry actor must not be empty");
    }
  }
}
