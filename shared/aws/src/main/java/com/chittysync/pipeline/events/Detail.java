package com.chittysync.pipeline.events;

import com.chittysync.core.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;

/** Reads one event's detail field by field, refusing what does not fit with the field's name. */
final class Detail {
  private final String detailType;
  private final JsonNode json;

  private Detail(String detailType, JsonNode json) {
    this.detailType = detailType;
    this.json = json;
  }

  /** The detail {@code json}, a JSON object. */
  static Detail of(String detailType, String json) {
    if (json == null) {
      throw new MalformedEventException(detailType, "detail", detailType + " event has no detail");
    }
    try {
      return of(detailType, Json.mapper().readTree(json));
    } catch (JsonProcessingException e) {
      throw new MalformedEventException(
          detailType,
          "detail",
          detailType + " event's detail is not JSON: " + e.getOriginalMessage());
    }
  }

  /** The detail as Lambda's {@code ScheduledEvent} hands it over. */
  static Detail of(String detailType, Map<String, ?> detail) {
    JsonNode json = detail == null ? null : Json.mapper().valueToTree(detail);
    return of(detailType, json);
  }

  static Detail of(String detailType, JsonNode json) {
    if (json == null || !json.isObject()) {
      throw new MalformedEventException(
          detailType, "detail", detailType + " event's detail is not a JSON object");
    }
    return new Detail(detailType, json);
  }

  /** A required, non-blank text field. */
  String text(String field) {
    return optionalText(field)
        .filter(t -> !t.isBlank())
        .orElseThrow(
            () ->
                new MalformedEventException(
                    detailType, field, detailType + " event has no '" + field + "' in its detail"));
  }

  /** A text field that may be absent (or null). */
  Optional<String> optionalText(String field) {
    JsonNode value = value(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isTextual()) {
      throw refused(field, "is not text");
    }
    return Optional.of(value.asText());
  }

  /** A required UUID field. */
  UUID uuid(String field) {
    String text = text(field);
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw new MalformedEventException(
          detailType, field, detailType + " " + field + " '" + text + "' is not a UUID");
    }
  }

  /** A required count: a whole number, zero or more. */
  int count(String field) {
    int count =
        optionalInt(field)
            .orElseThrow(
                () ->
                    new MalformedEventException(
                        detailType,
                        field,
                        detailType + " event has no '" + field + "' in its detail"));
    if (count < 0) {
      throw refused(field, "is negative");
    }
    return count;
  }

  /** A whole-number field that may be absent. */
  OptionalInt optionalInt(String field) {
    JsonNode value = value(field);
    if (value == null) {
      return OptionalInt.empty();
    }
    if (!value.canConvertToInt() || !value.isIntegralNumber()) {
      throw refused(field, "is not a whole number");
    }
    return OptionalInt.of(value.intValue());
  }

  /**
   * A flag that may be absent (false). {@code "true"} and {@code "false"} are read as the booleans
   * they spell, as the diff function always has.
   */
  boolean flag(String field) {
    JsonNode value = value(field);
    if (value == null) {
      return false;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    if (value.isTextual()
        && (value.asText().equalsIgnoreCase("true") || value.asText().equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(value.asText());
    }
    throw refused(field, "is not true or false");
  }

  /** An array of text that may be absent (empty when present and empty). */
  Optional<List<String>> optionalTexts(String field) {
    JsonNode value = value(field);
    if (value == null) {
      return Optional.empty();
    }
    if (!value.isArray()) {
      throw refused(field, "is not an array");
    }
    List<String> texts = new ArrayList<>(value.size());
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw refused(field, "holds an item that is not text");
      }
      texts.add(item.asText());
    }
    return Optional.of(texts);
  }

  MalformedEventException refused(String field, String why) {
    return new MalformedEventException(
        detailType, field, detailType + " event's '" + field + "' " + why);
  }

  private JsonNode value(String field) {
    JsonNode value = json.get(field);
    return value == null || value.isNull() ? null : value;
  }
}
