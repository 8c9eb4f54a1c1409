package com.chittysync.connect;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;

/**
 * {@link EndpointFailure.CredentialsRefused} for connectors without an exception type of their own;
 * its code is {@code endpoint.unauthorized}.
 */
public class CredentialsRefusedException extends ChittySyncException
    implements EndpointFailure.CredentialsRefused {
  private static final long serialVersionUID = 1L;

  public CredentialsRefusedException(String message) {
    super(ErrorCode.ENDPOINT_UNAUTHORIZED, message);
  }

  public CredentialsRefusedException(String message, Throwable cause) {
    super(ErrorCode.ENDPOINT_UNAUTHORIZED, message, cause);
  }
}
