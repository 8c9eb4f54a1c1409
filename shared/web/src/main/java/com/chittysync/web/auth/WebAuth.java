package com.chittysync.web.auth;

import com.chittysync.web.http.WebRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link Authenticator} of every route. Looks, in order, at:
 *
 * <ol>
 *   <li>the claims API Gateway's JWT authorizer verified ({@link WebRequest#authorizerClaims()}):
 *       the role from the role claim, a viewer when it grants none (such a token was verified by
 *       the gateway for this API; it only reads);
 *   <li>a bearer token ({@link BearerTokens});
 *   <li>the session cookie ({@link SessionCookies}), when this function has a session key.
 * </ol>
 *
 * The first that authenticates wins. Built without a session key or an issuer, it authenticates by
 * what it has, so a function that only reads verified claims needs neither.
 */
public final class WebAuth implements Authenticator {
  private final RoleClaim roles;
  private final BearerTokens bearer;
  private final Optional<SessionCookies> sessions;
  private final Clock clock;

  public WebAuth(
      RoleClaim roles, BearerTokens bearer, Optional<SessionCookies> sessions, Clock clock) {
    this.roles = roles;
    this.bearer = bearer;
    this.sessions = sessions;
    this.clock = clock;
  }

  @Override
  public Optional<Principal> authenticate(WebRequest request) {
    Optional<Principal> verified = fromAuthorizer(request.authorizerClaims());
    if (verified.isPresent()) {
      return verified;
    }
    Optional<Principal> token = bearer.authenticate(request);
    if (token.isPresent()) {
      return token;
    }
    return sessions.flatMap(s -> s.read(request));
  }

  /** The principal of claims API Gateway verified, when there are any and they name a subject. */
  private Optional<Principal> fromAuthorizer(Map<String, String> claims) {
    String subject = first(claims, "sub", "client_id");
    if (subject == null) {
      return Optional.empty();
    }
    Role role =
        roles.role(RoleClaim.authorizerValues(claims.get(roles.claim()))).orElse(Role.VIEWER);
    String name = first(claims, "email", "name", "username", "sub", "client_id");
    Instant expires;
    try {
      expires = Instant.ofEpochSecond(Long.parseLong(claims.getOrDefault("exp", "").strip()));
    } catch (NumberFormatException e) {
      // The gateway checked the expiry already; this is only what the principal reports.
      expires = clock.instant();
    }
    return Optional.of(new Principal(subject, name, role, "", expires));
  }

  private static String first(Map<String, String> claims, String... names) {
    for (String n : names) {
      String v = claims.get(n);
      if (v != null && !v.isBlank()) {
        return v.length() > 256 ? v.substring(0, 256) : v;
      }
    }
    return null;
  }
}
