package com.chittysync.notion;

import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A {@code notion} endpoint's config, validated without I/O.
 *
 * @param path the endpoint's config path, for messages
 * @param name the endpoint's name
 * @param databaseId the database, dashed form, when given
 * @param dataSourceId the data source, dashed form, when given (required for a database with
 *     several data sources)
 * @param properties canonical field to Notion property name, in config order
 * @param keyField the registry's key field
 * @param token the API token or a {@code secretsmanager:} reference, when not {@code
 *     NOTION_API_TOKEN}
 * @param requestsPerSecond the client-side average request rate
 * @param maxRetries retries of one request after a 429 or a 5xx before the op fails
 */
public record NotionSettings(
    String path,
    String name,
    Optional<String> databaseId,
    Optional<String> dataSourceId,
    Map<String, String> properties,
    String keyField,
    Optional<String> token,
    double requestsPerSecond,
    int maxRetries) {

  /** Notion's documented average rate limit per integration. */
  public static final double DEFAULT_REQUESTS_PER_SECOND = 3.0;

  /** Retries per request by default. */
  public static final int DEFAULT_MAX_RETRIES = 6;

  static final Set<String> KNOWN =
      Set.of(
          "type",
          "database_id",
          "data_source_id",
          "fields",
          "token",
          "requests_per_second",
          "max_retries");

  private static final Pattern ID =
      Pattern.compile(
          "[0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  public NotionSettings {
    properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
  }

  /** Whether {@code s} is a Notion id (a UUID, with or without dashes). */
  static boolean isId(String s) {
    return ID.matcher(s).matches();
  }

  /** The Notion property that holds the registry key. */
  public String keyProperty() {
    return properties.get(keyField);
  }

  /**
   * Validates {@code config}.
   *
   * @return the settings, or empty when {@code problems} got any
   */
  public static Optional<NotionSettings> parse(
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
                  + ": unknown setting for a notion endpoint; expected database_id, data_source_id,"
                  + " fields, token, requests_per_second or max_retries");
        }
      }
    }
    Optional<String> database = id(config, "database_id", problems);
    Optional<String> dataSource = id(config, "data_source_id", problems);
    if (database.isEmpty()
        && dataSource.isEmpty()
        && config.setting("database_id") == null
        && config.setting("data_source_id") == null) {
      problems.add(
          path
              + ".database_id: required: the Notion database (or data_source_id) to sync, as in"
              + " its URL");
    }
    Map<String, String> properties = new LinkedHashMap<>();
    Map<String, String> fieldByProperty = new HashMap<>();
    if (config.fields().isEmpty()) {
      problems.add(path + ".fields: required: map each canonical field to its Notion property");
    }
    config
        .fields()
        .forEach(
            (field, property) -> {
              if (property == null || property.isBlank()) {
                problems.add(path + ".fields." + field + ": must name a Notion property");
                return;
              }
              String other = fieldByProperty.putIfAbsent(property, field);
              if (other != null) {
                problems.add(
                    path
                        + ".fields."
                        + field
                        + ": property '"
                        + property
                        + "' is already mapped to field '"
                        + other
                        + "'");
              }
              properties.put(field, property);
            });
    if (!config.fields().isEmpty() && !properties.containsKey(registry.key())) {
      problems.add(
          path
              + ".fields: the registry key '"
              + registry.key()
              + "' must be mapped to a property (pages are matched by it)");
    }
    double rate = DEFAULT_REQUESTS_PER_SECOND;
    JsonNode rateNode = settings == null ? null : settings.get("requests_per_second");
    if (rateNode != null && !rateNode.isNull()) {
      if (!rateNode.isNumber() || rateNode.asDouble() <= 0 || rateNode.asDouble() > 100) {
        problems.add(path + ".requests_per_second: must be a number above 0 and at most 100");
      } else {
        rate = rateNode.asDouble();
      }
    }
    int retries = DEFAULT_MAX_RETRIES;
    JsonNode retryNode = settings == null ? null : settings.get("max_retries");
    if (retryNode != null && !retryNode.isNull()) {
      if (!retryNode.canConvertToInt() || retryNode.asInt() < 0 || retryNode.asInt() > 20) {
        problems.add(path + ".max_retries: must be an integer from 0 to 20");
      } else {
        retries = retryNode.asInt();
      }
    }
    String token = config.setting("token");
    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new NotionSettings(
            path,
            config.name(),
            database,
            dataSource,
            properties,
            registry.key(),
            Optional.ofNullable(token),
            rate,
            retries));
  }

  private static Optional<String> id(EndpointConfig config, String setting, List<String> problems) {
    String raw = config.setting(setting);
    if (raw == null) {
      return Optional.empty();
    }
    String trimmed = raw.trim();
    if (!ID.matcher(trimmed).matches()) {
      problems.add(
          config.path()
              + "."
              + setting
              + ": must be a Notion id (32 hex digits, with or without dashes)");
      return Optional.empty();
    }
    return Optional.of(dashed(trimmed));
  }

  /** The dashed, lower-case form of a Notion id. */
  public static String dashed(String id) {
    String hex = id.replace("-", "").toLowerCase(Locale.ROOT);
    return hex.substring(0, 8)
        + "-"
        + hex.substring(8, 12)
        + "-"
        + hex.substring(12, 16)
        + "-"
        + hex.substring(16, 20)
        + "-"
        + hex.substring(20);
  }
}
