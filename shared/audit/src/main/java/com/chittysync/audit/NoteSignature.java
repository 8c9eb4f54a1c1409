package com.chittysync.audit;

import com.chittysync.audit.AuditException.Reason;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One signature line of a signed note: {@code — <name> base64(keyID[4, big-endian] || signature)}.
 *
 * @param name the key name (non-empty, no spaces, no '+')
 * @param keyId the 32-bit key ID
 * @param signature the signature bytes that follow the key ID (at least one byte; copied)
 */
public record NoteSignature(String name, int keyId, byte[] signature) {

  /** Validates and defensively copies. */
  public NoteSignature {
    NoteFormat.requireValidName(name, Reason.MALFORMED_NOTE);
    Objects.requireNonNull(signature, "signature");
    if (signature.length == 0) {
      throw new AuditException(Reason.MALFORMED_NOTE, "signature must not be empty");
    }
    signature = signature.clone();
  }

  /** The signature bytes after the key ID (a fresh copy). */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The key ID as 8 lowercase hex digits. */
  public String keyIdHex() {
    return NoteFormat.keyIdHex(keyId);
  }

  /** The line as it appears in a note, including the final newline. */
  public String toLine() {
    byte[] payload = ByteBuffer.allocate(4 + signature.length).putInt(keyId).put(signature).array();
    return NoteFormat.SIGNATURE_PREFIX
        + name
        + " "
        + Base64.getEncoder().encodeToString(payload)
        + "\n";
  }

  /**
   * Parses one signature line, with or without its final newline.
   *
   * @throws AuditException {@link Reason#MALFORMED_NOTE} if the line is malformed
   */
  public static NoteSignature parseLine(String line) {
    String l = line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    if (!l.startsWith(NoteFormat.SIGNATURE_PREFIX) || l.indexOf('\n') >= 0) {
      throw new AuditException(
          Reason.MALFORMED_NOTE, "signature line must start with an em dash (U+2014) and a space");
    }
    String rest = l.substring(NoteFormat.SIGNATURE_PREFIX.length());
    int space = rest.indexOf(' ');
    if (space < 0) {
      throw new AuditException(Reason.MALFORMED_NOTE, "signature line has no signature");
    }
    String name = rest.substring(0, space);
    if (!NoteFormat.isValidName(name)) {
      throw new AuditException(Reason.MALFORMED_NOTE, "signature line has an invalid key name");
    }
    byte[] payload =
        NoteFormat.decodeBase64Strict(
            rest.substring(space + 1), Reason.MALFORMED_NOTE, "signature of " + name);
    if (payload.length < 5) {
      throw new AuditException(Reason.MALFORMED_NOTE, "signature of " + name + " is too short");
    }
    ByteBuffer buf = ByteBuffer.wrap(payload);
    int keyId = buf.getInt();
    return new NoteSignature(name, keyId, Arrays.copyOfRange(payload, 4, payload.length));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NoteSignature other
        && other.name.equals(name)
        && other.keyId == keyId
        && Arrays.equals(other.signature, signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, keyId, Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "NoteSignature["
        + name
        + "+"
        + keyIdHex()
        + ", "
        + HexFormat.of().formatHex(signature)
        + "]";
  }
}
