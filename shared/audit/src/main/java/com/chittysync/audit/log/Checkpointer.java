package com.chittysync.audit.log;

import com.chittysync.audit.AuditException;
import com.chittysync.audit.Checkpoint;
import com.chittysync.audit.Cosignature;
import com.chittysync.audit.Merkle;
import com.chittysync.audit.NoteSigner;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.store.Database;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * Signs checkpoints of the log and stores witnesses' cosignatures.
 *
 * <p>Before signing a new tree size it recomputes the root from the stored tree and checks it is
 * consistent with the last checkpoint it signed, so the log never signs two inconsistent
 * checkpoints, even if its database was altered in between.
 */
public final class Checkpointer {
  private final Database database;
  private final NoteSigner signer;
  private final String origin;

  public Checkpointer(Database database, NoteSigner signer, String origin) {
    this.database = database;
    this.signer = signer;
    this.origin = origin;
  }

  /** The origin line of the checkpoints it signs. */
  public String origin() {
    return origin;
  }

  /**
   * A signed checkpoint of the log as it is now: the stored one when the log has not grown since.
   *
   * @throws ChittySyncException {@code audit.invalid} when the stored log disagrees with itself or
   *     with the last checkpoint; nothing is signed then
   */
  public StoredCheckpoint checkpoint() {
    return database.inTransaction(
        c -> {
          AuditLog.Head head = AuditLog.readHead(c, true);
          Optional<StoredCheckpoint> latest = Checkpoints.latest(c);
          StoredTree tree = new StoredTree(c);
          byte[] root = Merkle.root(head.size(), tree);
          if (!MessageDigest.isEqual(root, head.root())) {
            throw refuse("the stored tree's root differs from the log head's");
          }
          if (latest.isPresent()) {
            StoredCheckpoint last = latest.get();
            if (last.size() > head.size()) {
              throw refuse(
                  "checkpoint "
                      + last.size()
                      + " is larger than the log ("
                      + head.size()
                      + " entries)");
            }
            if (last.size() == head.size()) {
              if (!MessageDigest.isEqual(last.root(), root)) {
                throw refuse("the log no longer matches checkpoint " + last.size());
              }
              return last;
            }
            if (last.size() > 0) {
              try {
                Merkle.verifyConsistency(
                    last.size(),
                    head.size(),
                    Merkle.consistencyProof(last.size(), head.size(), tree),
                    last.root(),
                    root);
              } catch (AuditException e) {
                throw refuse("the log is not consistent with checkpoint " + last.size());
              }
            }
          }
          String note = Checkpoint.of(origin, head.size(), root).toNote().signedBy(signer).format();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO chittysync.audit_checkpoints (tree_size, origin, root_hash, note)"
                      + " VALUES (?, ?, ?, ?)")) {
            ps.setLong(1, head.size());
            ps.setString(2, origin);
            ps.setBytes(3, root);
            ps.setString(4, note);
            ps.executeUpdate();
          }
          return new StoredCheckpoint(head.size(), root, note);
        });
  }

  /**
   * Stores a witness's cosignature of checkpoint {@code size}. Idempotent per witness key: a later
   * cosignature by the same witness replaces the earlier one.
   */
  public static void storeCosignature(Database database, long size, Cosignature cosignature) {
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "INSERT INTO chittysync.audit_cosignatures (tree_size, witness, key_id, signature_line, cosigned_at)"
                      + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (tree_size, witness, key_id)"
                      + " DO UPDATE SET signature_line = EXCLUDED.signature_line, cosigned_at = EXCLUDED.cosigned_at")) {
            ps.setLong(1, size);
            ps.setString(2, cosignature.name());
            ps.setBytes(3, ByteBuffer.allocate(4).putInt(cosignature.keyId()).array());
            ps.setString(4, cosignature.toLine().stripTrailing());
            ps.setTimestamp(5, Timestamp.from(Instant.ofEpochSecond(cosignature.timestamp())));
            ps.executeUpdate();
          }
          return null;
        });
  }

  private static ChittySyncException refuse(String why) {
    return new ChittySyncException(
        ErrorCode.AUDIT_INVALID, "refusing to sign a checkpoint: " + why);
  }
}
