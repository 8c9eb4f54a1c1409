package com.chittysync.sync.state.jdbc;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.store.Database;
import com.chittysync.sync.state.CanonicalRecords;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** {@link CanonicalRecords} read from {@code chittysync.canonical_records}. */
public final class JdbcCanonicalRecords implements CanonicalRecords {
  private static final int CHUNK = JdbcRows.CHUNK;

  private final Database database;

  public JdbcCanonicalRecords(Database database) {
    this.database = database;
  }

  @Override
  public Map<String, byte[]> baseHashes(String registry) {
    return database.inTransaction(
        c -> {
          Map<String, byte[]> out = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT record_key, content_hash FROM chittysync.canonical_records WHERE registry = ? AND NOT deleted")) {
            ps.setFetchSize(CHUNK * 4);
            ps.setString(1, registry);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(rs.getString(1), rs.getBytes(2));
              }
            }
          }
          return out;
        });
  }

  @Override
  public Map<String, CanonicalRecord> base(String registry, Collection<String> keys) {
    if (keys.isEmpty()) {
      return new HashMap<>();
    }
    return database.inTransaction(
        c -> {
          Map<String, CanonicalRecord> out = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT record_key, record::text FROM chittysync.canonical_records"
                      + " WHERE registry = ? AND NOT deleted AND record_key = ANY(?)")) {
            ps.setFetchSize(CHUNK);
            ps.setString(1, registry);
            ps.setArray(2, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.put(
                    rs.getString(1), CanonicalRecord.fromJson(rs.getString(1), rs.getString(2)));
              }
            }
          }
          return out;
        });
  }
}
