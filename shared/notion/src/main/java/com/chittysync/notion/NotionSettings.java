package com.chittysync.notion;

import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.connect.settings.Settings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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
    Optional<Settings> parsed = NotionSettingsDef.DEF.parse(config, registry, problems);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    Settings settings = parsed.get();
    Map<String, String> properties = new LinkedHashMap<>(config.fields());
    return Optional.of(
        new NotionSettings(
            config.path(),
            config.name(),
            settings.find(NotionSettingsDef.DATABASE_ID).map(id -> dashed(id.trim())),
            settings.find(NotionSettingsDef.DATA_SOURCE_ID).map(id -> dashed(id.trim())),
            properties,
            registry.key(),
            settings.find(NotionSettingsDef.TOKEN),
            settings.get(NotionSettingsDef.REQUESTS_PER_SECOND),
            settings.get(NotionSettingsDef.MAX_RETRIES)));
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
