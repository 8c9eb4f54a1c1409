package com.chittysync.emulators.notion;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** The emulator's own JSON plumbing: one mapper, minified output, Notion's timestamp format. */
public final class Json {
  /** Shared mapper; Jackson mappers are thread-safe once configured. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private Json() {}

  /** A new empty object node. */
  public static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  /** A new empty array node. */
  public static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /** Parses JSON text; throws {@link UncheckedIOException} when it is not JSON. */
  public static JsonNode parse(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses a JSON object literal; convenient in tests and seeds. */
  public static ObjectNode parseObject(String text) {
    return (ObjectNode) parse(text);
  }

  /** Minified JSON, the form Notion sends (webhook signatures depend on it). */
  public static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Notion's timestamp format with millisecond precision, e.g. 2026-01-01T10:05:00.000Z. */
  public static String timestamp(Instant instant) {
    return ISO_MILLIS.format(instant);
  }

  /** Notion rounds created/last-edited times down to the minute. */
  public static String minuteTimestamp(Instant instant) {
    return timestamp(instant.truncatedTo(ChronoUnit.MINUTES));
  }
}
