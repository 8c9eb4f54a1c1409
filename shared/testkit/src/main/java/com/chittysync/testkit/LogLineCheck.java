package com.chittysync.testkit;

import com.chittysync.core.json.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a function's stdout line by line against the log contract of issue 18: every line a JSON
 * object, either an EMF document ({@link EmfCheck}) or a log line with {@code timestamp}
 * (ISO-8601), {@code level}, {@code logger}, {@code message} and {@code function}, and nothing but
 * the contract's fields.
 */
public final class LogLineCheck {
  private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
  private static final Set<String> FIELDS =
      Set.of(
          "timestamp",
          "level",
          "logger",
          "message",
          "function",
          "request_id",
          "registry",
          "run_id",
          "plan_id",
          "trigger",
          "error");

  private LogLineCheck() {}

  /** The log lines (not EMF documents) among {@code lines}, parsed. */
  public static List<JsonNode> logLines(List<String> lines) {
    List<JsonNode> out = new ArrayList<>();
    for (String line : lines) {
      if (!EmfCheck.isEmf(line)) {
        out.add(parse(line));
      }
    }
    return out;
  }

  /** What is wrong with {@code lines} as a function's stdout; empty when all is well. */
  public static List<String> violations(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String line : lines) {
      if (EmfCheck.isEmf(line)) {
        EmfCheck.violations(line).forEach(v -> out.add(v + ": " + line));
        continue;
      }
      JsonNode node;
      try {
        node = parse(line);
      } catch (IllegalArgumentException e) {
        out.add("not a JSON line: " + line);
        continue;
      }
      for (String required : List.of("timestamp", "level", "logger", "message", "function")) {
        if (!node.path(required).isTextual()) {
          out.add("no " + required + ": " + line);
        }
      }
      if (!LEVELS.contains(node.path("level").asText())) {
        out.add("level is not a level: " + line);
      }
      try {
        Instant.parse(node.path("timestamp").asText());
      } catch (DateTimeParseException e) {
        out.add("timestamp is not ISO-8601: " + line);
      }
      node.fieldNames()
          .forEachRemaining(
              f -> {
                if (!FIELDS.contains(f)) {
                  out.add("field '" + f + "' is not the contract's: " + line);
                }
              });
    }
    return out;
  }

  private static JsonNode parse(String line) {
    try {
      JsonNode node = Json.mapper().readTree(line);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("not a JSON object: " + line);
      }
      return node;
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + line, e);
    }
  }
}
