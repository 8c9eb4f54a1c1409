package com.chittysync.postgres;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What {@code check()} learned about the table: the mapped columns with their types, and the SQL
 * built from them. Every identifier in the SQL is quoted; values only ever travel as parameters.
 *
 * @param columns the mapped columns, in config order
 * @param key the index of the key column in {@code columns}
 * @param modified the column dating each row's last change, if configured: read, never compared,
 *     set by every create and update
 */
record TableShape(
    String tableSql, List<PgColumn> columns, int key, Optional<PgColumn> modified, Cache cache) {

  /**
   * What creates and updates set the modification column to: the writing transaction's start time.
   * Our writes are changes like any other: a row we create or change must be dated (a create would
   * otherwise be undated, or dated by the column's default, and an update would keep the date of
   * the edit it replaced), so that the next conflict over the row weighs the time the row really
   * last changed, and so that whatever else reads the column (an export, an app's "changed since")
   * sees our writes. One apply call is one transaction, so all its writes share one time; a trigger
   * that maintains the column itself still has the last word.
   */
  private static final String STAMP = "pg_catalog.now()";

  TableShape(String tableSql, List<PgColumn> columns, int key, Optional<PgColumn> modified) {
    this(tableSql, List.copyOf(columns), key, modified, new Cache(writable(columns, key)));
  }

  /** The writable columns, and lazily built statements keyed by what they cover. */
  static final class Cache {
    final List<Integer> writable;
    final Map<List<Integer>, String> updates = new ConcurrentHashMap<>();
    final Map<String, String> statements = new ConcurrentHashMap<>();

    Cache(List<Integer> writable) {
      this.writable = List.copyOf(writable);
    }
  }

  PgColumn keyColumn() {
    return columns.get(key);
  }

  /** The canonical fields the database computes. */
  Set<String> readOnlyFields() {
    Set<String> fields = new LinkedHashSet<>();
    for (PgColumn column : columns) {
      if (column.readOnly()) {
        fields.add(column.field());
      }
    }
    return fields;
  }

  /** Indices of the columns that are written and compared: writable, not the key. */
  List<Integer> writable() {
    return cache.writable;
  }

  private static List<Integer> writable(List<PgColumn> columns, int key) {
    List<Integer> writable = new ArrayList<>();
    for (int j = 0; j < columns.size(); j++) {
      if (j != key && !columns.get(j).readOnly()) {
        writable.add(j);
      }
    }
    return writable;
  }

  /** {@code SELECT} of every mapped column (then the modification column, if any). */
  String selectSql() {
    return cache.statements.computeIfAbsent(
        "select",
        k -> {
          StringBuilder sql = new StringBuilder("SELECT ");
          for (int j = 0; j < columns.size(); j++) {
            sql.append(j == 0 ? "" : ", ").append(columns.get(j).selectExpression("tgt"));
          }
          modified.ifPresent(m -> sql.append(", tgt.").append(m.quoted()));
          return sql.append(" FROM ").append(tableSql).append(" AS tgt").toString();
        });
  }

  /**
   * {@code INSERT ... ON CONFLICT (key) DO NOTHING} of the records given; yields the key of each
   * row inserted. (Joining the inserted keys back to the ops in SQL costs a third more than the
   * insert itself; keys are canonical, so they are matched in Java instead.)
   */
  String createSql() {
    return cache.statements.computeIfAbsent(
        "create",
        k -> insert() + " ON CONFLICT (" + keyColumn().quoted() + ") DO NOTHING" + returningKey());
  }

  /**
   * A plain {@code INSERT} of the records given, yielding their keys: what {@link #createSql()}
   * does when none exists yet, a fifth cheaper (no speculative insertion). A unique violation sends
   * the batch to {@link #createSql()}.
   */
  String insertSql() {
    return cache.statements.computeIfAbsent("insert", k -> insert() + returningKey());
  }

  private String insert() {
    StringBuilder into = new StringBuilder(keyColumn().quoted());
    StringBuilder values = new StringBuilder("src.k");
    for (int j : writable()) {
      PgColumn c = columns.get(j);
      into.append(", ").append(c.quoted());
      values.append(", ").append(c.toColumn("src.n" + j));
    }
    modified.ifPresent(
        m -> {
          into.append(", ").append(m.quoted());
          values.append(", ").append(STAMP);
        });
    return "INSERT INTO "
        + tableSql
        + " AS tgt ("
        + into
        + ") SELECT "
        + values
        + " FROM "
        + recordSet(false, true);
  }

  private String returningKey() {
    return " RETURNING tgt." + keyColumn().quoted();
  }

  /**
   * {@code UPDATE} that sets the columns {@code changed} where the row is still as expected; yields
   * the {@code i} of each row updated.
   */
  String updateSql(List<Integer> changed) {
    return cache.updates.computeIfAbsent(
        changed,
        k -> {
          StringBuilder set = new StringBuilder();
          for (int j : changed) {
            PgColumn c = columns.get(j);
            set.append(set.isEmpty() ? "" : ", ")
                .append(c.quoted())
                .append(" = ")
                .append(c.toColumn("src.n" + j));
          }
          modified.ifPresent(m -> set.append(", ").append(m.quoted()).append(" = ").append(STAMP));
          return "UPDATE "
              + tableSql
              + " AS tgt SET "
              + set
              + " FROM "
              + recordSet(true, changed)
              + " WHERE "
              + preconditions()
              + " RETURNING src.i";
        });
  }

  /** {@code DELETE} of the rows still as expected; yields the {@code i} of each row deleted. */
  String deleteSql() {
    return cache.statements.computeIfAbsent(
        "delete",
        k ->
            "DELETE FROM "
                + tableSql
                + " AS tgt USING "
                + recordSet(true, false)
                + " WHERE "
                + preconditions()
                + " RETURNING src.i");
  }

  /**
   * For each op given: {@code i}, whether the key exists, then for each writable column whether it
   * equals the expected value (when {@code expected}), then whether it equals the target value
   * (when {@code target}).
   */
  String probeSql(boolean expected, boolean target) {
    return cache.statements.computeIfAbsent(
        "probe:" + expected + ":" + target,
        k -> {
          PgColumn keyColumn = keyColumn();
          StringBuilder sql =
              new StringBuilder("SELECT src.i, tgt.")
                  .append(keyColumn.quoted())
                  .append(" IS NOT NULL");
          for (int j : writable()) {
            if (expected) {
              sql.append(", ").append(same(j, "src.e" + j));
            }
          }
          for (int j : writable()) {
            if (target) {
              sql.append(", ").append(same(j, "src.n" + j));
            }
          }
          return sql.append(" FROM ")
              .append(recordSet(expected, target))
              .append(" LEFT JOIN ")
              .append(tableSql)
              .append(" AS tgt ON tgt.")
              .append(keyColumn.quoted())
              .append(" = src.k")
              .toString();
        });
  }

  private String preconditions() {
    StringBuilder where = new StringBuilder("tgt.").append(keyColumn().quoted()).append(" = src.k");
    for (int j : writable()) {
      where.append(" AND ").append(same(j, "src.e" + j));
    }
    return where.toString();
  }

  private String same(int j, String value) {
    PgColumn c = columns.get(j);
    return c.same("tgt." + c.quoted(), value);
  }

  private String recordSet(boolean expected, boolean target) {
    return recordSet(expected, target ? writable() : List.of());
  }

  /**
   * The ops of one statement as a relation {@code src(i, k, e<j>..., n<j>...)}: {@code i} the op's
   * 1-based position in the batch, {@code k} its key, {@code e<j>} the expected values of every
   * writable column (when {@code expected}), {@code n<j>} the new values of the columns {@code
   * target}. Parameters: the number of ops, then one {@code text[]} per column in that order, each
   * value cast to its column's type. Unnesting text arrays is several times cheaper for the server
   * than parsing the same values out of a jsonb document, and unnesting them in the select list (in
   * lockstep) avoids materializing each array as {@code FROM unnest(...)} does.
   */
  private String recordSet(boolean expected, List<Integer> target) {
    StringBuilder select =
        new StringBuilder("u.i, u.k::").append(keyColumn().recordType()).append(" AS k");
    StringBuilder unnest =
        new StringBuilder("generate_series(1, ?::int) AS i, unnest(?::text[]) AS k");
    if (expected) {
      for (int j : writable()) {
        column(select, unnest, "e" + j, columns.get(j));
      }
    }
    for (int j : target) {
      column(select, unnest, "n" + j, columns.get(j));
    }
    return "(SELECT " + select + " FROM (SELECT " + unnest + ") AS u) AS src";
  }

  private static void column(StringBuilder select, StringBuilder unnest, String name, PgColumn c) {
    select
        .append(", u.")
        .append(name)
        .append("::")
        .append(c.recordType())
        .append(" AS ")
        .append(name);
    unnest.append(", unnest(?::text[]) AS ").append(name);
  }
}
