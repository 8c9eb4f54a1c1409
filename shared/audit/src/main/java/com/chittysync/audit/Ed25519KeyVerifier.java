package com.chittysync.audit;

import com.chittysync.audit.AuditException.Reason;
import java.util.Objects;

/**
 * What both kinds of {@link NoteVerifier} share: a named 32-byte Ed25519 public key whose key ID is
 * {@code SHA256(name || 0x0A || type || pub)[:4]}. A subclass fixes the signature type and says
 * which message the Ed25519 signature covers.
 */
abstract sealed class Ed25519KeyVerifier implements NoteVerifier
    permits Ed25519NoteVerifier, CosignatureVerifier {
  private final String name;
  private final byte[] publicKey;
  private final byte type;
  private final int keyId;

  /** {@code publicKey} must come from {@link #checkedKey} (checked and owned). */
  Ed25519KeyVerifier(String name, byte[] publicKey, byte type) {
    this.name = name;
    this.publicKey = publicKey;
    this.type = type;
    this.keyId = NoteFormat.keyId(name, type, publicKey);
  }

  /**
   * A copy of {@code publicKey} after checking {@code name} and the key.
   *
   * @throws AuditException {@link Reason#MALFORMED_KEY} for an invalid name or key
   */
  static byte[] checkedKey(String name, byte[] publicKey) {
    NoteFormat.requireValidName(name, Reason.MALFORMED_KEY);
    Objects.requireNonNull(publicKey, "publicKey");
    if (!Ed25519Crypto.isValidPublicKey(publicKey)) {
      throw new AuditException(Reason.MALFORMED_KEY, "not a valid 32-byte Ed25519 public key");
    }
    return publicKey.clone();
  }

  /** Whether {@code signature} is this key's Ed25519 signature of {@code message}. */
  final boolean verifyEd25519(byte[] message, byte[] signature) {
    return Ed25519Crypto.verify(publicKey, message, signature);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final int keyId() {
    return keyId;
  }

  @Override
  public final byte signatureType() {
    return type;
  }

  @Override
  public final byte[] publicKey() {
    return publicKey.clone();
  }

  // sameKey compares the signature type, so a verifier of one kind never equals one of the other.
  @Override
  public final boolean equals(Object o) {
    return o instanceof Ed25519KeyVerifier other && sameKey(other);
  }

  @Override
  public final int hashCode() {
    return name.hashCode() * 31 + keyId;
  }

  @Override
  public final String toString() {
    return getClass().getSimpleName() + "[" + verifierKey() + "]";
  }
}
