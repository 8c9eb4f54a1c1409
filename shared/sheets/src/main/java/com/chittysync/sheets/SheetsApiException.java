package com.chittysync.sheets;

import com.chittysync.connect.EndpointFailure;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import java.time.Duration;
import java.util.Optional;

/**
 * Google Sheets answered with an error (after any retries), or could not be reached. The message
 * names the endpoint and says what to do; it never holds a key or a token.
 */
public class SheetsApiException extends ChittySyncException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String googleStatus;
  private final boolean retryable;
  private final boolean outcomeUnknown;
  private final long retryAfterMillis;

  /**
   * The exception for {@code code}: of the SPI's failure types for {@code endpoint.unavailable} and
   * {@code endpoint.unauthorized}, so that the engine can tell them apart by type.
   */
  static SheetsApiException of(
      ErrorCode code,
      String message,
      int status,
      String googleStatus,
      boolean retryable,
      boolean outcomeUnknown,
      long retryAfterMillis,
      Throwable cause) {
    SheetsApiException failure =
        new SheetsApiException(
            code,
            message,
            status,
            googleStatus,
            retryable,
            outcomeUnknown,
            retryAfterMillis,
            cause);
    return switch (code) {
      case ENDPOINT_UNAVAILABLE -> new Unavailable(failure);
      case ENDPOINT_UNAUTHORIZED -> new Refused(failure);
      default -> failure;
    };
  }

  /** Google could not be reached, or answered 429 or 5xx past the retries. */
  static final class Unavailable extends SheetsApiException implements EndpointFailure.Unavailable {
    private static final long serialVersionUID = 1L;

    private Unavailable(SheetsApiException failure) {
      super(failure);
    }

    @Override
    public Optional<Duration> retryAfter() {
      return retryAfterMillis() > 0
          ? Optional.of(Duration.ofMillis(retryAfterMillis()))
          : Optional.empty();
    }
  }

  /** Google refused the service account's key or its access to the spreadsheet. */
  static final class Refused extends SheetsApiException
      implements EndpointFailure.CredentialsRefused {
    private static final long serialVersionUID = 1L;

    private Refused(SheetsApiException failure) {
      super(failure);
    }
  }

  /**
   * {@code failure} as a subclass of its failure type: the same code, message, cause and fields.
   */
  private SheetsApiException(SheetsApiException failure) {
    this(
        failure.code(),
        failure.getMessage(),
        failure.status,
        failure.googleStatus,
        failure.retryable,
        failure.outcomeUnknown,
        failure.retryAfterMillis,
        failure.getCause());
  }

  private SheetsApiException(
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
    return this instanceof EndpointFailure.CredentialsRefused || status == 404;
  }
}
