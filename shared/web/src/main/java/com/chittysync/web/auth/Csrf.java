package com.chittysync.web.auth;

import java.util.Base64;

/**
 * CSRF tokens bound to a session: {@code base64url(HMAC-SHA256(session key, "csrf:" + session
 * id))}. A page puts the token in its forms (field {@value #FORM_FIELD}) or in htmx's requests
 * (header {@value #HEADER}); {@link AccessControl#act} checks it. Stateless: a token is good for
 * exactly as long as its session.
 */
public final class Csrf {
  /** The request header carrying the token. */
  public static final String HEADER = "X-CSRF-Token";

  /** The form field carrying the token in an {@code application/x-www-form-urlencoded} body. */
  public static final String FORM_FIELD = "csrf";

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private final SessionKey key;

  public Csrf(SessionKey key) {
    this.key = key;
  }

  /**
   * The token of {@code session}'s forms.
   *
   * @throws IllegalArgumentException when {@code session} has no session (a bearer token), which
   *     never acts
   */
  public String token(Principal session) {
    if (session.sessionId().isEmpty()) {
      throw new IllegalArgumentException("a bearer token has no session and no CSRF token");
    }
    return B64URL.encodeToString(key.mac("csrf", session.sessionId()));
  }

  /** Whether {@code token} is {@code session}'s, compared in constant time. */
  public boolean valid(Principal session, String token) {
    if (session.sessionId().isEmpty() || token == null || token.length() > 128) {
      return false;
    }
    return Tokens.equal(token, token(session));
  }
}
