package com.chittysync.audit.log;

import com.chittysync.audit.CompactRange;
import com.chittysync.audit.Merkle;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.store.BinaryCopy;
import com.chittysync.store.Database;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.inject.Inject;

/**
 * The append-only audit log in the state database: an RFC 6962 Merkle tree over RFC 8785 entries.
 *
 * <p>Appends lock the single head row for the length of their transaction, so sequence numbers are
 * gapless and strictly ordered across any number of processes, and a transaction that rolls back
 * leaves no trace. The head keeps the tree's frontier, so an append costs O(log n) whatever the
 * log's size. Everything here works through a transaction-mode pooler.
 */
public final class AuditLog {
  /**
   * The largest entry an append accepts, in canonical bytes. Even escaped for a JSON string at
   * worst (three bytes out per byte in) such an entry fits on one page of the audit API, so every
   * entry stays retrievable through a Lambda response (6 MB).
   */
  public static final int MAX_ENTRY_BYTES = 1024 * 1024;

  private final Database database;
  private final Clock clock;

  @Inject
  public AuditLog(Database database, Clock clock) {
    this.database = database;
    this.clock = clock;
  }

  /** The current size, root and frontier. */
  public record Head(long size, byte[] root, CompactRange frontier) {}

  /** Appends {@code records} in one transaction of its own. */
  public List<AppendedEntry> append(List<AuditRecord> records) {
    return database.inTransaction(c -> append(c, records));
  }

  /**
   * Appends {@code records}, in order, inside the caller's transaction on {@code connection}, so an
   * entry is committed exactly when the change it records is. Holds the head lock until that
   * transaction ends: keep such transactions short.
   */
  public List<AppendedEntry> append(Connection connection, List<AuditRecord> records)
      throws SQLException {
    if (records.isEmpty()) {
      return List.of();
    }
    Head head = lockHead(connection);
    Instant now = clock.instant();
    Timestamp created = Timestamp.from(now);
    int n = records.size();
    Long[] seqs = new Long[n];
    byte[][] entries = new byte[n][];
    byte[][] leaves = new byte[n][];
    String[] types = new String[n];
    Indexed[] indexed = new Indexed[n];
    List<Short> nodeLevels = new ArrayList<>();
    List<Long> nodeIndexes = new ArrayList<>();
    List<byte[]> nodeHashes = new ArrayList<>();
    CompactRange.NodeSink sink =
        (level, index, hash) -> {
          if (StoredTree.isStoredLevel(level)) {
            nodeLevels.add((short) level);
            nodeIndexes.add(index);
            nodeHashes.add(hash);
          }
        };
    CompactRange range = head.frontier();
    List<AppendedEntry> appended = new ArrayList<>(n);
    // Canonical form and leaf hash of each entry are independent: computed in parallel for large
    // batches; the tree is then extended in order.
    IntStream indexes = IntStream.range(0, n);
    (n >= 256 ? indexes.parallel() : indexes)
        .forEach(
            i -> {
              entries[i] = AuditEntries.canonical(head.size() + i, now, records.get(i));
              leaves[i] = Merkle.leafHash(entries[i]);
            });
    for (int i = 0; i < n; i++) {
      if (entries[i].length > MAX_ENTRY_BYTES) {
        throw new ChittySyncException(
            ErrorCode.INPUT_TOO_LARGE,
            "a "
                + records.get(i).type()
                + " entry of "
                + entries[i].length
                + " bytes is over the audit log's limit of "
                + MAX_ENTRY_BYTES
                + " bytes per entry; record less detail in it (for sync.op, the registry's"
                + " 'audit: hashes')");
      }
    }
    for (int i = 0; i < n; i++) {
      long seq = head.size() + i;
      seqs[i] = seq;
      types[i] = records.get(i).type();
      indexed[i] = Indexed.of(records.get(i));
      range = range.append(leaves[i], sink);
      appended.add(new AppendedEntry(seq, leaves[i]));
    }
    // COPY: a sync of many records appends as many entries in one go.
    try (BinaryCopy copy =
        BinaryCopy.open(
            connection,
            "COPY chittysync.audit_entries (seq, entry, leaf_hash, type, created_at, registry,"
                + " record_key, plan_id, actor) FROM STDIN (FORMAT binary)")) {
      for (int i = 0; i < n; i++) {
        copy.row(9)
            .int8(seqs[i])
            .bytes(entries[i])
            .bytes(leaves[i])
            .text(types[i])
            .timestamptz(now);
        Indexed x = indexed[i];
        if (x.registry() == null) {
          copy.nul();
        } else {
          copy.text(x.registry());
        }
        if (x.key() == null) {
          copy.nul();
        } else {
          copy.text(x.key());
        }
        if (x.plan() == null) {
          copy.nul();
        } else {
          copy.uuid(x.plan());
        }
        if (x.actor() == null) {
          copy.nul();
        } else {
          copy.text(x.actor());
        }
      }
      copy.finish();
    }
    if (!nodeHashes.isEmpty()) {
      try (BinaryCopy copy =
          BinaryCopy.open(
              connection,
              "COPY chittysync.audit_nodes (level, idx, hash) FROM STDIN (FORMAT binary)")) {
        for (int i = 0; i < nodeHashes.size(); i++) {
          copy.row(3).int2(nodeLevels.get(i)).int8(nodeIndexes.get(i)).bytes(nodeHashes.get(i));
        }
        copy.finish();
      }
    }
    try (PreparedStatement ps =
        connection.prepareStatement(
            "UPDATE chittysync.audit_head SET tree_size = ?, frontier = ?, root_hash = ?, updated_at = ? WHERE id = 1")) {
      ps.setLong(1, range.size());
      ps.setArray(2, connection.createArrayOf("bytea", range.hashes().toArray(new byte[0][])));
      ps.setBytes(3, range.root());
      ps.setTimestamp(4, created);
      ps.executeUpdate();
    }
    return appended;
  }

