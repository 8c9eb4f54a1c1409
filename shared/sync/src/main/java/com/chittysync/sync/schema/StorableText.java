package com.chittysync.sync.schema;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.connect.RecordProblem.FieldError;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Text PostgreSQL cannot hold. A {@code text} value refuses U+0000 (SQLSTATE 22021), and {@code
 * jsonb}, in which the engine stores every snapshot and canonical record, refuses it too in strings
 * and in field names (22P05). A lone surrogate (half of a UTF-16 pair, not Unicode text) is refused
 * by {@code jsonb} when escaped (22P02) and silently turned into {@code ?} by the driver otherwise,
 * and the content hash refuses it. Records holding either are refused before any SQL sees them.
 */
public final class StorableText {
  private StorableText() {}

  /** Whether PostgreSQL can hold {@code text} as it is. */
  public static boolean storable(String text) {
    return unstorableAt(text) < 0;
  }

  /** {@code text} itself when PostgreSQL can hold it, else its {@link UnicodeText#visible} form. */
  public static String storableForm(String text) {
    return text == null || storable(text) ? text : UnicodeText.visible(text);
  }

  /** {@code errors} with every path and message in a form PostgreSQL can hold. */
  public static List<FieldError> storableForm(List<FieldError> errors) {
    for (FieldError e : errors) {
      if (!storable(e.path()) || !storable(e.message())) {
        return errors.stream()
            .map(x -> new FieldError(storableForm(x.path()), storableForm(x.message())))
            .toList();
      }
    }
    return errors;
  }

  /**
   * Every field name and string value of {@code record} that PostgreSQL cannot hold, one error per
   * string, at its JSON-pointer path (in {@link #storableForm} form).
   */
  public static List<FieldError> check(CanonicalRecord record) {
    List<FieldError> errors = null;
    for (Map.Entry<String, JsonNode> field : record.fields().entrySet()) {
      errors = name(field.getKey(), "", errors);
      errors = value(field.getValue(), "/" + pointer(field.getKey()), errors);
    }
    return errors == null ? List.of() : errors;
  }

  /**
   * Why PostgreSQL cannot hold {@code text}, or null when it can: {@code "contains U+0000 NULL at
   * character 3, which PostgreSQL cannot store"}.
   */
  public static String problem(String text) {
    int at = unstorableAt(text);
    if (at < 0) {
      return null;
    }
    char c = text.charAt(at);
    String what =
        c == 0
            ? UnicodeText.describe(c)
            : "a lone surrogate " + String.format(Locale.ROOT, "U+%04X", (int) c) + " (not text)";
    return "contains " + what + " at character " + (at + 1) + ", which PostgreSQL cannot store";
  }

  /** Where the first character PostgreSQL cannot hold is, or -1. */
  private static int unstorableAt(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == 0) {
        return i;
      }
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < text.length()
            && Character.isLowSurrogate(text.charAt(i + 1))) {
          i++;
        } else {
          return i;
        }
      }
    }
    return -1;
  }

  private static List<FieldError> name(String name, String parent, List<FieldError> errors) {
    String problem = problem(name);
    if (problem == null) {
      return errors;
    }
    return add(
        errors,
        parent + "/" + pointer(name),
        "the field name \"" + UnicodeText.visible(name) + "\" " + problem);
  }

  private static List<FieldError> value(JsonNode value, String path, List<FieldError> errors) {
    if (value.isTextual()) {
      String problem = problem(value.textValue());
      return problem == null ? errors : add(errors, path, "the value " + problem);
    }
    if (value.isArray()) {
      for (int i = 0; i < value.size(); i++) {
        errors = value(value.get(i), path + "/" + i, errors);
      }
    } else if (value.isObject()) {
      for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        errors = name(e.getKey(), path, errors);
        errors = value(e.getValue(), path + "/" + pointer(e.getKey()), errors);
      }
    }
    return errors;
  }

  private static List<FieldError> add(List<FieldError> errors, String path, String message) {
    List<FieldError> out = errors == null ? new ArrayList<>(1) : errors;
    out.add(new FieldError(storableForm(path), message));
    return out;
  }

  /** A JSON-pointer reference token (RFC 6901). */
  static String pointer(String name) {
    return name.replace("~", "~0").replace("/", "~1");
  }
}
