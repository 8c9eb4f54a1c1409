package com.chittysync.web.oidc;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The issuer's signing keys (its JWKS), fetched on first use and kept. Issuers rotate keys by
 * publishing the new one before signing with it, so a token naming a key not held yet makes one
 * fetch, at most every {@link #MIN_REFETCH}, so that forged tokens naming random keys cannot make
 * this hammer the issuer. Keys are fetched again after {@link #MAX_AGE}; when the issuer is down
 * then, the keys held are kept.
 */
final class IssuerKeys implements JWKSource<SecurityContext> {
  private static final Logger LOG = LoggerFactory.getLogger(IssuerKeys.class);

  /** How long a fetched key set is used before it is fetched again. */
  static final Duration MAX_AGE = Duration.ofHours(1);

  /** The shortest time between two fetches. */
  static final Duration MIN_REFETCH = Duration.ofSeconds(30);

  private final Supplier<String> jwksUri;
  private final OidcHttp http;
  private final Clock clock;
  private JWKSet keys;
  private Instant fetchedAt;
  private Instant lastAttempt;

  /**
   * @param jwksUri where the keys are (read on first use: it comes from the discovery document)
   */
  IssuerKeys(Supplier<String> jwksUri, OidcHttp http, Clock clock) {
    this.jwksUri = jwksUri;
    this.http = http;
    this.clock = clock;
  }

  @Override
  public synchronized List<JWK> get(JWKSelector selector, SecurityContext context)
      throws KeySourceException {
    Instant now = clock.instant();
    if (keys == null || fetchedAt.plus(MAX_AGE).isBefore(now)) {
      refresh(now);
    }
    List<JWK> found = selector.select(keys);
    if (found.isEmpty() && mayFetch(now)) {
      refresh(now);
      found = selector.select(keys);
    }
    return found;
  }

  private boolean mayFetch(Instant now) {
    return lastAttempt == null || !lastAttempt.plus(MIN_REFETCH).isAfter(now);
  }

  /** Fetches the keys; keeps those held when that fails, and fails only when none are held. */
  private void refresh(Instant now) throws KeySourceException {
    if (!mayFetch(now)) {
      if (keys == null) {
        throw new KeySourceException(
            "the issuer's keys could not be fetched a moment ago; retrying in at most "
                + MIN_REFETCH.toSeconds()
                + " s");
      }
      return;
    }
    lastAttempt = now;
    String uri;
    try {
      uri = jwksUri.get();
    } catch (RuntimeException e) {
      if (keys == null) {
        throw new KeySourceException(e.getMessage(), e);
      }
      return;
    }
    try {
      OidcHttp.Reply reply = http.get(uri);
      if (reply.status() != 200) {
        throw new IOException(uri + " answered HTTP " + reply.status());
      }
      JWKSet fetched = JWKSet.parse(reply.body()).toPublicJWKSet();
      keys = fetched;
      fetchedAt = now;
    } catch (IOException | ParseException e) {
      if (keys == null) {
        throw new KeySourceException(
            "cannot fetch the issuer's keys from " + uri + ": " + e.getMessage(), e);
      }
      LOG.warn("keeping the issuer's keys fetched at {}: {}: {}", fetchedAt, uri, e.getMessage());
    }
  }
}
