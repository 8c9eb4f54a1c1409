package com.chittysync.audit;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import java.util.Objects;

/**
 * An audit-log object (canonical JSON, Merkle proof, signed note, checkpoint, cosignature, key) is
 * malformed or failed verification. {@link #reason()} says precisely why, so callers can branch on
 * it without parsing messages.
 */
public class AuditException extends ChittySyncException {
  private static final long serialVersionUID = 1L;

  /** Why the operation failed. */
  public enum Reason {
    /** The input is not syntactically valid JSON. */
    MALFORMED_JSON,
    /** The JSON is syntactically valid but not I-JSON (duplicate key, lone surrogate, ...). */
    NOT_I_JSON,
    /** An argument is out of range (negative size, hash of the wrong length, ...). */
    INVALID_ARGUMENT,
    /** A leaf index is not below the tree size. */
    INDEX_OUT_OF_RANGE,
    /** The two tree sizes of a consistency proof are not a valid pair. */
    INVALID_TREE_SIZES,
    /** A proof has the wrong number of hashes, or a hash has the wrong length. */
    WRONG_PROOF_LENGTH,
    /** A proof does not lead to the expected root hash(es). */
    ROOT_MISMATCH,
    /** A signer or verifier key string is malformed, or its key ID does not match. */
    MALFORMED_KEY,
    /** A signed note violates the signed-note format. */
    MALFORMED_NOTE,
    /** A note carries more signature lines than the verifier accepts. */
    TOO_MANY_SIGNATURES,
    /** A signature from a trusted key failed to verify. */
    INVALID_SIGNATURE,
    /** No signature from a trusted key verified. */
    NO_TRUSTED_SIGNATURE,
    /** A checkpoint body violates the tlog-checkpoint format. */
    MALFORMED_CHECKPOINT,
    /** A cosignature line violates the tlog-cosignature format. */
    MALFORMED_COSIGNATURE,
    /** Fewer witnesses than the policy requires cosigned the checkpoint. */
    QUORUM_NOT_MET,
    /** A bug or a missing platform primitive (for example SHA-256). */
    INTERNAL;

    ErrorCode errorCode() {
      return switch (this) {
        case INTERNAL -> ErrorCode.INTERNAL;
        case INDEX_OUT_OF_RANGE,
            INVALID_TREE_SIZES,
            WRONG_PROOF_LENGTH,
            ROOT_MISMATCH,
            INVALID_SIGNATURE,
            NO_TRUSTED_SIGNATURE,
            QUORUM_NOT_MET ->
            ErrorCode.AUDIT_INVALID;
        default -> ErrorCode.AUDIT_MALFORMED;
      };
    }
  }

  private final Reason reason;

  /** An exception for {@code reason} with an operator-facing message. */
  public AuditException(Reason reason, String message) {
    super(reason.errorCode(), message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** An exception for {@code reason} with an operator-facing message and a cause. */
  public AuditException(Reason reason, String message, Throwable cause) {
    super(reason.errorCode(), message, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** The precise failure reason. */
  public Reason reason() {
    return reason;
  }
}
