package com.chittysync.postgres;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * PostgreSQL identifiers as the config writes them, with SQL's rules: an unquoted name ({@code
 * people}, {@code People}) matches {@code [A-Za-z_][A-Za-z0-9_$]{0,62}} and is folded to lower
 * case; a double-quoted one ({@code "Mixed Case"}) is taken exactly, with {@code ""} for a quote
 * inside it. Every name is double-quoted again when it goes into SQL, so nothing from the config is
 * ever spliced into a statement as written.
 */
final class PgNames {
  private static final Pattern UNQUOTED = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");
  private static final Pattern PLAIN_LOWER = Pattern.compile("[a-z_][a-z0-9_$]*");

  /** PostgreSQL truncates longer names (NAMEDATALEN - 1). */
  static final int MAX_BYTES = 63;

  private PgNames() {}

  /**
   * The name {@code raw} denotes.
   *
   * @throws IllegalArgumentException saying what is wrong with it
   */
  static String parse(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw new IllegalArgumentException("is empty");
    }
    if (raw.charAt(0) == '"') {
      return parseQuoted(raw);
    }
    if (!UNQUOTED.matcher(raw).matches()) {
      throw new IllegalArgumentException(
          "'"
              + raw
              + "' is not a valid identifier: use letters, digits, _ and $, starting with a"
              + " letter or _, at most 63 characters; double-quote any other name, for example"
              + " '\"Mixed Case\"'");
    }
    return raw.toLowerCase(Locale.ROOT);
  }

  private static String parseQuoted(String raw) {
    if (raw.length() < 2 || raw.charAt(raw.length() - 1) != '"') {
      throw new IllegalArgumentException("'" + raw + "' has no closing double quote");
    }
    StringBuilder name = new StringBuilder();
    for (int i = 1; i < raw.length() - 1; i++) {
      char c = raw.charAt(i);
      if (c == '"') {
        if (i + 1 < raw.length() - 1 && raw.charAt(i + 1) == '"') {
          name.append('"');
          i++;
          continue;
        }
        throw new IllegalArgumentException(
            "'" + raw + "': a double quote inside a quoted identifier must be doubled");
      }
      if (c == '\0') {
        throw new IllegalArgumentException("'" + raw + "' contains a NUL character");
      }
      name.append(c);
    }
    if (name.isEmpty()) {
      throw new IllegalArgumentException("'" + raw + "' is an empty quoted identifier");
    }
    String result = name.toString();
    if (result.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new IllegalArgumentException(
          "'" + raw + "' is longer than " + MAX_BYTES + " bytes, PostgreSQL's limit");
    }
    return result;
  }

  /**
   * Splits {@code [schema.]name} at the dot outside quotes and parses both parts.
   *
   * @return one or two names
   * @throws IllegalArgumentException saying what is wrong
   */
  static List<String> parseQualified(String raw) {
    if (raw == null || raw.isEmpty()) {
      throw new IllegalArgumentException("is empty");
    }
    List<String> parts = new ArrayList<>();
    boolean quoted = false;
    int start = 0;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '.' && !quoted) {
        parts.add(raw.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(raw.substring(start));
    if (parts.size() > 2) {
      throw new IllegalArgumentException(
          "'" + raw + "' has too many parts: write [schema.]table (quote names that contain dots)");
    }
    List<String> names = new ArrayList<>();
    for (String part : parts) {
      if (part.isEmpty()) {
        throw new IllegalArgumentException("'" + raw + "' has an empty name part");
      }
      names.add(parse(part));
    }
    return names;
  }

  /** {@code name} as a quoted SQL identifier. */
  static String quote(String name) {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  /** {@code name} for messages: bare when it needs no quotes, else quoted. */
  static String display(String name) {
    return PLAIN_LOWER.matcher(name).matches() ? name : quote(name);
  }
}
