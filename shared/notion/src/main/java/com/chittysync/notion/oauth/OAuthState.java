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
 * The two signed values of the OAuth flow, MACed with the client secret so that only this
 * installation makes them:
 *
 * <ul>
 *   <li>the <b>ticket</b> ({@code t.<nonce>.<time>.<mac>}) in the start link {@code chittysync
 *       notion oauth-url} prints, so that only an operator can start an installation;
 *   <li>the <b>state</b> ({@code s.<nonce>.<time>.<binding>.<mac>}) that the start route sends to
 *       Notion and Notion hands back to the callback. {@code binding} is the SHA-256 of a random
 *       value the start route put in a cookie, so the state is only good in the browser that
 *       started the flow (RFC 9700, section 4.7.1).
 * </ul>
 *
 * Each is valid for {@link #VALID_FOR}; that each is used once is up to the caller ({@link
 * OAuthSpent}), which spends {@link Verdict#nonce()}.
 */
public final class OAuthState {
  /** How long an authorization may take. */
  public static final Duration VALID_FOR = Duration.ofMinutes(15);

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String TICKET = "t";
  private static final String STATE = "s";

  private final Secret key;

  public OAuthState(Secret key) {
    this.key = key;
  }

  /** Why a ticket or state was refused. */
  public enum Problem {
    /** Not made here, or altered. */
    FORGED,
    /** Older than {@link #VALID_FOR} (or from the future). */
    EXPIRED,
    /** Made for another browser: the cookie is missing or belongs to another flow. */
    OTHER_BROWSER
  }

  /**
   * The outcome of a check.
   *
   * @param nonce the value's nonce, to spend, when it passed
   * @param issuedAt when it was made, when it passed
   * @param problem why it was refused; null when it passed
   */
  public record Verdict(String nonce, Instant issuedAt, Problem problem) {
    static Verdict refused(Problem problem) {
      return new Verdict(null, null, problem);
    }

    /** Whether it passed. */
    public boolean ok() {
      return problem == null;
    }
  }

  /** A new random value for the browser's cookie. */
  public static String newBinding() {
    return random(32);
  }

  /** A ticket for a start link made at {@code now}. */
  public String ticket(Instant now) {
    return sign(TICKET + "." + random(16) + "." + now.getEpochSecond());
  }

  /** Checks a start link's {@code ticket} at {@code now}. */
  public Verdict checkTicket(String ticket, Instant now) {
    return check(ticket, TICKET, 4, null, now);
  }

  /** A state for the browser whose cookie holds {@code binding}, made at {@code now}. */
  public String state(Instant now, String binding) {
    return sign(STATE + "." + random(16) + "." + now.getEpochSecond() + "." + sha256(binding));
  }

  /**
   * Checks {@code state} as the browser whose cookie holds {@code binding} (may be null) sends it.
   */
  public Verdict checkState(String state, String binding, Instant now) {
    return check(state, STATE, 5, binding, now);
  }

  private Verdict check(String value, String kind, int parts, String binding, Instant now) {
    if (value == null || value.length() > 300) {
      return Verdict.refused(Problem.FORGED);
    }
    String[] p = value.split("\\.", -1);
    int last = value.lastIndexOf('.');
    if (p.length != parts || !p[0].equals(kind) || last < 0) {
      return Verdict.refused(Problem.FORGED);
    }
    byte[] given = value.substring(last + 1).getBytes(StandardCharsets.US_ASCII);
    byte[] expected = mac(value.substring(0, last)).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(given, expected)) {
      return Verdict.refused(Problem.FORGED);
    }
    Instant issued;
    try {
      issued = Instant.ofEpochSecond(Long.parseLong(p[2]));
    } catch (RuntimeException e) {
      return Verdict.refused(Problem.FORGED);
    }
    if (issued.isAfter(now.plusSeconds(60)) || issued.plus(VALID_FOR).isBefore(now)) {
      return Verdict.refused(Problem.EXPIRED);
    }
    if (kind.equals(STATE)
        && (binding == null
            || !MessageDigest.isEqual(
                p[3].getBytes(StandardCharsets.US_ASCII),
                sha256(binding).getBytes(StandardCharsets.US_ASCII)))) {
      return Verdict.refused(Problem.OTHER_BROWSER);
    }
    return new Verdict(kind + ":" + p[1], issued, null);
  }

  private String sign(String payload) {
    return payload + "." + mac(payload);
  }

  private static String random(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return B64.encodeToString(b);
  }

  private static String sha256(String value) {
    try {
      return B64.encodeToString(
          MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
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
