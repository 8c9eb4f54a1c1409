package com.chittysync.sheets;

import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.connect.settings.Settings;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
 * @param requestsPerMinute the service account's average request rate, shared by all its endpoints
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
    int maxRetries,
    double requestsPerMinute) {

  /** The header of the key column the connector keeps when the key field is not mapped. */
  public static final String MANAGED_KEY_HEADER = "ChittySync key";

  /** Retries per request by default: with backoff doubling from 1 s, about a minute in all. */
  public static final int DEFAULT_MAX_RETRIES = 6;

  /**
   * Google's quota: 60 reads and 60 writes per minute per user, and a service account is one user.
   */
  public static final double DEFAULT_REQUESTS_PER_MINUTE = 60;

  public SheetsSettings {
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** Settings at the default request rate. */
  public SheetsSettings(
      String path,
      String name,
      String spreadsheetId,
      String sheet,
      int headerRow,
      Map<String, String> headers,
      String keyField,
      Optional<String> credentials,
      int maxRetries) {
    this(
        path,
        name,
        spreadsheetId,
        sheet,
        headerRow,
        headers,
        keyField,
        credentials,
        maxRetries,
        DEFAULT_REQUESTS_PER_MINUTE);
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
    Optional<Settings> parsed = SheetsSettingsDef.DEF.parse(config, registry, problems);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    Settings settings = parsed.get();
    return Optional.of(
        new SheetsSettings(
            config.path(),
            config.name(),
            settings.get(SheetsSettingsDef.SPREADSHEET_ID).trim(),
            settings.get(SheetsSettingsDef.SHEET),
            settings.get(SheetsSettingsDef.HEADER_ROW),
            SheetsSettingsDef.headers(config.fields(), (field, problem) -> {}),
            registry.key(),
            settings.find(SheetsSettingsDef.CREDENTIALS).map(String::trim),
            settings.get(SheetsSettingsDef.MAX_RETRIES),
            settings.get(SheetsSettingsDef.REQUESTS_PER_MINUTE)));
  }
}
