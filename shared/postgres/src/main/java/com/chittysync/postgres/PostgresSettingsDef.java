package com.chittysync.postgres;

import com.chittysync.connect.settings.Check;
import com.chittysync.connect.settings.Setting;
import com.chittysync.connect.settings.SettingType;
import com.chittysync.connect.settings.SettingsDef;
import com.chittysync.connect.settings.Validator;
import com.chittysync.core.config.ConfigException;
import com.chittysync.store.DatabaseUrl;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/** The settings a {@code postgres} endpoint understands, and the checks only it makes. */
final class PostgresSettingsDef {
  private PostgresSettingsDef() {}

  /**
   * {@code batch_size} has always accepted a number written as text ({@code "250"}) too, so its
   * type is wider than {@link SettingType#INT}.
   */
  private static final SettingType<Integer> INT_OR_TEXT =
      SettingType.of(
          "integer",
          node -> {
            if (node.isIntegralNumber() && node.canConvertToInt()) {
              return Optional.of(node.intValue());
            }
            if (node.isTextual()) {
              try {
                return Optional.of(Integer.parseInt(node.asText().trim()));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            }
            return Optional.empty();
          });

  static final Setting<String> TABLE =
      Setting.of("table", SettingType.STRING)
          .required("required: the table to sync, as [schema.]table")
          .invalid("must be a string, [schema.]table")
          .validator(PostgresSettingsDef::checkTable)
          .doc("The table to sync, as [schema.]table; schema public by default.");

  static final Setting<Map<String, String>> FIELDS =
      Setting.of("fields", SettingType.FIELDS)
          .required("required: map each canonical field to its column")
          .validator(PostgresSettingsDef::checkFields)
          .doc("Each canonical field to its column; the registry's key field must be mapped.");

  static final Setting<String> URL =
      Setting.of("url", SettingType.SECRET_REF)
          .invalid("must be a string")
          .validator(Validator.secretReferenceOr(PostgresSettingsDef::checkUrl))
          .doc(
              "Another database's URL or a secretsmanager: reference; default the state database.");

  static final Setting<Integer> BATCH_SIZE =
      Setting.of("batch_size", INT_OR_TEXT)
          .defaultValue(PostgresSettings.DEFAULT_BATCH_SIZE)
          .invalid("must be a whole number from 1 to " + PostgresSettings.MAX_BATCH_SIZE)
          .validator(Validator.range(1, PostgresSettings.MAX_BATCH_SIZE))
          .doc("The most ops one statement carries.");

  static final Setting<String> MODIFIED_COLUMN =
      Setting.of("modified_column", SettingType.STRING)
          .invalid("must be a string, a column name")
          .validator(PostgresSettingsDef::checkModifiedColumn)
          .doc("A timestamptz column dating each row's last change; not a field.");

  static final SettingsDef DEF =
      SettingsDef.builder(PostgresEndpointType.TYPE)
          .define(TABLE)
          .define(FIELDS)
          .define(URL)
          .define(BATCH_SIZE)
          .define(MODIFIED_COLUMN)
          .documentOrder("table", "url", "fields", "batch_size", "modified_column")
          .build();

  /**
   * The columns {@code fields} map to.
   *
   * @param columnByField canonical field to column, in config order, without refused ones
   * @param fieldByColumn column to the first field mapped to it
   */
  record Columns(Map<String, String> columnByField, Map<String, String> fieldByColumn) {}

  /**
   * Reads the columns of {@code fields}, telling {@code problem} (field, message) of each name that
   * is not a column name or names a column already mapped.
   */
  static Columns columns(Map<String, String> fields, BiConsumer<String, String> problem) {
    Map<String, String> columns = new LinkedHashMap<>();
    Map<String, String> fieldByColumn = new HashMap<>();
    fields.forEach(
        (field, raw) -> {
          try {
            String column = PgNames.parse(raw == null ? null : raw.trim());
            String other = fieldByColumn.putIfAbsent(column, field);
            if (other != null) {
              problem.accept(
                  field,
                  "column "
                      + PgNames.display(column)
                      + " is already mapped to field '"
                      + other
                      + "'");
            } else {
              columns.put(field, column);
            }
          } catch (IllegalArgumentException e) {
            problem.accept(field, e.getMessage());
          }
        });
    return new Columns(columns, fieldByColumn);
  }

  private static void checkTable(String value, Check check) {
    try {
      List<String> names = PgNames.parseQualified(value.trim());
      String schema = (names.size() == 2 ? names.get(0) : "public").toLowerCase(Locale.ROOT);
      if (PostgresSettings.RESERVED_SCHEMAS.contains(schema) || schema.startsWith("pg_")) {
        check.fail(
            "schema '"
                + (names.size() == 2 ? names.get(0) : "public")
                + "' holds the database's own catalog or ChittySync's state, which no registry"
                + " may sync; name a table of your own");
      }
    } catch (IllegalArgumentException e) {
      check.fail(e.getMessage());
    }
  }

  private static void checkFields(Map<String, String> fields, Check check) {
    columns(fields, check::failAt);
    String keyField = check.registry().key();
    if (!fields.containsKey(keyField)) {
      check.fail(
          "the registry's key field '"
              + keyField
              + "' must be mapped to a column (a PRIMARY KEY or UNIQUE column)");
    }
  }

  private static void checkUrl(String value, Check check) {
    if (value.startsWith("postgres://")
        || value.startsWith("postgresql://")
        || value.startsWith("jdbc:postgresql://")) {
      try {
        DatabaseUrl.parse(check.path(), value);
      } catch (ConfigException e) {
        check.failAll(e.problems());
      }
    } else {
      // Never repeat the value: it may hold a password.
      check.fail(
          "must start with postgres://, postgresql://, jdbc:postgresql:// or secretsmanager:");
    }
  }

  private static void checkModifiedColumn(String value, Check check) {
    String column;
    try {
      column = PgNames.parse(value.trim());
    } catch (IllegalArgumentException e) {
      check.fail(e.getMessage());
      return;
    }
    String field = columns(check.config().fields(), (f, m) -> {}).fieldByColumn().get(column);
    if (field != null) {
      // Every write stamps the column with its own time, so as a field it would never hold what
      // was synced to it; and the key never changes, so it dates nothing.
      String keyField = check.registry().key();
      check.fail(
          "column "
              + PgNames.display(column)
              + " is mapped to "
              + (field.equals(keyField) ? "the key field '" : "field '")
              + field
              + "'; the column that dates each row's changes must not be a field");
    }
  }
}
