package com.chittysync.audit.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads stored checkpoints. */
final class Checkpoints {
  // The served note is the log-signed note followed by the witnesses' cosignature lines.
  private static final String COLUMNS =
      "SELECT c.tree_size, c.root_hash, c.note || coalesce((SELECT string_agg(s.signature_line"
          + " || chr(10), '' ORDER BY s.witness, s.key_id) FROM chittysync.audit_cosignatures s"
          + " WHERE s.tree_size = c.tree_size), '') FROM chittysync.audit_checkpoints c";

  private Checkpoints() {}

  static Optional<StoredCheckpoint> find(Connection c, long size) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(COLUMNS + " WHERE c.tree_size = ?")) {
      ps.setLong(1, size);
      return one(ps);
    }
  }

  static Optional<StoredCheckpoint> latest(Connection c) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(COLUMNS + " ORDER BY c.tree_size DESC LIMIT 1")) {
      return one(ps);
    }
  }

  static List<StoredCheckpoint> all(Connection c) throws SQLException {
    List<StoredCheckpoint> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(COLUMNS + " ORDER BY c.tree_size");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(read(rs));
      }
    }
    return out;
  }

  /** At most {@code limit} checkpoints of trees larger than {@code afterSize}, smallest first. */
  static List<StoredCheckpoint> page(Connection c, long afterSize, int limit) throws SQLException {
    List<StoredCheckpoint> out = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(COLUMNS + " WHERE c.tree_size > ? ORDER BY c.tree_size LIMIT ?")) {
      ps.setLong(1, afterSize);
      ps.setInt(2, limit);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(read(rs));
        }
      }
    }
    return out;
  }

  private static Optional<StoredCheckpoint> one(PreparedStatement ps) throws SQLException {
    try (ResultSet rs = ps.executeQuery()) {
      return rs.next() ? Optional.of(read(rs)) : Optional.empty();
    }
  }

  private static StoredCheckpoint read(ResultSet rs) throws SQLException {
    return new StoredCheckpoint(rs.getLong(1), rs.getBytes(2), rs.getString(3));
  }
}
