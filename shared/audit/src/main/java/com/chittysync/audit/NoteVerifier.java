package com.chittysync.audit;

import com.chittysync.audit.AuditException.Reason;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A trusted public key that checks signature lines of a signed note. Identified by its (name, key
 * ID) pair; lines with any other pair are not its business.
 *
 * <p>Two kinds exist: {@link Ed25519NoteVerifier} (signature type 0x01, c2sp.org/signed-note) for
 * log keys, and {@link CosignatureVerifier} (type 0x04, c2sp.org/tlog-cosignature) for witnesses.
 * Both are written as verifier keys ("vkeys"): {@code <name>+<8 hex key ID>+base64(type || key)}.
 */
public sealed interface NoteVerifier permits Ed25519KeyVerifier {

  /** The key name. */
  String name();

  /** The 32-bit key ID. */
  int keyId();

  /** The key ID as 8 lowercase hex digits. */
  default String keyIdHex() {
    return NoteFormat.keyIdHex(keyId());
  }

  /** The signature type byte (0x01 or 0x04). */
  byte signatureType();

  /** The 32-byte Ed25519 public key (a fresh copy). */
  byte[] publicKey();

  /** The public key as 64 lowercase hex digits. */
  default String publicKeyHex() {
    return HexFormat.of().formatHex(publicKey());
  }

  /** The verifier key string {@code <name>+<hex key ID>+base64(type || key)}. */
  default String verifierKey() {
    return NoteFormat.formatKeyString(name(), keyId(), signatureType(), publicKey());
  }

  /**
   * Whether {@code signature} (the bytes after the key ID in a signature line) is valid for the
   * note text {@code text} (UTF-8, including its final newline).
   */
  boolean verify(byte[] text, byte[] signature);

  /** Whether this verifier and {@code other} are the same key (type, name, ID and public key). */
  default boolean sameKey(NoteVerifier other) {
    return other.signatureType() == signatureType()
        && other.name().equals(name())
        && other.keyId() == keyId()
        && Arrays.equals(other.publicKey(), publicKey());
  }

  /**
   * Parses a verifier key, splitting on the first two '+' only (base64 may contain '+'). Type 0x01
   * yields an {@link Ed25519NoteVerifier}, type 0x04 a {@link CosignatureVerifier}.
   *
   * @throws AuditException {@link Reason#MALFORMED_KEY} if malformed, of an unsupported type, not a
   *     valid Ed25519 point, or if the key ID does not match the name and key
   */
  static NoteVerifier parse(String vkey) {
    NoteFormat.KeyString k = NoteFormat.parseKeyString(vkey, Reason.MALFORMED_KEY);
    byte type = k.typeAndKey()[0];
    byte[] key = Arrays.copyOfRange(k.typeAndKey(), 1, k.typeAndKey().length);
    NoteVerifier v =
        switch (type) {
          case NoteFormat.TYPE_ED25519 -> Ed25519NoteVerifier.of(k.name(), key);
          case NoteFormat.TYPE_COSIGNATURE_V1 -> CosignatureVerifier.of(k.name(), key);
          default ->
              throw new AuditException(
                  Reason.MALFORMED_KEY, String.format("unsupported signature type 0x%02x", type));
        };
    if (v.keyId() != k.keyId()) {
      throw new AuditException(
          Reason.MALFORMED_KEY,
          "key ID "
              + NoteFormat.keyIdHex(k.keyId())
              + " does not match name and key (expected "
              + v.keyIdHex()
              + ")");
    }
    return v;
  }
}