  /** Longest registry, record key or actor copied into the filter columns (migration V16). */
  public static final int MAX_INDEXED_CHARS = 256;

  /**
   * The fields of an entry the browser filters on, copied from its record (never parsed back from
   * the bytes): {@code body.registry}, {@code body.key}, {@code body.plan_id} and the actor, each
   * null when absent, not text, or longer than {@link #MAX_INDEXED_CHARS}.
   */
  record Indexed(String registry, String key, UUID plan, String actor) {
    static Indexed of(AuditRecord record) {
      com.fasterxml.jackson.databind.JsonNode body = record.body();
      UUID plan = null;
      com.fasterxml.jackson.databind.JsonNode p = body.path("plan_id");
      if (p.isTextual() && p.asText().length() == 36) {
        try {
          plan = UUID.fromString(p.asText());
        } catch (IllegalArgumentException e) {
          plan = null;
        }
      }
      return new Indexed(
          text(body.path("registry")), text(body.path("key")), plan, bounded(record.actor()));
    }

    private static String text(com.fasterxml.jackson.databind.JsonNode node) {
      return node.isTextual() ? bounded(node.asText()) : null;
    }

    private static String bounded(String s) {
      return s.length() <= MAX_INDEXED_CHARS ? s : null;
    }
  }

  /**
   * What the entries browser filters on; an empty field does not filter.
   *
   * @param type the entry type, exactly
   * @param registry {@code body.registry}, exactly
   * @param key {@code body.key} (a record key), exactly
   * @param plan {@code body.plan_id}: the entries a plan appended
   */
  public record Filter(
      Optional<String> type, Optional<String> registry, Optional<String> key, Optional<UUID> plan) {
    /** No filter. */
    public static final Filter NONE =
        new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
  }

  /**
   * One entry as the browser lists it: its columns, not its bytes.
   *
   * @param registry {@code body.registry}, when the entry has one
   * @param key {@code body.key}, when the entry names a record key in clear
   * @param plan {@code body.plan_id}, when a plan appended it
   */
  public record Listed(
      long seq,
      Instant createdAt,
      String type,
      Optional<String> actor,
      Optional<String> registry,
      Optional<String> key,
      Optional<UUID> plan) {}

