package com.chittysync.notion;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;

/**
 * Notion answered with an error (after any retries), or could not be reached.
 *
 * @see #status()
 * @see #notionCode()
 */
public final class NotionApiException extends ChittySyncException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String notionCode;
  private final boolean outcomeUnknown;

  NotionApiException(
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
