package com.chittysync.connect.settings;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a setting's YAML value reads as a Java value. A connector whose setting has always accepted
 * more (a number written as text, say) declares its own type with {@link #of} rather than widen
 * these.
 *
 * @param name the type's name in the documentation table
 * @param read the value, or empty when the node is not of this type
 * @param fieldMapping whether the value is the endpoint's field mapping, which the config loader
 *     keeps apart from the other settings, rather than a settings node
 */
public record SettingType<T>(
    String name, Function<JsonNode, Optional<T>> read, boolean fieldMapping) {

  /** Text, and only text. */
  public static final SettingType<String> STRING =
      of("string", n -> n.isTextual() ? Optional.of(n.asText()) : Optional.empty());

  /** Text or a number or boolean written without quotes, read as its text. */
  public static final SettingType<String> TEXT = of("string", n -> Optional.of(n.asText()));

  /** A whole number that fits an {@code int}, written as a number. */
  public static final SettingType<Integer> INT =
      of(
          "integer",
          n ->
              n.isIntegralNumber() && n.canConvertToInt()
                  ? Optional.of(n.intValue())
                  : Optional.empty());

  /** Any number. */
  public static final SettingType<Double> DOUBLE =
      of("number", n -> n.isNumber() ? Optional.of(n.asDouble()) : Optional.empty());

  /** {@code true} or {@code false}. */
  public static final SettingType<Boolean> BOOLEAN =
      of("boolean", n -> n.isBoolean() ? Optional.of(n.booleanValue()) : Optional.empty());

  /** An ISO-8601 duration ({@code PT30S}) or a number with a unit: {@code 250ms 30s 5m 2h 1d}. */
  public static final SettingType<Duration> DURATION =
      of("duration", n -> n.isTextual() ? duration(n.asText().trim()) : Optional.empty());

  /**
   * Text that is a value or a {@code secretsmanager:} reference to it; pair it with {@link
   * Validator#secretReferenceOr} to check the reference.
   */
  public static final SettingType<String> SECRET_REF =
      of("string or secretsmanager: reference", STRING.read());

  /** A mapping of names to values, in written order. */
  public static final SettingType<Map<String, JsonNode>> MAP =
      of(
          "mapping",
          n -> {
            if (!n.isObject()) {
              return Optional.empty();
            }
            Map<String, JsonNode> map = new LinkedHashMap<>();
            n.properties().forEach(e -> map.put(e.getKey(), e.getValue()));
            return Optional.of(Collections.unmodifiableMap(map));
          });

  /** A list of values. */
  public static final SettingType<List<JsonNode>> LIST =
      of(
          "list",
          n -> {
            if (!n.isArray()) {
              return Optional.empty();
            }
            List<JsonNode> list = new ArrayList<>();
            n.forEach(list::add);
            return Optional.of(Collections.unmodifiableList(list));
          });

  /**
   * The endpoint's {@code fields}: canonical field to the endpoint's own name for it. Absent when
   * empty.
   */
  public static final SettingType<Map<String, String>> FIELDS =
      new SettingType<>("mapping of canonical field to name", n -> Optional.empty(), true);

  private static final Pattern UNIT_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

  /** A type read by {@code read}. */
  public static <T> SettingType<T> of(String name, Function<JsonNode, Optional<T>> read) {
    return new SettingType<>(name, read, false);
  }

  private static Optional<Duration> duration(String text) {
    Matcher m = UNIT_DURATION.matcher(text);
    if (m.matches()) {
      long n;
      try {
        n = Long.parseLong(m.group(1));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
      return Optional.of(
          switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
          });
    }
    try {
      return Optional.of(Duration.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
