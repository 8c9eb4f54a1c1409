package com.chittysync.audit;

import com.chittysync.audit.AuditException.Reason;
import java.security.SecureRandom;

/**
 * A witness's Ed25519 cosigning key (C2SP tlog-cosignature/v1, signature type 0x04). A cosigner key
 * must not double as a log's note-signing key: the cosignature message does not commit to the
 * cosigner name, and a note text could mimic the cosignature header. {@link #toString()} never
 * reveals the seed.
 */
public final class Cosigner {
  private final String name;
  private final byte[] seed;
  private final byte[] publicKey;
  private final CosignatureVerifier verifier;

  private Cosigner(String name, byte[] seed) {
    this.name = name;
    this.seed = seed;
    this.publicKey = Ed25519Crypto.publicKey(seed);
    this.verifier = CosignatureVerifier.of(name, publicKey);
  }

  /** A new random witness key named {@code name}. */
  public static Cosigner generate(String name, SecureRandom random) {
    NoteFormat.requireValidName(name, Reason.MALFORMED_KEY);
    return new Cosigner(name, Ed25519Crypto.generateSeed(random));
  }

  /** The witness key named {@code name} with the 32-byte Ed25519 {@code seed} (copied). */
  public static Cosigner fromSeed(String name, byte[] seed) {
    return new Cosigner(name, NoteFormat.checkedSeed(name, seed));
  }

  /** The witness name. */
  public String name() {
    return name;
  }

  /** The key ID, {@code SHA256(name || 0x0A || 0x04 || pub)[:4]}. */
  public int keyId() {
    return verifier.keyId();
  }

  /** The matching verifier (its {@link NoteVerifier#verifierKey()} is the type-0x04 vkey). */
  public CosignatureVerifier verifier() {
    return verifier;
  }

  /**
   * Cosigns a checkpoint as of {@code timestamp} (POSIX seconds, non-negative). The caller is
   * responsible for having checked consistency with the last checkpoint it cosigned.
   */
  public Cosignature cosign(Checkpoint checkpoint, long timestamp) {
    return cosign(checkpoint.format(), timestamp);
  }

  /** Cosigns a checkpoint body given as text (must be valid note text). */
  public Cosignature cosign(String checkpointBody, long timestamp) {
    if (!NoteFormat.isValidText(checkpointBody)) {
      throw new AuditException(
          Reason.MALFORMED_CHECKPOINT, "checkpoint body is not valid note text");
    }
    byte[] sig =
        Ed25519Crypto.sign(seed, publicKey, Cosignature.signedMessage(checkpointBody, timestamp));
    return new Cosignature(name, keyId(), timestamp, sig);
  }

  @Override
  public String toString() {
    return "Cosigner[" + verifier.verifierKey() + "]";
  }
}
