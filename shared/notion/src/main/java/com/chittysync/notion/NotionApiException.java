package com.chittysync.notion;

import com.chittysync.connect.EndpointFailure;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;

/**
 * Notion answered with an error (after any retries), or could not be reached.
 *
 * @see #status()
 * @see #notionCode()
 */
public class NotionApiException extends ChittySyncException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String notionCode;
  private final boolean outcomeUnknown;

  /**
   * The exception for {@code code}: of the SPI's failure types for {@code endpoint.unavailable} and
   * {@code endpoint.unauthorized}, so that the engine can tell them apart by type.
   */
  static NotionApiException of(
      ErrorCode code, int status, String notionCode, String message, boolean outcomeUnknown) {
    return switch (code) {
      case ENDPOINT_UNAVAILABLE -> new Unavailable(status, notionCode, message, outcomeUnknown);
      case ENDPOINT_UNAUTHORIZED -> new Refused(status, notionCode, message, outcomeUnknown);
      default -> new NotionApiException(code, status, notionCode, message, outcomeUnknown);
    };
  }

  /** Notion could not be reached, or answered 429, 529 or 5xx past the retries. */
  static final class Unavailable extends NotionApiException implements EndpointFailure.Unavailable {
    private static final long serialVersionUID = 1L;

    Unavailable(int status, String notionCode, String message, boolean outcomeUnknown) {
      super(ErrorCode.ENDPOINT_UNAVAILABLE, status, notionCode, message, outcomeUnknown);
    }
  }

  /** Notion refused the integration's token (401) or its access (403). */
  static final class Refused extends NotionApiException
      implements EndpointFailure.CredentialsRefused {
    private static final long serialVersionUID = 1L;

    Refused(int status, String notionCode, String message, boolean outcomeUnknown) {
      super(ErrorCode.ENDPOINT_UNAUTHORIZED, status, notionCode, message, outcomeUnknown);
    }
  }

  private NotionApiException(
      ErrorCode code, int status, String notionCode, String message, boolean outcomeUnknown) {
    super(code, message);
    this.status = status;
    this.notionCode = notionCode;
    this.outcomeUnknown = outcomeUnknown;
  }

  /** The HTTP status, or 0 when there was no answer. */
  public int status() {
    return status;
  }

  /** Notion's error {@code code} ({@code validation_error}, {@code rate_limited}...), or "". */
  public String notionCode() {
    return notionCode;
  }

  /**
   * Whether the request may have taken effect although no success was seen (a timeout, a dropped
   * connection or a 5xx on a write): a create must be looked up before it is tried again.
   */
  public boolean outcomeUnknown() {
    return outcomeUnknown;
  }

  /** Whether the credentials were refused (401, 403): nothing else will work either. */
  public boolean unauthorized() {
    return status == 401 || status == 403;
  }
}
