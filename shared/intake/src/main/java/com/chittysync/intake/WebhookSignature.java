package com.chittysync.intake;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Notion's {@code X-Notion-Signature}: {@code "sha256=" + hex(HMAC-SHA256(key = utf8(token), msg =
 * raw body))}. Always over the raw bytes as received: re-serialised JSON would not verify.
 */
public final class WebhookSignature {
  /** The header's name (API Gateway hands headers over lower-cased). */
  public static final String HEADER = "X-Notion-Signature";

  private static final String PREFIX = "sha256=";

  private WebhookSignature() {}

  /** The header value Notion sends for {@code rawBody} signed with {@code token}. */
  public static String sign(String token, byte[] rawBody) {
    return PREFIX + HexFormat.of().formatHex(hmac(token, rawBody));
  }

  /**
   * Whether {@code header} is the signature of {@code rawBody} under {@code token}. The comparison
   * is constant-time over the digests, so timing reveals nothing about how much of a forged
   * signature was right. A missing or malformed header never verifies.
   */
  public static boolean verify(String token, byte[] rawBody, String header) {
    if (token == null || token.isEmpty() || header == null) {
      return false;
    }
    String value = header.trim();
    if (!value.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      return false;
    }
    String hex = value.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
    if (hex.length() != 64) {
      return false;
    }
    byte[] given;
    try {
      given = HexFormat.of().parseHex(hex);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return MessageDigest.isEqual(hmac(token, rawBody), given);
  }

  private static byte[] hmac(String token, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(body);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      // Every JDK ships HmacSHA256, and any non-empty key is valid for it.
      throw new IllegalStateException("HmacSHA256 is unavailable", e);
    }
  }
}
