package com.chittysync.web.auth;

import com.chittysync.core.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The key that signs session cookies, CSRF tokens and the sign-in flow's cookie ({@value
 * #SETTING}): at least 32 random bytes. Every MAC it makes starts with a purpose ({@code session:},
 * {@code csrf:}, {@code oidc:}), so a value made for one use is never accepted for another.
 *
 * <p>{@link #toString()} never shows the key.
 */
public final class SessionKey {
  /** The setting that holds it. */
  public static final String SETTING = "CHITTYSYNC_SESSION_KEY";

  /** The fewest bytes a key may have: as many as the HMAC-SHA256 output. */
  public static final int MIN_BYTES = 32;

  private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2})+");
  private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/_-]+={0,2}");
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

  private final SecretKeySpec key;

  private SessionKey(byte[] bytes) {
    this.key = new SecretKeySpec(bytes, "HmacSHA256");
  }

  /**
   * Decodes a key written in hex (only hex digits) or base64 (standard or URL-safe, padding
   * optional).
   *
   * @throws ConfigException naming {@value #SETTING} (never echoing the value) when it is neither
   *     or holds fewer than {@value #MIN_BYTES} bytes
   */
  public static SessionKey parse(String value) {
    String v = value.strip();
    byte[] bytes;
    if (HEX.matcher(v).matches()) {
      bytes = HexFormat.of().parseHex(v);
    } else if (BASE64.matcher(v).matches()) {
      try {
        bytes = B64URL_DECODER.decode(v.replace('+', '-').replace('/', '_').replace("=", ""));
      } catch (IllegalArgumentException e) {
        throw notAKey();
      }
    } else {
      throw notAKey();
    }
    if (bytes.length < MIN_BYTES) {
      throw new ConfigException(
          SETTING
              + ": holds "
              + bytes.length
              + " bytes, needs at least "
              + MIN_BYTES
              + "; generate one with 'openssl rand -base64 32'");
    }
    return new SessionKey(bytes);
  }

  private static ConfigException notAKey() {
    return new ConfigException(
        SETTING
            + ": not base64 or hex; set it to at least "
            + MIN_BYTES
            + " random bytes, e.g. 'openssl rand -base64 32', or to a secretsmanager: reference");
  }

  /** A new random key in the form {@link #parse} reads (base64url): what {@code serve} uses. */
  public static String generateEncoded() {
    return Tokens.random(MIN_BYTES);
  }

  /** HMAC-SHA256 of {@code purpose + ":" + message}. */
  public byte[] mac(String purpose, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac.doFinal((purpose + ":" + message).getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }

  /**
   * {@code payload} sealed for {@code purpose}: {@code base64url(payload) "." base64url(mac)}. Not
   * encrypted: whoever holds the value reads the payload; only this key makes a valid one.
   */
  public String seal(String purpose, byte[] payload) {
    String body = B64URL.encodeToString(payload);
    return body + "." + B64URL.encodeToString(mac(purpose, body));
  }

  /**
   * The payload of a value {@link #seal} made for {@code purpose}, or empty when it is longer than
   * {@code maxLength}, malformed, or its MAC does not match (compared in constant time).
   */
  public Optional<byte[]> open(String purpose, String value, int maxLength) {
    if (value == null || value.length() > maxLength) {
      return Optional.empty();
    }
    int dot = value.indexOf('.');
    if (dot <= 0 || dot != value.lastIndexOf('.')) {
      return Optional.empty();
    }
    String body = value.substring(0, dot);
    // The MAC is compared as text, in its one canonical encoding: base64url's last character has
    // bits no decoder reads, and a decoded comparison would accept several spellings of one MAC.
    byte[] expected = B64URL.encodeToString(mac(purpose, body)).getBytes(StandardCharsets.US_ASCII);
    byte[] given = value.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(given, expected)) {
      return Optional.empty();
    }
    try {
      return Optional.of(B64URL_DECODER.decode(body));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return "SessionKey[****]";
  }
}
