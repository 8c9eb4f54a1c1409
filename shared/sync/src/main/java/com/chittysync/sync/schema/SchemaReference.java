package com.chittysync.sync.schema;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where a registry's JSON Schema is, as written in the config's {@code schema:} setting. Parsing
 * does no I/O.
 *
 * <ul>
 *   <li>{@link Kind#FILE}: a file path, relative to the config file's directory (absolute paths are
 *       allowed);
 *   <li>{@link Kind#URL}: an {@code http://} or {@code https://} URL;
 *   <li>{@link Kind#CHITTY}: {@code chitty:<name>}, fetched from {@code $CHITTY_SCHEMA_URL/<name>}.
 *       A name is one or more {@code /}-separated segments of letters, digits, {@code .}, {@code _}
 *       and {@code -}, each starting with a letter or digit.
 * </ul>
 *
 * @param kind which form it is
 * @param value the path, the URL, or the name after {@code chitty:}
 */
public record SchemaReference(Kind kind, String value) {
  /** The prefix of schema-service names. */
  public static final String CHITTY_PREFIX = "chitty:";

  private static final Pattern CHITTY_NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)*");

  /** A URI scheme of two or more characters (one letter could be a Windows drive). */
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:.*");

  /** The forms a reference takes. */
  public enum Kind {
    /** A file path. */
    FILE,
    /** An http(s) URL. */
    URL,
    /** A name in the ChittyOS schema service. */
    CHITTY
  }

  public SchemaReference {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(value, "value");
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException saying what is wrong, for a config problem message
   */
  public static SchemaReference parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException(
          "must be a file path, an http(s) URL or chitty:<name>, got an empty value");
    }
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith(CHITTY_PREFIX)) {
      String name = text.substring(CHITTY_PREFIX.length());
      if (!CHITTY_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "chitty: names are segments of letters, digits, '.', '_' and '-' separated by '/',"
                + " each starting with a letter or digit, got '"
                + text
                + "'");
      }
      return new SchemaReference(Kind.CHITTY, name);
    }
    if (lower.startsWith("http://") || lower.startsWith("https://")) {
      try {
        URI uri = new URI(text);
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
          throw new IllegalArgumentException("URL has no host: '" + text + "'");
        }
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("not a valid URL: " + e.getMessage(), e);
      }
      return new SchemaReference(Kind.URL, text);
    }
    if (SCHEME.matcher(text).matches()) {
      throw new IllegalArgumentException(
          "must be a file path, an http(s) URL or chitty:<name>, got '" + text + "'");
    }
    try {
      Path.of(text);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("not a valid file path: " + e.getMessage(), e);
    }
    return new SchemaReference(Kind.FILE, text);
  }

  @Override
  public String toString() {
    return kind == Kind.CHITTY ? CHITTY_PREFIX + value : value;
  }
}
