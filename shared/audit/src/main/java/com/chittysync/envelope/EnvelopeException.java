package com.chittysync.envelope;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import java.util.Objects;

/**
 * An envelope was rejected ({@link ErrorCode#ENVELOPE_REJECTED}). {@link #failure()} says which
 * check failed; the message says what exactly is wrong. Messages may name the (public) key ID and
 * nonce, never key material.
 */
public final class EnvelopeException extends ChittySyncException {
  private static final long serialVersionUID = 1L;

  private final EnvelopeFailure failure;

  /** A rejection for {@code failure} with an operator-facing message. */
  public EnvelopeException(EnvelopeFailure failure, String message) {
    super(ErrorCode.ENVELOPE_REJECTED, message);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /** A rejection for {@code failure} with an operator-facing message and a cause. */
  public EnvelopeException(EnvelopeFailure failure, String message, Throwable cause) {
    super(ErrorCode.ENVELOPE_REJECTED, message, cause);
    this.failure = Objects.requireNonNull(failure, "failure");
  }

  /** Which check failed. */
  public EnvelopeFailure failure() {
    return failure;
  }

  /** {@code "<wire code>: <message>"}, for example {@code "expired: envelope expired at ..."}. */
  public String reason() {
    return failure.code() + ": " + getMessage();
  }
}
