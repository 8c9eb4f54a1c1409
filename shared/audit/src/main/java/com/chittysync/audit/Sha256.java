package com.chittysync.audit;

import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 with a per-thread {@link MessageDigest}, avoiding a provider lookup per hash. */
final class Sha256 {
  static final int SIZE = 32;

  private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(Sha256::create);

  private Sha256() {}

  private static MessageDigest create() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AuditException(AuditException.Reason.INTERNAL, "SHA-256 is not available", e);
    }
  }

  /** SHA-256 of {@code prefix || parts...}. */
  static byte[] hash(byte prefix, byte[]... parts) {
    MessageDigest md = DIGEST.get();
    md.update(prefix);
    for (byte[] part : parts) {
      md.update(part);
    }
    return md.digest();
  }

  /** SHA-256 of the concatenation of {@code parts}. */
  static byte[] hashAll(byte[]... parts) {
    MessageDigest md = DIGEST.get();
    for (byte[] part : parts) {
      md.update(part);
    }
    return md.digest();
  }

  /** SHA-256 of {@code data}. */
  static byte[] hash(byte[] data) {
    return DIGEST.get().digest(data);
  }

  /**
   * Writes {@code SHA256(prefix || src[lOff:lOff+32] || src[rOff:rOff+32])} to {@code dst[dOff:]}
   * without allocating; used when building many interior nodes.
   */
  static void nodeInto(byte prefix, byte[] src, int lOff, int rOff, byte[] dst, int dOff) {
    MessageDigest md = DIGEST.get();
    md.update(prefix);
    md.update(src, lOff, SIZE);
    md.update(src, rOff, SIZE);
    try {
      md.digest(dst, dOff, SIZE);
    } catch (DigestException e) {
      throw new AuditException(AuditException.Reason.INTERNAL, "SHA-256 digest failed", e);
    }
  }
}
