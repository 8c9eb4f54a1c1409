package com.chittysync.web.auth;

import com.chittysync.core.config.Secret;
import com.chittysync.web.http.WebRequest;
import com.chittysync.web.oidc.OidcProvider;
import com.chittysync.web.oidc.TokenRefused;
import com.nimbusds.jwt.JWTClaimsSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code Authorization: Bearer <token>}: a JWT of the configured issuer for this client (see {@link
 * OidcProvider#verifyBearer}), or the local API token of {@code chittysync serve}. Bearer tokens
 * carry no session: their principals read but never act.
 */
public final class BearerTokens {
  private static final Logger LOG = LoggerFactory.getLogger(BearerTokens.class);

  /** The subject of the local API token's principal. */
  public static final String LOCAL_SUBJECT = "local";

  /** A longer header is not looked at. */
  static final int MAX_HEADER_LENGTH = 16 * 1024 + 7;

  private final Optional<OidcProvider> issuer;
  private final RoleClaim roles;
  private final Optional<Secret> localApiToken;
  private final Clock clock;

  /**
   * @param issuer the issuer whose JWTs are accepted, if any
   * @param roles how a JWT's claims grant a role (a token granting none reads as a viewer)
   * @param localApiToken the token of {@code chittysync serve}, if any
   */
  public BearerTokens(
      Optional<OidcProvider> issuer, RoleClaim roles, Optional<Secret> localApiToken, Clock clock) {
    this.issuer = issuer;
    this.roles = roles;
    this.localApiToken = localApiToken;
    this.clock = clock;
  }

  /** The token of an {@code Authorization: Bearer} header, if the request has one. */
  static Optional<String> token(WebRequest request) {
    Optional<String> header = request.header("authorization");
    if (header.isEmpty() || header.get().length() > MAX_HEADER_LENGTH) {
      return Optional.empty();
    }
    String h = header.get().strip();
    if (h.length() < 7 || !h.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
      return Optional.empty();
    }
    String token = h.substring(7).strip();
    return token.isEmpty() ? Optional.empty() : Optional.of(token);
  }

  /**
   * The principal of {@code request}'s bearer token, or empty when it has none or an invalid one.
   *
   * @throws com.chittysync.core.ChittySyncException {@code auth.unavailable} when the issuer's keys
   *     cannot be fetched
   */
  public Optional<Principal> authenticate(WebRequest request) {
    Optional<String> token = token(request);
    if (token.isEmpty()) {
      return Optional.empty();
    }
    if (localApiToken.isPresent() && Tokens.equal(token.get(), localApiToken.get().reveal())) {
      return Optional.of(
          new Principal(
              LOCAL_SUBJECT,
              "local API token",
              Role.OPERATOR,
              "",
              clock.instant().plus(Duration.ofHours(1))));
    }
    if (issuer.isEmpty() || token.get().chars().filter(c -> c == '.').count() != 2) {
      return Optional.empty();
    }
    JWTClaimsSet claims;
    try {
      claims = issuer.get().verifyBearer(token.get());
    } catch (TokenRefused e) {
      LOG.info("bearer token refused: {}", e.getMessage());
      return Optional.empty();
    }
    Role role = roles.role(RoleClaim.values(claims.getClaim(roles.claim()))).orElse(Role.VIEWER);
    Date exp = claims.getExpirationTime();
    return Optional.of(
        new Principal(
            claims.getSubject(),
            name(claims),
            role,
            "",
            exp == null ? Instant.EPOCH : exp.toInstant()));
  }

  /** {@code email}, else {@code name}, else {@code username} (Cognito), else {@code sub}. */
  private static String name(JWTClaimsSet claims) {
    for (String claim : new String[] {"email", "name", "username"}) {
      if (claims.getClaim(claim) instanceof String s && !s.isBlank()) {
        return s.length() > 256 ? s.substring(0, 256) : s;
      }
    }
    return claims.getSubject();
  }
}