  /**
   * At most {@code limit} entries matching {@code filter} with {@code seq < before}, newest first:
   * one index range scan whichever filter is set.
   */
  public List<Listed> list(Filter filter, long before, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT seq, created_at, type, actor, registry, record_key, plan_id"
                + " FROM chittysync.audit_entries WHERE seq < ?");
    List<Object> args = new ArrayList<>();
    args.add(before);
    filter
        .type()
        .ifPresent(
            t -> {
              sql.append(" AND type = ?");
              args.add(t);
            });
    filter
        .registry()
        .ifPresent(
            r -> {
              sql.append(" AND registry = ?");
              args.add(r);
            });
    filter
        .key()
        .ifPresent(
            k -> {
              sql.append(" AND record_key = ?");
              args.add(k);
            });
    filter
        .plan()
        .ifPresent(
            p -> {
              sql.append(" AND plan_id = ?");
              args.add(p);
            });
    sql.append(" ORDER BY seq DESC LIMIT ?");
    args.add(limit);
    return database.withConnection(
        c -> {
          try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < args.size(); i++) {
              ps.setObject(i + 1, args.get(i));
            }
            List<Listed> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                out.add(
                    new Listed(
                        rs.getLong(1),
                        rs.getTimestamp(2).toInstant(),
                        rs.getString(3),
                        Optional.ofNullable(rs.getString(4)),
                        Optional.ofNullable(rs.getString(5)),
                        Optional.ofNullable(rs.getString(6)),
                        Optional.ofNullable(rs.getObject(7, UUID.class))));
              }
            }
            return out;
          }
        });
  }

  /** The exact stored bytes of entry {@code seq}, if the log has it. */
  public Optional<byte[]> entry(long seq) {
    return database.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT entry FROM chittysync.audit_entries WHERE seq = ?")) {
            ps.setLong(1, seq);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.empty();
            }
          }
        });
  }

  /** The head as committed now. */
  public Head head() {
    return database.withConnection(c -> readHead(c, false));
  }

  private static Head lockHead(Connection c) throws SQLException {
    return readHead(c, true);
  }

  static Head readHead(Connection c, boolean lock) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "SELECT tree_size, frontier, root_hash FROM chittysync.audit_head WHERE id = 1"
                    + (lock ? " FOR UPDATE" : ""));
        ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new ChittySyncException(
            ErrorCode.AUDIT_INVALID, "the audit log head row is missing; run 'chittysync migrate'");
      }
      long size = rs.getLong(1);
      Array array = rs.getArray(2);
      byte[][] hashes = (byte[][]) array.getArray();
      CompactRange frontier = CompactRange.of(size, Arrays.asList(hashes));
      byte[] root = rs.getBytes(3);
      return new Head(size, root == null ? Merkle.emptyRoot() : root, frontier);
    }
  }

  /** The stored checkpoint for {@code size}, if any. */
  public Optional<StoredCheckpoint> checkpoint(long size) {
    return database.withConnection(c -> Checkpoints.find(c, size));
  }

  /** The checkpoint with the largest tree size, if any. */
  public Optional<StoredCheckpoint> latestCheckpoint() {
    return database.withConnection(Checkpoints::latest);
  }

  /** Every stored checkpoint, smallest tree first. */
  public List<StoredCheckpoint> checkpoints() {
    return database.withConnection(Checkpoints::all);
  }

  /** At most {@code limit} checkpoints of trees larger than {@code afterSize}, smallest first. */
  public List<StoredCheckpoint> checkpoints(long afterSize, int limit) {
    return database.withConnection(c -> Checkpoints.page(c, afterSize, limit));
  }

  /**
   * An RFC 6962 inclusion proof for entry {@code seq} in the tree of {@code size} entries.
   *
   * @throws ChittySyncException {@code audit.malformed} when {@code seq} or {@code size} is out of
   *     range
   */
  public InclusionProof prove(long seq, long size) {
    requireSize(size);
    if (seq < 0 || seq >= size) {
      throw new ChittySyncException(
          ErrorCode.AUDIT_MALFORMED, "seq " + seq + " is not in a tree of size " + size);
    }
    return database.inTransaction(
        c -> {
          StoredTree tree = new StoredTree(c);
          return new InclusionProof(
              seq, size, tree.leafHash(seq), Merkle.inclusionProof(seq, size, tree));
        });
  }

  /** An RFC 6962 consistency proof between tree sizes {@code from} and {@code to}. */
  public ConsistencyProof consistency(long from, long to) {
    requireSize(to);
    if (from < 1 || from > to) {
      throw new ChittySyncException(
          ErrorCode.AUDIT_MALFORMED,
          "consistency needs 1 <= from <= to, got from " + from + ", to " + to);
    }
    return database.inTransaction(
        c -> new ConsistencyProof(from, to, Merkle.consistencyProof(from, to, new StoredTree(c))));
  }

  /** The root of the tree of the first {@code size} entries, from stored nodes: O(log n). */
  public byte[] root(long size) {
    requireSize(size);
    return database.inTransaction(c -> Merkle.root(size, new StoredTree(c)));
  }

  private void requireSize(long size) {
    long current = head().size();
    if (size < 0 || size > current) {
      throw new ChittySyncException(
          ErrorCode.AUDIT_MALFORMED,
          "tree size " + size + " is outside the log, which has " + current + " entries");
    }
  }

  /** Receives exported entries in order. */
  @FunctionalInterface
  public interface EntryConsumer {
    void accept(long seq, byte[] entry, byte[] leafHash) throws Exception;
  }

  /** Receives entries in order until it answers {@code false}. */
  @FunctionalInterface
  public interface EntryVisitor {
    /** Takes entry {@code seq}, or answers {@code false} to stop before it. */
    boolean offer(long seq, byte[] entry) throws Exception;
  }

  /**
   * Offers entries {@code [from, to)} in order until {@code visitor} declines one. Rows are fetched
   * a few at a time, because entries may be up to {@link #MAX_ENTRY_BYTES} each (and older ones
   * larger).
   */
  public void entriesWhile(long from, long to, EntryVisitor visitor) {
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT seq, entry FROM chittysync.audit_entries WHERE seq >= ? AND seq < ? ORDER BY seq")) {
            ps.setFetchSize(64);
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                if (!visitor.offer(rs.getLong(1), rs.getBytes(2))) {
                  break;
                }
              }
            }
          } catch (SQLException | RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return null;
        });
  }

  /**
   * Streams entries {@code [from, to)} in order, in one snapshot, without loading them all into
   * memory.
   */
  public void entries(long from, long to, EntryConsumer consumer) {
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT seq, entry, leaf_hash FROM chittysync.audit_entries WHERE seq >= ? AND seq < ? ORDER BY seq")) {
            ps.setFetchSize(5000);
            ps.setLong(1, from);
            ps.setLong(2, to);
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                consumer.accept(rs.getLong(1), rs.getBytes(2), rs.getBytes(3));
              }
            }
          } catch (SQLException | RuntimeException e) {
            throw e;
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return null;
        });
  }
}
