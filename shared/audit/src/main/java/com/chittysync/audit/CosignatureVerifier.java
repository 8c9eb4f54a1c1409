package com.chittysync.audit;

import com.chittysync.audit.AuditException.Reason;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * Verifies C2SP tlog-cosignature/v1 Ed25519 cosignatures (type 0x04). The signature bytes after the
 * key ID are {@code u64_be(timestamp) || ed25519sig(64)}; the signed message is {@link
 * Cosignature#signedMessage(String, long)} over the note text (the checkpoint body). Key ID =
 * {@code SHA256(name || 0x0A || 0x04 || pub)[:4]}.
 */
public final class CosignatureVerifier implements NoteVerifier {
  private final String name;
  private final byte[] publicKey;
  private final int keyId;

  private CosignatureVerifier(String name, byte[] publicKey) {
    this.name = name;
    this.publicKey = publicKey;
    this.keyId = NoteFormat.keyId(name, NoteFormat.TYPE_COSIGNATURE_V1, publicKey);
  }

  /**
   * A verifier for witness {@code name} with 32-byte Ed25519 public key {@code publicKey}.
   *
   * @throws AuditException {@link Reason#MALFORMED_KEY} for an invalid name or key
   */
  public static CosignatureVerifier of(String name, byte[] publicKey) {
    NoteFormat.requireValidName(name, Reason.MALFORMED_KEY);
    Objects.requireNonNull(publicKey, "publicKey");
    if (!Ed25519Crypto.isValidPublicKey(publicKey)) {
      throw new AuditException(Reason.MALFORMED_KEY, "not a valid 32-byte Ed25519 public key");
    }
    return new CosignatureVerifier(name, publicKey.clone());
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
    return NoteFormat.TYPE_COSIGNATURE_V1;
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * Whether {@code signature} ({@code u64_be(timestamp) || ed25519sig}, 72 bytes) is a valid
   * cosignature of the checkpoint body {@code text}. A timestamp above 2^63-1 is invalid.
   */
  @Override
  public boolean verify(byte[] text, byte[] signature) {
    if (signature == null || signature.length != Cosignature.PAYLOAD_SIZE - 4) {
      return false;
    }
    long timestamp = ByteBuffer.wrap(signature, 0, 8).getLong();
    if (timestamp < 0) {
      return false;
    }
    byte[] message = Cosignature.signedMessage(text, timestamp);
    return Ed25519Crypto.verify(
        publicKey, message, Arrays.copyOfRange(signature, 8, signature.length));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CosignatureVerifier other && sameKey(other);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + keyId;
  }

  @Override
  public String toString() {
    return "CosignatureVerifier[" + verifierKey() + "]";
  }
}
