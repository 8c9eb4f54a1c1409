package com.chittysync.sync.state.jdbc;

import com.chittysync.connect.CanonicalRecord;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.store.Database;
import com.chittysync.sync.state.Snapshots;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** {@link Snapshots} read from {@code chittysync.endpoint_snapshots}. */
public final class JdbcSnapshots implements Snapshots {
  private static final int CHUNK = JdbcRows.CHUNK;

  private final Database database;

  public JdbcSnapshots(Database database) {
    this.database = database;
  }

  @Override
  public Map<String, SnapshotHash> snapshotHashes(String registry, String endpoint) {
    return database.inTransaction(
        c -> {
          Map<String, SnapshotHash> out = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT record_key, remote_id, content_hash FROM chittysync.endpoint_snapshots WHERE registry = ? AND endpoint = ?")) {
            ps.setFetchSize(CHUNK * 4);
            ps.setString(1, registry);
            ps.setString(2, endpoint);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                String key = rs.getString(1);
                String remoteId = rs.getString(2);
                // Most records' identity is their key: one string, not two, per record held.
                out.put(
                    key,
                    new SnapshotHash(
                        Optional.ofNullable(key.equals(remoteId) ? key : remoteId),
                        rs.getBytes(3)));
              }
            }
          }
          return out;
        });
  }

  @Override
  public Map<String, Snapshot> snapshots(
      String registry, String endpoint, Collection<String> keys) {
    if (keys.isEmpty()) {
      return new HashMap<>();
    }
    return database.inTransaction(
        c -> {
          Map<String, Snapshot> out = new HashMap<>();
          try (PreparedStatement ps =
              c.prepareStatement(
                  // A snapshot stored by hash only is the canonical record with that hash; while
                  // a crash leaves its plan unfinished, it is that plan's resolved record.
                  "SELECT s.record_key, s.remote_id, coalesce(s.record, c.record,"
                      + " (SELECT r.record FROM chittysync.plans p JOIN chittysync.plan_records r ON r.plan_id = p.plan_id"
                      + " WHERE p.registry = s.registry AND p.status = 'applying' AND r.record_key = s.record_key"
                      + " AND r.content_hash = s.content_hash LIMIT 1))::text"
                      + " FROM chittysync.endpoint_snapshots s LEFT JOIN chittysync.canonical_records c"
                      + " ON c.registry = s.registry AND c.record_key = s.record_key AND c.content_hash = s.content_hash"
                      + " WHERE s.registry = ? AND s.endpoint = ? AND s.record_key = ANY(?)")) {
            ps.setFetchSize(CHUNK);
            ps.setString(1, registry);
            ps.setString(2, endpoint);
            ps.setArray(3, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                if (rs.getString(3) == null) {
                  throw new ChittySyncException(
                      ErrorCode.INTERNAL,
                      "the state store holds endpoint "
                          + endpoint
                          + "'s snapshot of a record of registry '"
                          + registry
                          + "' by hash, but no record with that hash; run `chittysync sync --full`"
                          + " to read every endpoint again");
                }
                out.put(
                    rs.getString(1),
                    new Snapshot(
                        Optional.ofNullable(rs.getString(2)),
                        CanonicalRecord.fromJson(rs.getString(1), rs.getString(3))));
              }
            }
          }
          return out;
        });
  }
}
