package com.chittysync.core;

import java.util.Objects;

/**
 * Root of every error ChittySync raises on purpose. Each carries a stable {@link ErrorCode} and a
 * message written for the operator who has to fix the problem. Messages never contain secret
 * values.
 */
public class ChittySyncException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final ErrorCode code;

  public ChittySyncException(ErrorCode code, String message) {
    super(message);
    this.code = Objects.requireNonNull(code, "code");
  }

  public ChittySyncException(ErrorCode code, String message, Throwable cause) {
    super(message, cause);
    this.code = Objects.requireNonNull(code, "code");
  }

  /** The stable error code. */
  public ErrorCode code() {
    return code;
  }

  /** {@code "<code>: <message>"}, the form printed to operators. */
  public String describe() {
    return code.code() + ": " + getMessage();
  }
}
