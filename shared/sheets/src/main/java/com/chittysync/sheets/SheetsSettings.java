package com.chittysync.sheets;

import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.core.config.SecretReference;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A {@code sheets} endpoint's config, validated without I/O.
 *
 * @param path the endpoint's config path, for messages
 * @param name the endpoint's name
 * @param spreadsheetId the spreadsheet, as in its URL ({@code /d/<id>/edit})
 * @param sheet the tab's title
 * @param headerRow the one-based row holding the headers; data rows are below it
 * @param headers canonical field to header text, in config order
 * @param keyField the registry's key field
 * @param credentials the service-account JSON, a path to it, or a {@code secretsmanager:}
 *     reference, when not {@code GOOGLE_SERVICE_ACCOUNT}
 * @param maxRetries retries of one request (or one write round) after a 429, a 5xx or no answer
 */
public record SheetsSettings(
    String path,
    String name,
    String spreadsheetId,
    String sheet,
    int headerRow,
    Map<String, String> headers,
    String keyField,
    Optional<String> credentials,
    int maxRetries) {

  /** The header of the key column the connector keeps when the key field is not mapped. */
  public static final String MANAGED_KEY_HEADER = "ChittySync key";

  /** Retries per request by default: with backoff doubling from 1 s, about a minute in all. */
  public static final int DEFAULT_MAX_RETRIES = 6;

  static final Set<String> KNOWN =
      Set.of(
          "type", "spreadsheet_id", "sheet", "header_row", "fields", "credentials", "max_retries");

  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern URL_ID = Pattern.compile("/spreadsheets/d/([A-Za-z0-9_-]+)");

  public SheetsSettings {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /**
   * Whether the connector keeps the key column itself: the key field is mapped to {@link
   * #MANAGED_KEY_HEADER} (or not mapped at all). It then adds that column right of the last header
   * when the tab has none, and gives every row without a key a new one.
   */
  public boolean managedKey() {
    return !headers.containsKey(keyField) || MANAGED_KEY_HEADER.equals(headers.get(keyField));
  }

  /** The header of the key column. */
  public String keyHeader() {
    return managedKey() ? MANAGED_KEY_HEADER : headers.get(keyField);
  }

  /** {@code spreadsheet <id>, tab '<sheet>'}, for messages. */
  public String where() {
    return "spreadsheet " + spreadsheetId + ", tab '" + sheet + "'";
  }

  /**
   * Validates {@code config}.
   *
   * @return the settings, or empty when {@code problems} got any
   */
  public static Optional<SheetsSettings> parse(
      EndpointConfig config, RegistryConfig registry, List<String> problems) {
    int before = problems.size();
    String path = config.path();
    JsonNode settings = config.settings();
    if (settings != null && settings.isObject()) {
      for (Iterator<String> it = settings.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!KNOWN.contains(key)) {
          problems.add(
              path
                  + "."
                  + key
                  + ": unknown setting for a sheets endpoint; expected spreadsheet_id, sheet,"
                  + " header_row, fields, credentials or max_retries");
        }
      }
    }
    String id = spreadsheetId(config, problems);
    String sheet = sheet(config, problems);
    int headerRow = intSetting(settings, "header_row", 1, 1, 10_000_000, path, problems);
    int retries = intSetting(settings, "max_retries", DEFAULT_MAX_RETRIES, 0, 20, path, problems);
    Map<String, String> headers = headers(config, registry, problems);
    Optional<String> credentials = credentials(settings, path, problems);
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new SheetsSettings(
            path,
            config.name(),
            id,
            sheet,
            headerRow,
            headers,
            registry.key(),
            credentials,
            retries));
  }

  private static String spreadsheetId(EndpointConfig config, List<String> problems) {
    String where = config.path() + ".spreadsheet_id";
    JsonNode node = config.settings().get("spreadsheet_id");
    if (node == null || node.isNull()) {
      problems.add(
          where + ": required: the spreadsheet to sync, the part of its URL between /d/ and /edit");
      return null;
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      problems.add(where + ": must be a spreadsheet id (text)");
      return null;
    }
    String id = node.asText().trim();
    if (!ID.matcher(id).matches()) {
      Matcher inUrl = URL_ID.matcher(id);
      problems.add(
          where
              + (inUrl.find()
                  ? ": give the id only, not the URL: " + inUrl.group(1)
                  : ": must be a spreadsheet id (letters, digits, '-' and '_'), the part of the"
                      + " spreadsheet's URL between /d/ and /edit"));
      return null;
    }
    return id;
  }

  private static String sheet(EndpointConfig config, List<String> problems) {
    String where = config.path() + ".sheet";
    JsonNode node = config.settings().get("sheet");
    if (node == null || node.isNull()) {
      problems.add(where + ": required: the tab to sync, by its title (for example Sheet1)");
      return null;
    }
    if (!node.isTextual() || node.asText().isEmpty()) {
      problems.add(where + ": must be the tab's title (text)");
      return null;
    }
    if (node.asText().length() > 100) {
      problems.add(where + ": a tab title has at most 100 characters");
      return null;
    }
    return node.asText();
  }

  private static Map<String, String> headers(
      EndpointConfig config, RegistryConfig registry, List<String> problems) {
    String path = config.path();
    Map<String, String> headers = new LinkedHashMap<>();
    Map<String, String> fieldByHeader = new HashMap<>();
    if (config.fields().isEmpty()) {
      problems.add(
          path + ".fields: required: map each canonical field to its column's header text");
      return headers;
    }
    config
        .fields()
        .forEach(
            (field, header) -> {
              if (header == null || header.isBlank()) {
                problems.add(path + ".fields." + field + ": must name a column header");
                return;
              }
              String trimmed = header.trim();
              String other = fieldByHeader.putIfAbsent(trimmed, field);
              if (other != null) {
                problems.add(
                    path
                        + ".fields."
                        + field
                        + ": header '"
                        + trimmed
                        + "' is already mapped to field '"
                        + other
                        + "'");
                return;
              }
              headers.put(field, trimmed);
            });
    String holder = fieldByHeader.get(MANAGED_KEY_HEADER);
    if (holder != null && !holder.equals(registry.key())) {
      problems.add(
          path
              + ".fields."
              + holder
              + ": header '"
              + MANAGED_KEY_HEADER
              + "' is reserved for the key column ChittySync keeps; map the key field '"
              + registry.key()
              + "' to it, or use another header");
    }
    return headers;
  }

  private static Optional<String> credentials(
      JsonNode settings, String path, List<String> problems) {
    JsonNode node = settings == null ? null : settings.get("credentials");
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    String where = path + ".credentials";
    if (!node.isTextual() || node.asText().isBlank()) {
      problems.add(
          where
              + ": must be text: the service-account key JSON, a path to it, or a"
              + " secretsmanager: reference");
      return Optional.empty();
    }
    String value = node.asText().trim();
    if (value.startsWith(SecretReference.PREFIX)) {
      try {
        SecretReference.parse(value);
      } catch (IllegalArgumentException e) {
        problems.add(where + ": malformed secret reference: " + e.getMessage());
        return Optional.empty();
      }
    } else if (value.startsWith("{")) {
      problems.addAll(ServiceAccountKey.shapeProblems(value, where));
    }
    return Optional.of(value);
  }

  private static int intSetting(
      JsonNode settings,
      String name,
      int fallback,
      int min,
      int max,
      String path,
      List<String> problems) {
    JsonNode node = settings == null ? null : settings.get(name);
    if (node == null || node.isNull()) {
      return fallback;
    }
    if (!node.isIntegralNumber()
        || !node.canConvertToInt()
        || node.asInt() < min
        || node.asInt() > max) {
      problems.add(
          path
              + "."
              + name
              + ": must be a whole number from "
              + min
              + " to "
              + String.format("%,d", max)
              + ", got "
              + node);
      return fallback;
    }
    return node.asInt();
  }
}
