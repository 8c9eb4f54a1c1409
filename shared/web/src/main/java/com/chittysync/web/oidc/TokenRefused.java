package com.chittysync.web.oidc;

/**
 * A token was refused: not a JWT, not signed by the issuer's keys, or a claim does not hold. The
 * message says which, in words a person signing in can act on, and never contains the token.
 */
public final class TokenRefused extends Exception {
  private static final long serialVersionUID = 1L;

  public TokenRefused(String message) {
    super(message);
  }
}
