package com.chittysync.cli.demo.jdbc;

import com.chittysync.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * The demo's own PostgreSQL tables (a registry kept in PostgreSQL, as a user's would be), seeded,
 * edited and read back by the demo. Never the engine's tables: the demo reads those through the
 * state interfaces, like any other caller.
 */
public final class DemoTables {
  private final Database database;

  public DemoTables(Database database) {
    this.database = database;
  }

  /**
   * Runs {@code statements} (each may hold several, separated by semicolons) in one transaction.
   */
  public void execute(String... statements) {
    database.inTransaction(
        c -> {
          try (Statement st = c.createStatement()) {
            for (String sql : statements) {
              st.execute(sql);
            }
          }
          return null;
        });
  }

  /** How many rows {@code table} (schema-qualified) holds. */
  public long count(String table) {
    return database.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table);
              ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  /**
   * {@code column}'s value as text in the row of {@code table} whose {@code keyColumn} is {@code
   * key}; null when there is no such row (or the value is NULL).
   */
  public String text(String table, String column, String keyColumn, String key) {
    return database.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT " + column + "::text FROM " + table + " WHERE " + keyColumn + " = ?")) {
            ps.setString(1, key);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? rs.getString(1) : null;
            }
          }
        });
  }
}
