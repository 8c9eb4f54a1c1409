package com.chittysync.postgres;

import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.connect.settings.Settings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A {@code postgres} endpoint's config, validated.
 *
 * @param path the endpoint's config path, for messages
 * @param name the endpoint's name
 * @param schema the table's schema (the name itself, unquoted)
 * @param table the table's name
 * @param columns canonical field to column name, in config order
 * @param keyField the registry's key field
 * @param url the database URL or {@code secretsmanager:} reference, when not the state database
 * @param batchSize the most ops one statement carries
 * @param modifiedColumn the timestamptz column dating each row's last change, if any: read as the
 *     record's modification time, set to the writing transaction's time by this endpoint's writes,
 *     never a field
 */
record PostgresSettings(
    String path,
    String name,
    String schema,
    String table,
    Map<String, String> columns,
    String keyField,
    Optional<String> url,
    int batchSize,
    Optional<String> modifiedColumn) {

  static final int DEFAULT_BATCH_SIZE = 5000;
  static final int MAX_BATCH_SIZE = 100_000;

  PostgresSettings {
    columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
  }

  /**
   * Schemas no endpoint may name: the system catalogs (and every {@code pg_*} schema, reserved by
   * PostgreSQL) and ChittySync's own state, which a registry would otherwise read and overwrite.
   */
  static final Set<String> RESERVED_SCHEMAS = Set.of("information_schema", "chittysync");

  /** {@code schema.table} for messages. */
  String tableDisplay() {
    return PgNames.display(schema) + "." + PgNames.display(table);
  }

  /** {@code "schema"."table"} for SQL. */
  String tableSql() {
    return PgNames.quote(schema) + "." + PgNames.quote(table);
  }

  /**
   * Validates {@code config} without I/O.
   *
   * @return the settings, or empty when {@code problems} got any
   */
  static Optional<PostgresSettings> parse(
      EndpointConfig config, RegistryConfig registry, List<String> problems) {
    Optional<Settings> parsed = PostgresSettingsDef.DEF.parse(config, registry, problems);
    if (parsed.isEmpty()) {
      return Optional.empty();
    }
    Settings settings = parsed.get();
    // The definition's validators accepted these, so parsing them again cannot fail.
    List<String> names = PgNames.parseQualified(settings.get(PostgresSettingsDef.TABLE).trim());
    return Optional.of(
        new PostgresSettings(
            config.path(),
            config.name(),
            names.size() == 2 ? names.get(0) : "public",
            names.get(names.size() - 1),
            PostgresSettingsDef.columns(config.fields(), (field, problem) -> {}).columnByField(),
            registry.key(),
            settings.find(PostgresSettingsDef.URL).map(String::trim),
            settings.get(PostgresSettingsDef.BATCH_SIZE),
            settings.find(PostgresSettingsDef.MODIFIED_COLUMN).map(c -> PgNames.parse(c.trim()))));
  }

  /** Every problem with {@code config}, empty when valid. */
  static List<String> problems(EndpointConfig config, RegistryConfig registry) {
    List<String> problems = new ArrayList<>();
    parse(config, registry, problems);
    return problems;
  }
}
