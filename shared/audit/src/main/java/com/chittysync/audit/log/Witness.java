package com.chittysync.audit.log;

import com.chittysync.audit.AuditException;
import com.chittysync.audit.Checkpoint;
import com.chittysync.audit.Cosignature;
import com.chittysync.audit.Cosigner;
import com.chittysync.audit.Merkle;
import com.chittysync.audit.Note;
import com.chittysync.audit.NoteVerifier;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * A witness (c2sp.org/tlog-witness semantics): cosigns a log's checkpoint only after checking the
 * log's signature and a consistency proof from the last checkpoint it cosigned, so it never vouches
 * for two views of the log that disagree.
 */
public final class Witness {
  private final Cosigner cosigner;
  private final Clock clock;

  public Witness(Cosigner cosigner, Clock clock) {
    this.cosigner = cosigner;
    this.clock = clock;
  }

  /** Where the witness gets what it checks: the log's latest checkpoint and consistency proofs. */
  public interface LogView {
    /** The log's latest signed checkpoint. */
    Optional<StoredCheckpoint> latestCheckpoint();

    /** A consistency proof between two sizes. */
    List<byte[]> consistency(long from, long to);
  }

  /**
   * The outcome of one run.
   *
   * @param checkpoint the checkpoint that was cosigned
   * @param cosignature the new cosignature
   * @param state the witness's new state
   */
  public record Result(Checkpoint checkpoint, Cosignature cosignature, WitnessState state) {}

  /**
   * Checks and cosigns the latest checkpoint of {@code log}.
   *
   * @param logKey the log's verifier key
   * @param previous what the witness cosigned last, if anything; its pinned key must equal {@code
   *     logKey}
   * @throws ChittySyncException {@code audit.invalid} when the signature, the origin, the size or
   *     the consistency proof does not hold; nothing is cosigned then
   */
  public Result cosign(LogView log, NoteVerifier logKey, Optional<WitnessState> previous) {
    StoredCheckpoint latest =
        log.latestCheckpoint()
            .orElseThrow(
                () ->
                    new ChittySyncException(
                        ErrorCode.AUDIT_INVALID,
                        "the log has no checkpoint yet; run 'chittysync audit checkpoint'"));
    Note note = latest.parsedNote();
    Checkpoint checkpoint = Checkpoint.fromNote(note.verify(List.of(logKey)));
    if (previous.isPresent()) {
      WitnessState before = previous.get();
      if (!before.logVerifierKey().equals(logKey.verifierKey())) {
        throw refuse(
            "this state file watches log key "
                + before.logVerifierKey()
                + ", not "
                + logKey.verifierKey());
      }
      if (!before.origin().equals(checkpoint.origin())) {
        throw refuse(
            "the checkpoint's origin '"
                + checkpoint.origin()
                + "' is not '"
                + before.origin()
                + "'");
      }
      if (checkpoint.size() < before.size()) {
        throw refuse(
            "the log's latest checkpoint ("
                + checkpoint.size()
                + ") is smaller than the one already cosigned ("
                + before.size()
                + "): the log rolled back");
      }
      try {
        if (checkpoint.size() == before.size() || before.size() == 0) {
          if (checkpoint.size() == before.size()
              && !MessageDigest.isEqual(checkpoint.rootHash(), before.root())) {
            throw refuse(
                "checkpoint "
                    + checkpoint.size()
                    + " has a different root than the one already cosigned");
          }
        } else {
          Merkle.verifyConsistency(
              before.size(),
              checkpoint.size(),
              log.consistency(before.size(), checkpoint.size()),
              before.root(),
              checkpoint.rootHash());
        }
      } catch (AuditException e) {
        throw refuse(
            "checkpoint "
                + checkpoint.size()
                + " is not consistent with the cosigned "
                + before.size()
                + ": "
                + e.getMessage());
      }
    }
    Cosignature cosignature =
        cosigner.cosign(
            new String(checkpoint.toBytes(), StandardCharsets.UTF_8),
            clock.instant().getEpochSecond());
    WitnessState state =
        new WitnessState(
            checkpoint.origin(), logKey.verifierKey(), checkpoint.size(), checkpoint.rootHash());
    return new Result(checkpoint, cosignature, state);
  }

  private static ChittySyncException refuse(String why) {
    return new ChittySyncException(ErrorCode.AUDIT_INVALID, "witness refuses to cosign: " + why);
  }
}
