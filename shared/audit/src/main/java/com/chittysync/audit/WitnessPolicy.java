package com.chittysync.audit;

import com.chittysync.audit.AuditException.Reason;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A K-of-N witness quorum (the {@code quorum} of c2sp.org/tlog-policy, flat form): a checkpoint is
 * trusted only if it is signed by the log and cosigned by at least {@code threshold} distinct
 * witnesses among {@code witnesses}. A quorum blocks split views: a log would need that many
 * witnesses to cosign two inconsistent checkpoints.
 *
 * @param threshold K, between 0 and the number of witnesses
 * @param witnesses the N trusted witness keys (usually {@link CosignatureVerifier}s), distinct
 */
public record WitnessPolicy(int threshold, List<NoteVerifier> witnesses) {

  /** Validates and copies. */
  public WitnessPolicy {
    witnesses = List.copyOf(witnesses);
    if (threshold < 0 || threshold > witnesses.size()) {
      throw new AuditException(
          Reason.INVALID_ARGUMENT,
          "threshold " + threshold + " must be between 0 and " + witnesses.size());
    }
    Note.index(witnesses); // rejects two different keys with one (name, key ID)
    Set<String> ids = new LinkedHashSet<>();
    for (NoteVerifier w : witnesses) {
      if (!ids.add(Note.idOf(w.name(), w.keyId()))) {
        throw new AuditException(
            Reason.INVALID_ARGUMENT, "witness " + w.name() + " is listed twice");
      }
    }
  }

  /** A K-of-N policy over the given witness keys. */
  public static WitnessPolicy of(int threshold, List<? extends NoteVerifier> witnesses) {
    return new WitnessPolicy(threshold, List.copyOf(witnesses));
  }

  /**
   * Counts the distinct policy witnesses whose cosignature on {@code note} verifies. Lines from
   * unknown keys are ignored; a witness listed twice counts once. Never throws for bad signatures:
   * they are reported in {@link QuorumResult#invalidWitnesses()}.
   */
  public QuorumResult evaluate(Note note) {
    Objects.requireNonNull(note, "note");
    Map<String, NoteVerifier> byId = Note.index(witnesses);
    byte[] msg = note.textBytes();
    Set<String> valid = new LinkedHashSet<>();
    Set<String> invalid = new LinkedHashSet<>();
    for (NoteSignature sig : note.signatures()) {
      NoteVerifier w = byId.get(Note.idOf(sig.name(), sig.keyId()));
      if (w == null) {
        continue;
      }
      if (w.verify(msg, sig.signature())) {
        valid.add(w.name());
      } else {
        invalid.add(w.name());
      }
    }
    valid.removeAll(invalid);
    return new QuorumResult(threshold, new ArrayList<>(valid), new ArrayList<>(invalid));
  }

  /**
   * Verifies a cosigned checkpoint: the log's signature must verify, the text must be a valid
   * checkpoint, no policy witness's cosignature may fail, and at least {@link #threshold()}
   * witnesses must have cosigned.
   *
   * @return the trusted checkpoint
   * @throws AuditException {@link Reason#INVALID_SIGNATURE}, {@link Reason#NO_TRUSTED_SIGNATURE}
   *     (log signature missing), {@link Reason#MALFORMED_CHECKPOINT}, or {@link
   *     Reason#QUORUM_NOT_MET}
   */
  public Checkpoint verify(Note note, NoteVerifier logKey) {
    VerifiedNote byLog = note.verify(List.of(logKey));
    Checkpoint checkpoint = Checkpoint.fromNote(byLog);
    QuorumResult result = evaluate(note);
    if (!result.invalidWitnesses().isEmpty()) {
      throw new AuditException(
          Reason.INVALID_SIGNATURE,
          "cosignature by witness " + result.invalidWitnesses().get(0) + " does not verify");
    }
    if (result.validCount() < threshold) {
      throw new AuditException(
          Reason.QUORUM_NOT_MET,
          "checkpoint has "
              + result.validCount()
              + " valid witness cosignatures; the policy requires "
              + threshold);
    }
    return checkpoint;
  }
}
