package com.chittysync.web.oidc;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.web.auth.Tokens;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * One OpenID Connect issuer as this deployment trusts it: its discovery document, fetched once per
 * container on first use (nothing is fetched when this is built), its signing keys, and the checks
 * of the tokens it signs. Tokens must be signed with RS256 or ES256 by a key of the issuer's JWKS,
 * name the configured issuer, and be within their lifetime give or take {@link #SKEW}.
 */
public final class OidcProvider {
  /** The clock difference tolerated between the issuer and this function. */
  public static final Duration SKEW = Duration.ofSeconds(60);

  /** After a failed discovery, how long callers get that failure before it is tried again. */
  static final Duration RETRY_AFTER = Duration.ofSeconds(10);

  /** A longer token is not parsed; real ones are 1 to 4 KB. */
  static final int MAX_TOKEN_LENGTH = 16 * 1024;

  private static final Set<JWSAlgorithm> ALGORITHMS =
      Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);

  private final OidcSettings settings;
  private final OidcHttp http;
  private final Clock clock;
  private final IssuerKeys keys;
  private volatile IssuerMetadata metadata;
  private Instant failedAt;
  private String failure;

  /** A provider for {@code settings}; fetches nothing until first used. */
  public OidcProvider(OidcSettings settings, Clock clock) {
    this(settings, new OidcHttp(), clock);
  }

  OidcProvider(OidcSettings settings, OidcHttp http, Clock clock) {
    this.settings = settings;
    this.http = http;
    this.clock = clock;
    this.keys = new IssuerKeys(() -> metadata().jwksUri(), http, clock);
  }

  /** The client settings. */
  public OidcSettings settings() {
    return settings;
  }

  OidcHttp http() {
    return http;
  }

  /**
   * The issuer's discovery document, fetched on first call and then kept.
   *
   * @throws ChittySyncException {@code auth.unavailable} when it cannot be fetched or is unusable;
   *     the message names the URL and what is wrong, never a secret
   */
  public IssuerMetadata metadata() {
    IssuerMetadata m = metadata;
    if (m != null) {
      return m;
    }
    synchronized (this) {
      if (metadata != null) {
        return metadata;
      }
      Instant now = clock.instant();
      if (failedAt != null && failedAt.plus(RETRY_AFTER).isAfter(now)) {
        throw unavailable(failure);
      }
      String url = settings.discoveryUrl();
      try {
        OidcHttp.Reply reply = http.get(url);
        if (reply.status() != 200) {
          throw new IOException("HTTP " + reply.status());
        }
        metadata = IssuerMetadata.parse(reply.body(), settings);
        failedAt = null;
        return metadata;
      } catch (IOException | IllegalArgumentException e) {
        failedAt = now;
        failure = "the issuer's discovery document " + url + " is unusable: " + e.getMessage();
        throw unavailable(failure);
      }
    }
  }

  private static ChittySyncException unavailable(String message) {
    return new ChittySyncException(ErrorCode.AUTH_UNAVAILABLE, message);
  }

  /**
   * Verifies an ID token of this sign-in: the checks of every token, plus an audience that is this
   * client (and {@code azp}, when present, too) and the {@code nonce} this sign-in sent.
   *
   * @throws TokenRefused saying which check failed
   * @throws ChittySyncException {@code auth.unavailable} when the issuer's keys cannot be fetched
   */
  public JWTClaimsSet verifyIdToken(String idToken, String nonce) throws TokenRefused {
    JWTClaimsSet claims = verify(idToken, "ID token", DefaultJOSEObjectTypeVerifier.JWT);
    requireIssuedAt(claims, "ID token");
    List<String> audience = claims.getAudience();
    if (audience == null || !audience.contains(settings.clientId())) {
      throw new TokenRefused(
          "the ID token was issued for another client (its audience is not this client's id)");
    }
    Object azp = claims.getClaim("azp");
    if ((azp != null || audience.size() > 1) && !settings.clientId().equals(azp)) {
      throw new TokenRefused("the ID token was issued to another client (azp)");
    }
    Object tokenNonce = claims.getClaim("nonce");
    if (!(tokenNonce instanceof String s) || !Tokens.equal(s, nonce)) {
      throw new TokenRefused(
          "the ID token does not belong to this sign-in (its nonce does not match)");
    }
    return claims;
  }

  /**
   * Verifies a bearer token: the checks of every token, plus an audience that is this client, or a
   * {@code client_id} claim that is (as in Cognito's access tokens, which have no audience).
   *
   * @throws TokenRefused saying which check failed
   * @throws ChittySyncException {@code auth.unavailable} when the issuer's keys cannot be fetched
   */
  public JWTClaimsSet verifyBearer(String token) throws TokenRefused {
    JWTClaimsSet claims =
        verify(
            token,
            "token",
            new DefaultJOSEObjectTypeVerifier<>(
                JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
    List<String> audience = claims.getAudience();
    boolean forUs =
        (audience != null && audience.contains(settings.clientId()))
            || settings.clientId().equals(claims.getClaim("client_id"));
    if (!forUs) {
      throw new TokenRefused(
          "the token was issued for another client (neither its audience nor its client_id is"
              + " this client's id)");
    }
    return claims;
  }

  private JWTClaimsSet verify(
      String token, String what, JOSEObjectTypeVerifier<SecurityContext> types)
      throws TokenRefused {
    if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
      throw new TokenRefused("the " + what + " is missing or longer than 16 KB");
    }
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    processor.setJWSTypeVerifier(types);
    // The claims are checked below, against this function's clock.
    processor.setJWTClaimsSetVerifier((claims, context) -> {});
    JWTClaimsSet claims;
    try {
      claims = processor.process(token, null);
    } catch (ParseException e) {
      throw new TokenRefused("the " + what + " is not a signed JWT");
    } catch (KeySourceException e) {
      throw unavailable("cannot check the " + what + ": " + e.getMessage());
    } catch (BadJOSEException | JOSEException e) {
      throw new TokenRefused(
          "the "
              + what
              + " is not signed by a key of the issuer (RS256 or ES256 with a key of its JWKS)");
    }
    if (!settings.issuer().equals(claims.getIssuer())) {
      throw new TokenRefused(
          "the " + what + " was issued by '" + claims.getIssuer() + "', not the configured issuer");
    }
    if (claims.getSubject() == null || claims.getSubject().isBlank()) {
      throw new TokenRefused("the " + what + " names no subject (sub)");
    }
    Instant now = clock.instant();
    Date exp = claims.getExpirationTime();
    if (exp == null) {
      throw new TokenRefused("the " + what + " has no expiry (exp)");
    }
    if (!now.isBefore(exp.toInstant().plus(SKEW))) {
      throw new TokenRefused("the " + what + " has expired");
    }
    Date nbf = claims.getNotBeforeTime();
    if (nbf != null && nbf.toInstant().isAfter(now.plus(SKEW))) {
      throw new TokenRefused("the " + what + " is not valid yet (nbf)");
    }
    Date iat = claims.getIssueTime();
    if (iat != null && iat.toInstant().isAfter(now.plus(SKEW))) {
      throw new TokenRefused(
          "the " + what + " was issued in the future (iat); check the clocks of both sides");
    }
    return claims;
  }

  private static void requireIssuedAt(JWTClaimsSet claims, String what) throws TokenRefused {
    if (claims.getIssueTime() == null) {
      throw new TokenRefused("the " + what + " has no issue time (iat)");
    }
  }
}
