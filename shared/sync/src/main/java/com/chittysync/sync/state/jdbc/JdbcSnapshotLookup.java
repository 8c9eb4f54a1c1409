package com.chittysync.sync.state.jdbc;

import com.chittysync.connect.SnapshotLookup;
import com.chittysync.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link SnapshotLookup} read from {@code chittysync.endpoint_snapshots}. */
public final class JdbcSnapshotLookup implements SnapshotLookup {
  private final Database database;

  public JdbcSnapshotLookup(Database database) {
    this.database = database;
  }

  @Override
  public Map<String, Optional<String>> remoteIdsByKey(String registry, String endpoint) {
    return database.withConnection(
        c -> {
          Map<String, Optional<String>> out = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT record_key, remote_id FROM chittysync.endpoint_snapshots"
                      + " WHERE registry = ? AND endpoint = ?")) {
            ps.setString(1, registry);
            ps.setString(2, endpoint);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(rs.getString(1), Optional.ofNullable(rs.getString(2)));
              }
            }
          }
          return out;
        });
  }
}
