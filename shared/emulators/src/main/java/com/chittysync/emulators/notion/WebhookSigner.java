package com.chittysync.emulators.notion;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Computes and checks {@code X-Notion-Signature}: {@code "sha256=" + hex(HMAC-SHA256(key =
 * verification token, msg = raw body bytes))}.
 */
public final class WebhookSigner {
  private WebhookSigner() {}

  /** The header value for a raw body signed with {@code verificationToken}. */
  public static String sign(String verificationToken, byte[] rawBody) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(verificationToken.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(rawBody));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** As {@link #sign(String, byte[])} for a UTF-8 body. */
  public static String sign(String verificationToken, String rawBody) {
    return sign(verificationToken, rawBody.getBytes(StandardCharsets.UTF_8));
  }

  /** Constant-time check of a received header against the raw body. */
  public static boolean verify(String verificationToken, byte[] rawBody, String header) {
    if (header == null) {
      return false;
    }
    return MessageDigest.isEqual(
        sign(verificationToken, rawBody).getBytes(StandardCharsets.US_ASCII),
        header.getBytes(StandardCharsets.US_ASCII));
  }
}
