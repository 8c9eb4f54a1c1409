package com.chittysync.emulators.notion;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Set;

/**
 * Evaluates Notion's date filter operators ({@code equals}, {@code before}, {@code after}, {@code
 * on_or_before}, {@code on_or_after}, relative values, {@code past_week}..., {@code is_empty}).
 * Date-only values denote a whole UTC day; date-times are instants.
 */
final class DateCondition {
  static final Set<String> OPERATORS =
      Set.of(
          "equals",
          "before",
          "after",
          "on_or_before",
          "on_or_after",
          "is_empty",
          "is_not_empty",
          "past_week",
          "past_month",
          "past_year",
          "this_week",
          "next_week",
          "next_month",
          "next_year");

  /** A point or a day: [start, end). For a date-time, end == start. */
  record Span(Instant start, Instant end, boolean dateOnly) {}

  private DateCondition() {}

  /** Parses an ISO date or date-time (or a relative keyword); null if it is neither. */
  static Span parse(String s, Clock clock) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDate relative =
        switch (s) {
          case "today" -> today;
          case "tomorrow" -> today.plusDays(1);
          case "yesterday" -> today.minusDays(1);
          case "one_week_ago" -> today.minusWeeks(1);
          case "one_week_from_now" -> today.plusWeeks(1);
          case "one_month_ago" -> today.minusMonths(1);
          case "one_month_from_now" -> today.plusMonths(1);
          default -> null;
        };
    if (relative != null) {
      return day(relative);
    }
    try {
      return day(LocalDate.parse(s));
    } catch (DateTimeParseException e) {
      // not a plain date
    }
    try {
      Instant i = OffsetDateTime.parse(s).toInstant();
      return new Span(i, i, false);
    } catch (DateTimeParseException e) {
      // not an offset date-time
    }
    try {
      Instant i = LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
      return new Span(i, i, false);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static Span day(LocalDate d) {
    Instant start = d.atStartOfDay().toInstant(ZoneOffset.UTC);
    return new Span(start, start.plus(Duration.ofDays(1)), true);
  }

  /** Validates one date condition object; {@code path} names it in error messages. */
  static void validate(JsonNode cond, String path, Clock clock) {
    if (!cond.isObject() || cond.size() != 1) {
      throw NotionError.bodyValidation(
          path, "an object with exactly one operator", "`" + cond + "`");
    }
    String op = cond.fieldNames().next();
    if (!OPERATORS.contains(op)) {
      throw NotionError.bodyValidation(path + "." + op, "not present", "`" + cond.get(op) + "`");
    }
    JsonNode v = cond.get(op);
    if (Set.of("equals", "before", "after", "on_or_before", "on_or_after").contains(op)
        && (!v.isTextual() || parse(v.asText(), clock) == null)) {
      throw NotionError.bodyValidation(
          path + "." + op, "a valid ISO 8601 date string", PropertyCodec.describe(v));
    }
    // The SDK types these as literal `true` and as an empty object: anything else is refused.
    if ((op.equals("is_empty") || op.equals("is_not_empty")) && !(v.isBoolean() && v.asBoolean())) {
      throw NotionError.bodyValidation(path + "." + op, "`true`", PropertyCodec.describe(v));
    }
    if (op.startsWith("past_") || op.startsWith("next_") || op.equals("this_week")) {
      if (!v.isObject() || !v.isEmpty()) {
        throw NotionError.bodyValidation(path + "." + op, "an empty object", "`" + v + "`");
      }
    }
  }

  /** Whether {@code value} (null when empty) satisfies {@code cond}. */
  static boolean matches(Span value, JsonNode cond, Clock clock) {
    String op = cond.fieldNames().next();
    JsonNode arg = cond.get(op);
    if (op.equals("is_empty")) {
      return (value == null) == arg.asBoolean(true);
    }
    if (op.equals("is_not_empty")) {
      return (value != null) == arg.asBoolean(true);
    }
    if (value == null) {
      return false;
    }
    Instant v = value.start();
    Instant now = clock.instant();
    switch (op) {
      case "past_week":
        return within(v, now.minus(Duration.ofDays(7)), now);
      case "past_month":
        return within(v, now.minus(Duration.ofDays(30)), now);
      case "past_year":
        return within(v, now.minus(Duration.ofDays(365)), now);
      case "next_week":
        return within(v, now, now.plus(Duration.ofDays(7)));
      case "next_month":
        return within(v, now, now.plus(Duration.ofDays(30)));
      case "next_year":
        return within(v, now, now.plus(Duration.ofDays(365)));
      case "this_week":
        {
          LocalDate sunday =
              LocalDate.ofInstant(now, ZoneOffset.UTC)
                  .with(TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
          Instant s = sunday.atStartOfDay().toInstant(ZoneOffset.UTC);
          return !v.isBefore(s) && v.isBefore(s.plus(Duration.ofDays(7)));
        }
      default:
        break;
    }
    Span o = parse(arg.asText(), clock);
    return switch (op) {
      case "equals" ->
          o.dateOnly() || value.dateOnly()
              ? v.truncatedTo(ChronoUnit.DAYS).equals(o.start().truncatedTo(ChronoUnit.DAYS))
              : v.equals(o.start());
      case "before" -> v.isBefore(o.start());
      case "after" -> o.dateOnly() ? !v.isBefore(o.end()) : v.isAfter(o.start());
      case "on_or_before" -> o.dateOnly() ? v.isBefore(o.end()) : !v.isAfter(o.start());
      case "on_or_after" -> !v.isBefore(o.start());
      default -> false;
    };
  }

  private static boolean within(Instant v, Instant from, Instant to) {
    return !v.isBefore(from) && !v.isAfter(to);
  }
}
