package com.chittysync.sheets;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;

/**
 * Google Sheets answered with an error (after any retries), or could not be reached. The message
 * names the endpoint and says what to do; it never holds a key or a token.
 */
public final class SheetsApiException extends ChittySyncException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String googleStatus;
  private final boolean retryable;
  private final boolean outcomeUnknown;
  private final long retryAfterMillis;

  SheetsApiException(
      ErrorCode code,
      String message,
      int status,
      String googleStatus,
      boolean retryable,
      boolean outcomeUnknown,
      long retryAfterMillis,
      Throwable cause) {
    super(code, message, cause);
    this.status = status;
    this.googleStatus = googleStatus;
    this.retryable = retryable;
    this.outcomeUnknown = outcomeUnknown;
    this.retryAfterMillis = retryAfterMillis;
  }

  /** The HTTP status, or 0 when there was no answer. */
  public int status() {
    return status;
  }

  /**
   * Google's canonical status ({@code RESOURCE_EXHAUSTED}, {@code PERMISSION_DENIED}...), or "".
   */
  public String googleStatus() {
    return googleStatus;
  }

  /** Whether trying again later may succeed: 429, 5xx, no answer. */
  public boolean retryable() {
    return retryable;
  }

  /**
   * Whether a write may have taken effect although no success was seen (no answer, or a 5xx): its
   * rows must be read again before anything is written again.
   */
  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }

  /** How long the server asked to wait ({@code Retry-After}), or -1. */
  public long retryAfterMillis() {
    return retryAfterMillis;
  }

  /**
   * Whether the run cannot go on: the credentials were refused, the spreadsheet is not shared or
   * does not exist. Nothing else will work either.
   */
  public boolean fatal() {
    return code() == ErrorCode.ENDPOINT_UNAUTHORIZED || status == 404;
  }
}
