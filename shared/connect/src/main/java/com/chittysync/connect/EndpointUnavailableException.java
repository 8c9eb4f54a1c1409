package com.chittysync.connect;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;

/** {@link EndpointFailure.Unavailable} for connectors without an exception type of their own. */
public class EndpointUnavailableException extends ChittySyncException
    implements EndpointFailure.Unavailable {
  private static final long serialVersionUID = 1L;

  /** With {@code endpoint.unavailable}. */
  public EndpointUnavailableException(String message) {
    super(ErrorCode.ENDPOINT_UNAVAILABLE, message);
  }

  /** With {@code endpoint.unavailable}. */
  public EndpointUnavailableException(String message, Throwable cause) {
    this(ErrorCode.ENDPOINT_UNAVAILABLE, message, cause);
  }

  /**
   * With a code of the connector's own that says more ({@code database.unavailable} for a user
   * table's database).
   */
  public EndpointUnavailableException(ErrorCode code, String message, Throwable cause) {
    super(code, message, cause);
  }
}
