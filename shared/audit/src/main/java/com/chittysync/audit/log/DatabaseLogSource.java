package com.chittysync.audit.log;

import com.chittysync.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The log as the state database holds it. */
public final class DatabaseLogSource implements LogSource {
  private final Database database;
  private final AuditLog log;

  public DatabaseLogSource(Database database, AuditLog log) {
    this.database = database;
    this.log = log;
  }

  @Override
  public void entries(AuditLog.EntryConsumer consumer) {
    log.entries(0, Long.MAX_VALUE, consumer);
  }

  @Override
  public List<StoredCheckpoint> checkpoints() {
    return log.checkpoints();
  }

  @Override
  public Optional<AuditLog.Head> head() {
    return Optional.of(log.head());
  }

  @Override
  public Map<Long, byte[]> nodes(int level, long from, long to) {
    return read(
        "SELECT level, idx, hash FROM chittysync.audit_nodes WHERE level = "
            + level
            + " AND idx >= "
            + from
            + " AND idx < "
            + to);
  }

  @Override
  public Map<Long, byte[]> allNodes() {
    return read("SELECT level, idx, hash FROM chittysync.audit_nodes");
  }

  private Map<Long, byte[]> read(String sql) {
    return database.withConnection(
        c -> {
          Map<Long, byte[]> nodes = new HashMap<>();
          try (PreparedStatement ps = c.prepareStatement(sql);
              ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              nodes.put(AuditVerifier.nodeKey(rs.getInt(1), rs.getLong(2)), rs.getBytes(3));
            }
          }
          return nodes;
        });
  }
}
