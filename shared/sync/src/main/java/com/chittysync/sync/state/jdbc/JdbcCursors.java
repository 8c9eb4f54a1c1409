package com.chittysync.sync.state.jdbc;

import com.chittysync.store.Database;
import com.chittysync.sync.state.Cursors;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link Cursors} in {@code chittysync.endpoint_cursors}. */
public final class JdbcCursors implements Cursors {
  private final Database database;

  public JdbcCursors(Database database) {
    this.database = database;
  }

  @Override
  public Map<String, CursorState> cursors(String registry) {
    return database.inTransaction(
        c -> {
          Map<String, CursorState> out = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT endpoint, cursor, last_full_scan_at FROM chittysync.endpoint_cursors WHERE registry = ?")) {
            ps.setString(1, registry);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                Timestamp at = rs.getTimestamp(3);
                out.put(
                    rs.getString(1),
                    new CursorState(
                        Optional.ofNullable(rs.getString(2)),
                        Optional.ofNullable(at).map(Timestamp::toInstant)));
              }
            }
          }
          return out;
        });
  }

  @Override
  public void saveCursor(String registry, String endpoint, String cursor, boolean fullScan) {
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO chittysync.endpoint_cursors (registry, endpoint, cursor, last_full_scan_at, updated_at)"
                      + " VALUES (?, ?, ?, CASE WHEN ? THEN now() END, now())"
                      + " ON CONFLICT (registry, endpoint) DO UPDATE SET cursor = EXCLUDED.cursor,"
                      + " last_full_scan_at = coalesce(EXCLUDED.last_full_scan_at, chittysync.endpoint_cursors.last_full_scan_at),"
                      + " updated_at = now()")) {
            ps.setString(1, registry);
            ps.setString(2, endpoint);
            ps.setString(3, cursor);
            ps.setBoolean(4, fullScan);
            ps.executeUpdate();
          }
          return null;
        });
  }
}
