package com.chittysync.sync.state.jdbc;

import com.chittysync.store.Database;
import com.chittysync.sync.state.StateAdmin;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link StateAdmin} on the {@code chittysync} schema. The tables to clear are found in the
 * catalogue rather than listed, so a table a later migration adds is forgotten too.
 */
public final class JdbcStateAdmin implements StateAdmin {
  private final Database database;

  public JdbcStateAdmin(Database database) {
    this.database = database;
  }

  @Override
  public void forget(String registry) {
    database.inTransaction(
        c -> {
          List<String> byRegistry = tables(c, "registry");
          List<String> byPlan = tables(c, "plan_id");
          byPlan.removeAll(byRegistry);
          // Children first: what hangs off plans, then what names the registry, then the
          // registry; the order among tables that name the registry is found by foreign keys.
          for (String table : byPlan) {
            if (table.equals("audit_entries")) {
              continue;
            }
            execute(
                c,
                "DELETE FROM chittysync."
                    + table
                    + " WHERE plan_id IN (SELECT plan_id FROM chittysync.plans WHERE registry = ?)",
                registry);
          }
          for (String table : List.of("plans", "validation_reports", "conflicts", "held_deletes")) {
            execute(c, "DELETE FROM chittysync." + table + " WHERE registry = ?", registry);
          }
          for (String table : byRegistry) {
            if (!table.equals("registries") && !table.startsWith("audit")) {
              execute(c, "DELETE FROM chittysync." + table + " WHERE registry = ?", registry);
            }
          }
          execute(c, "DELETE FROM chittysync.registries WHERE name = ?", registry);
          return null;
        });
  }

  private static List<String> tables(Connection c, String column) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t"
                + " ON t.table_schema = c.table_schema AND t.table_name = c.table_name"
                + " WHERE c.table_schema = 'chittysync' AND c.column_name = ?"
                + " AND t.table_type = 'BASE TABLE' ORDER BY c.table_name")) {
      ps.setString(1, column);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    // runs is referenced by the others: delete it last.
    if (out.remove("runs")) {
      out.add("runs");
    }
    return out;
  }

  private static void execute(Connection c, String sql, String registry) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, registry);
      ps.executeUpdate();
    }
  }
}
