package com.chittysync.postgres;

import com.chittysync.connect.config.EndpointConfig;
import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.core.config.ConfigException;
import com.chittysync.core.config.SecretReference;
import com.chittysync.store.DatabaseUrl;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
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

  /** The settings a {@code postgres} endpoint understands. */
  static final Set<String> KNOWN =
      Set.of("type", "table", "url", "fields", "batch_size", "modified_column");

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
    int before = problems.size();
    String path = config.path();
    JsonNode settings = config.settings();
    if (settings != null && !settings.isNull() && !settings.isMissingNode()) {
      if (!settings.isObject()) {
        problems.add(path + ": must be a mapping of settings");
      } else {
        for (Iterator<String> it = settings.fieldNames(); it.hasNext(); ) {
          String key = it.next();
          if (!KNOWN.contains(key)) {
            problems.add(
                path
                    + "."
                    + key
                    + ": unknown setting for a postgres endpoint; expected table, url, fields,"
                    + " batch_size or modified_column");
          }
        }
      }
    }

    String schema = null;
    String table = null;
    JsonNode tableNode = settings == null ? null : settings.get("table");
    if (tableNode == null || tableNode.isNull()) {
      problems.add(path + ".table: required: the table to sync, as [schema.]table");
    } else if (!tableNode.isTextual()) {
      problems.add(path + ".table: must be a string, [schema.]table");
    } else {
      try {
        List<String> names = PgNames.parseQualified(tableNode.asText().trim());
        schema = names.size() == 2 ? names.get(0) : "public";
        table = names.get(names.size() - 1);
        if (RESERVED_SCHEMAS.contains(schema.toLowerCase(java.util.Locale.ROOT))
            || schema.toLowerCase(java.util.Locale.ROOT).startsWith("pg_")) {
          problems.add(
              path
                  + ".table: schema '"
                  + schema
                  + "' holds the database's own catalog or ChittySync's state, which no registry"
                  + " may sync; name a table of your own");
        }
      } catch (IllegalArgumentException e) {
        problems.add(path + ".table: " + e.getMessage());
      }
    }

    Map<String, String> columns = new LinkedHashMap<>();
    Map<String, String> fieldByColumn = new HashMap<>();
    if (config.fields().isEmpty()) {
      problems.add(path + ".fields: required: map each canonical field to its column");
    }
    config
        .fields()
        .forEach(
            (field, raw) -> {
              try {
                String column = PgNames.parse(raw == null ? null : raw.trim());
                String other = fieldByColumn.putIfAbsent(column, field);
                if (other != null) {
                  problems.add(
                      path
                          + ".fields."
                          + field
                          + ": column "
                          + PgNames.display(column)
                          + " is already mapped to field '"
                          + other
                          + "'");
                } else {
                  columns.put(field, column);
                }
              } catch (IllegalArgumentException e) {
                problems.add(path + ".fields." + field + ": " + e.getMessage());
              }
            });
    String keyField = registry.key();
    if (!config.fields().isEmpty() && !config.fields().containsKey(keyField)) {
      problems.add(
          path
              + ".fields: the registry's key field '"
              + keyField
              + "' must be mapped to a column (a PRIMARY KEY or UNIQUE column)");
    }

    Optional<String> url = Optional.empty();
    JsonNode urlNode = settings == null ? null : settings.get("url");
    if (urlNode != null && !urlNode.isNull()) {
      if (!urlNode.isTextual()) {
        problems.add(path + ".url: must be a string");
      } else {
        String value = urlNode.asText().trim();
        url = Optional.of(value);
        if (value.startsWith(SecretReference.PREFIX)) {
          try {
            SecretReference.parse(value);
          } catch (IllegalArgumentException e) {
            problems.add(path + ".url: malformed secret reference: " + e.getMessage());
          }
        } else if (value.startsWith("postgres://")
            || value.startsWith("postgresql://")
            || value.startsWith("jdbc:postgresql://")) {
          try {
            DatabaseUrl.parse(path + ".url", value);
          } catch (ConfigException e) {
            problems.addAll(e.problems());
          }
        } else {
          // Never repeat the value: it may hold a password.
          problems.add(
              path
                  + ".url: must start with postgres://, postgresql://, jdbc:postgresql:// or"
                  + " secretsmanager:");
        }
      }
    }

    int batchSize = DEFAULT_BATCH_SIZE;
    JsonNode batchNode = settings == null ? null : settings.get("batch_size");
    if (batchNode != null && !batchNode.isNull()) {
      Integer parsed = null;
      if (batchNode.isIntegralNumber() && batchNode.canConvertToInt()) {
        parsed = batchNode.intValue();
      } else if (batchNode.isTextual()) {
        try {
          parsed = Integer.parseInt(batchNode.asText().trim());
        } catch (NumberFormatException e) {
          parsed = null;
        }
      }
      if (parsed == null || parsed < 1 || parsed > MAX_BATCH_SIZE) {
        problems.add(path + ".batch_size: must be a whole number from 1 to " + MAX_BATCH_SIZE);
      } else {
        batchSize = parsed;
      }
    }

    Optional<String> modifiedColumn = Optional.empty();
    JsonNode modifiedNode = settings == null ? null : settings.get("modified_column");
    if (modifiedNode != null && !modifiedNode.isNull()) {
      if (!modifiedNode.isTextual()) {
        problems.add(path + ".modified_column: must be a string, a column name");
      } else {
        try {
          String column = PgNames.parse(modifiedNode.asText().trim());
          String field = fieldByColumn.get(column);
          if (field == null) {
            modifiedColumn = Optional.of(column);
          } else {
            // Every write stamps the column with its own time, so as a field it would never hold
            // what was synced to it; and the key never changes, so it dates nothing.
            problems.add(
                path
                    + ".modified_column: column "
                    + PgNames.display(column)
                    + " is mapped to "
                    + (field.equals(keyField) ? "the key field '" : "field '")
                    + field
                    + "'; the column that dates each row's changes must not be a field");
          }
        } catch (IllegalArgumentException e) {
          problems.add(path + ".modified_column: " + e.getMessage());
        }
      }
    }

    if (problems.size() > before) {
      return Optional.empty();
    }
    return Optional.of(
        new PostgresSettings(
            path, config.name(), schema, table, columns, keyField, url, batchSize, modifiedColumn));
  }

  /** Every problem with {@code config}, empty when valid. */
  static List<String> problems(EndpointConfig config, RegistryConfig registry) {
    List<String> problems = new ArrayList<>();
    parse(config, registry, problems);
    return problems;
  }
}
