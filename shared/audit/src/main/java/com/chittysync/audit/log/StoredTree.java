package com.chittysync.audit.log;

import com.chittysync.audit.LeafSource;
import com.chittysync.audit.Merkle;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The log's Merkle tree as stored: leaf hashes in {@code audit_entries} and the hashes of perfect
 * subtrees whose height is a multiple of {@link #TILE_HEIGHT} in {@code audit_nodes}. Any perfect
 * subtree hash is then one query for at most 2^{@code TILE_HEIGHT - 1} stored hashes, so a proof on
 * a log of a million entries costs about forty short queries.
 *
 * <p>Reads through the caller's connection, so a proof sees one consistent snapshot when the caller
 * holds a transaction.
 */
public final class StoredTree implements LeafSource {
  /** Heights of stored interior nodes are multiples of this. */
  public static final int TILE_HEIGHT = 4;

  private final Connection connection;

  public StoredTree(Connection connection) {
    this.connection = connection;
  }

  /** Whether a completed node of height {@code level} is stored. */
  public static boolean isStoredLevel(int level) {
    return level > 0 && level % TILE_HEIGHT == 0;
  }

  @Override
  public byte[] leafHash(long index) {
    List<byte[]> hashes = leaves(index, index + 1);
    return hashes.get(0);
  }

  @Override
  public byte[] subtreeHash(long start, long end) {
    long width = end - start;
    int height = Long.numberOfTrailingZeros(width);
    int storedLevel = height - height % TILE_HEIGHT;
    List<byte[]> parts;
    if (storedLevel == 0) {
      parts = leaves(start, end);
    } else {
      parts = nodes(storedLevel, start >>> storedLevel, end >>> storedLevel);
    }
    return fold(parts);
  }

  /** MTH of a power-of-two list of sibling subtree hashes. */
  private static byte[] fold(List<byte[]> hashes) {
    List<byte[]> level = hashes;
    while (level.size() > 1) {
      List<byte[]> up = new ArrayList<>(level.size() / 2);
      for (int i = 0; i < level.size(); i += 2) {
        up.add(Merkle.nodeHash(level.get(i), level.get(i + 1)));
      }
      level = up;
    }
    return level.get(0);
  }

  private List<byte[]> leaves(long from, long to) {
    return query(
        "SELECT leaf_hash FROM chittysync.audit_entries WHERE seq >= ? AND seq < ? ORDER BY seq",
        from,
        to,
        to - from,
        "leaf " + from + (to - from > 1 ? ".." + (to - 1) : ""));
  }

  private List<byte[]> nodes(int level, long from, long to) {
    try (PreparedStatement ps =
        connection.prepareStatement(
            "SELECT hash FROM chittysync.audit_nodes WHERE level = ? AND idx >= ? AND idx < ? ORDER BY idx")) {
      ps.setInt(1, level);
      ps.setLong(2, from);
      ps.setLong(3, to);
      return collect(ps, to - from, "tree node " + level + "/" + from + ".." + (to - 1));
    } catch (SQLException e) {
      throw storeError(e);
    }
  }

  private List<byte[]> query(String sql, long from, long to, long expected, String what) {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setLong(1, from);
      ps.setLong(2, to);
      return collect(ps, expected, what);
    } catch (SQLException e) {
      throw storeError(e);
    }
  }

  private static List<byte[]> collect(PreparedStatement ps, long expected, String what)
      throws SQLException {
    List<byte[]> out = new ArrayList<>();
    try (ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(rs.getBytes(1));
      }
    }
    if (out.size() != expected) {
      throw new ChittySyncException(
          ErrorCode.AUDIT_INVALID,
          "the audit log store is missing "
              + what
              + " ("
              + out.size()
              + " of "
              + expected
              + " found)");
    }
    return out;
  }

  private static ChittySyncException storeError(SQLException e) {
    return new ChittySyncException(
        ErrorCode.DATABASE_ERROR, "reading the audit tree failed: " + e.getMessage(), e);
  }
}
