package com.chittysync.audit;

import com.chittysync.audit.AuditException.Reason;

/**
 * Verifies plain Ed25519 note signatures (type 0x01): the signature is over the note text bytes.
 * Key ID = {@code SHA256(name || 0x0A || 0x01 || pub)[:4]}.
 */
public final class Ed25519NoteVerifier extends Ed25519KeyVerifier {

  private Ed25519NoteVerifier(String name, byte[] publicKey) {
    super(name, publicKey, NoteFormat.TYPE_ED25519);
  }

  /**
   * A verifier for {@code name} and the 32-byte Ed25519 public key {@code publicKey}.
   *
   * @throws AuditException {@link Reason#MALFORMED_KEY} for an invalid name or key
   */
  public static Ed25519NoteVerifier of(String name, byte[] publicKey) {
    return new Ed25519NoteVerifier(name, checkedKey(name, publicKey));
  }

  @Override
  public boolean verify(byte[] text, byte[] signature) {
    return verifyEd25519(text, signature);
  }
}
