package com.chittysync.audit;

import com.chittysync.audit.AuditException.Reason;
import java.util.Objects;

/**
 * Verifies plain Ed25519 note signatures (type 0x01): the signature is over the note text bytes.
 * Key ID = {@code SHA256(name || 0x0A || 0x01 || pub)[:4]}.
 */
public final class Ed25519NoteVerifier implements NoteVerifier {
  private final String name;
  private final byte[] publicKey;
  private final int keyId;

  private Ed25519NoteVerifier(String name, byte[] publicKey) {
    this.name = name;
    this.publicKey = publicKey;
    this.keyId = NoteFormat.keyId(name, NoteFormat.TYPE_ED25519, publicKey);
  }

  /**
   * A verifier for {@code name} and the 32-byte Ed25519 public key {@code publicKey}.
   *
   * @throws AuditException {@link Reason#MALFORMED_KEY} for an invalid name or key
   */
  public static Ed25519NoteVerifier of(String name, byte[] publicKey) {
    NoteFormat.requireValidName(name, Reason.MALFORMED_KEY);
    Objects.requireNonNull(publicKey, "publicKey");
    if (!Ed25519Crypto.isValidPublicKey(publicKey)) {
      throw new AuditException(Reason.MALFORMED_KEY, "not a valid 32-byte Ed25519 public key");
    }
    return new Ed25519NoteVerifier(name, publicKey.clone());
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int keyId() {
    return keyId;
  }

  @Override
  public byte signatureType() {
    return NoteFormat.TYPE_ED25519;
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public boolean verify(byte[] text, byte[] signature) {
    return Ed25519Crypto.verify(publicKey, text, signature);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Ed25519NoteVerifier other && sameKey(other);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + keyId;
  }

  @Override
  public String toString() {
    return "Ed25519NoteVerifier[" + verifierKey() + "]";
  }
}
