package com.chittysync.notion.oauth;

import com.chittysync.core.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The OAuth {@code state}: a random nonce and a time, MACed with the client secret, so that the
 * callback accepts only codes from an authorization this installation started, within a time limit,
 * without keeping any state between the two requests.
 */
public final class OAuthState {
  /** How long an authorization may take. */
  public static final Duration VALID_FOR = Duration.ofMinutes(15);

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final Secret key;

  public OAuthState(Secret key) {
    this.key = key;
  }

  /** A new state for an authorization starting at {@code now}. */
  public String issue(Instant now) {
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String payload = B64.encodeToString(nonce) + "." + now.getEpochSecond();
    return payload + "." + mac(payload);
  }

  /** Whether {@code state} was issued here and is still valid at {@code now}. */
  public boolean valid(String state, Instant now) {
    if (state == null) {
      return false;
    }
    int last = state.lastIndexOf('.');
    if (last < 0) {
      return false;
    }
    String payload = state.substring(0, last);
    byte[] given = state.substring(last + 1).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(given, mac(payload).getBytes(StandardCharsets.US_ASCII))) {
      return false;
    }
    try {
      long issued = Long.parseLong(payload.substring(payload.indexOf('.') + 1));
      Instant at = Instant.ofEpochSecond(issued);
      return !at.isAfter(now.plusSeconds(60)) && !at.plus(VALID_FOR).isBefore(now);
    } catch (RuntimeException e) {
      return false;
    }
  }

  private String mac(String payload) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(
          new SecretKeySpec(
              ("chittysync-oauth-state:" + key.reveal()).getBytes(StandardCharsets.UTF_8),
              "HmacSHA256"));
      return B64.encodeToString(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
