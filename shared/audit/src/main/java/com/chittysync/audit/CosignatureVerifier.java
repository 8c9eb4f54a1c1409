package com.chittysync.audit;

import com.chittysync.audit.AuditException.Reason;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Verifies C2SP tlog-cosignature/v1 Ed25519 cosignatures (type 0x04). The signature bytes after the
 * key ID are {@code u64_be(timestamp) || ed25519sig(64)}; the signed message is {@link
 * Cosignature#signedMessage(String, long)} over the note text (the checkpoint body). Key ID =
 * {@code SHA256(name || 0x0A || 0x04 || pub)[:4]}.
 */
public final class CosignatureVerifier extends Ed25519KeyVerifier {

  private CosignatureVerifier(String name, byte[] publicKey) {
    super(name, publicKey, NoteFormat.TYPE_COSIGNATURE_V1);
  }

  /**
   * A verifier for witness {@code name} with 32-byte Ed25519 public key {@code publicKey}.
   *
   * @throws AuditException {@link Reason#MALFORMED_KEY} for an invalid name or key
   */
  public static CosignatureVerifier of(String name, byte[] publicKey) {
    return new CosignatureVerifier(name, checkedKey(name, publicKey));
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
    return verifyEd25519(message, Arrays.copyOfRange(signature, 8, signature.length));
  }
}
