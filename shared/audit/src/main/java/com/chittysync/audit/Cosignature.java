package com.chittysync.audit;

import com.chittysync.audit.AuditException.Reason;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A decoded C2SP tlog-cosignature/v1 Ed25519 cosignature (signature type 0x04): a witness's
 * statement that, as of {@code timestamp}, the checkpoint is the largest consistent tree it has
 * seen for that origin. On the wire it is a note signature line whose 76-byte payload is {@code
 * keyID(4) || u64_be(timestamp) || ed25519sig(64)}.
 *
 * @param name the witness key name
 * @param keyId the key ID, {@code SHA256(name || 0x0A || 0x04 || pub)[:4]}
 * @param timestamp POSIX seconds, 0 to 2^63-1
 * @param signature the 64-byte Ed25519 signature over {@link #signedMessage(String, long)} (copied)
 */
public record Cosignature(String name, int keyId, long timestamp, byte[] signature) {
  /** Size of the decoded line payload: key ID, timestamp and signature. */
  public static final int PAYLOAD_SIZE = 4 + 8 + Ed25519Crypto.SIGNATURE_SIZE;

  private static final byte[] HEADER = "cosignature/v1\ntime ".getBytes(StandardCharsets.US_ASCII);

  /** Validates and defensively copies. */
  public Cosignature {
    NoteFormat.requireValidName(name, Reason.MALFORMED_COSIGNATURE);
    if (timestamp < 0) {
      throw new AuditException(
          Reason.MALFORMED_COSIGNATURE, "cosignature timestamp must not exceed 2^63-1");
    }
    Objects.requireNonNull(signature, "signature");
    if (signature.length != Ed25519Crypto.SIGNATURE_SIZE) {
      throw new AuditException(
          Reason.MALFORMED_COSIGNATURE, "Ed25519 cosignature must be 64 bytes");
    }
    signature = signature.clone();
  }

  /** The 64-byte Ed25519 signature (a fresh copy). */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /**
   * The message a v1 cosigner signs: {@code "cosignature/v1\ntime <decimal>\n"} followed by the
   * full checkpoint body (extension lines and final newline included).
   */
  public static byte[] signedMessage(String checkpointBody, long timestamp) {
    return signedMessage(checkpointBody.getBytes(StandardCharsets.UTF_8), timestamp);
  }

  /** {@link #signedMessage(String, long)} over the UTF-8 body bytes. */
  public static byte[] signedMessage(byte[] checkpointBody, long timestamp) {
    if (timestamp < 0) {
      throw new AuditException(
          Reason.INVALID_ARGUMENT, "cosignature timestamp must not exceed 2^63-1");
    }
    byte[] time = (Long.toString(timestamp) + "\n").getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(HEADER.length + time.length + checkpointBody.length)
        .put(HEADER)
        .put(time)
        .put(checkpointBody)
        .array();
  }

  /**
   * Decodes a note signature line as a cosignature (does not verify it).
   *
   * @throws AuditException {@link Reason#MALFORMED_COSIGNATURE} if the payload is not 76 bytes or
   *     the timestamp exceeds 2^63-1
   */
  public static Cosignature fromNoteSignature(NoteSignature line) {
    byte[] payload = line.signature();
    if (payload.length != PAYLOAD_SIZE - 4) {
      throw new AuditException(
          Reason.MALFORMED_COSIGNATURE,
          "cosignature of " + line.name() + " must be 76 bytes with its key ID");
    }
    long timestamp = ByteBuffer.wrap(payload, 0, 8).getLong();
    if (timestamp < 0) {
      throw new AuditException(
          Reason.MALFORMED_COSIGNATURE, "cosignature timestamp must not exceed 2^63-1");
    }
    return new Cosignature(
        line.name(), line.keyId(), timestamp, Arrays.copyOfRange(payload, 8, payload.length));
  }

  /** Parses a cosignature line ({@code — <name> <base64>}), with or without its newline. */
  public static Cosignature parseLine(String line) {
    return fromNoteSignature(NoteSignature.parseLine(line));
  }

  /** The note signature carrying this cosignature. */
  public NoteSignature toNoteSignature() {
    byte[] payload =
        ByteBuffer.allocate(8 + signature.length).putLong(timestamp).put(signature).array();
    return new NoteSignature(name, keyId, payload);
  }

  /** The signature line, including its final newline. */
  public String toLine() {
    return toNoteSignature().toLine();
  }

  /** Whether this cosignature is valid for {@code checkpointBody} under {@code verifier}. */
  public boolean verify(String checkpointBody, CosignatureVerifier verifier) {
    return verifier.name().equals(name)
        && verifier.keyId() == keyId
        && verifier.verify(
            checkpointBody.getBytes(StandardCharsets.UTF_8), toNoteSignature().signature());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cosignature other
        && other.name.equals(name)
        && other.keyId == keyId
        && other.timestamp == timestamp
        && Arrays.equals(other.signature, signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, keyId, timestamp, Arrays.hashCode(signature));
  }

  @Override
  public String toString() {
    return "Cosignature["
        + name
        + "+"
        + NoteFormat.keyIdHex(keyId)
        + ", time="
        + timestamp
        + ", sig="
        + HexFormat.of().formatHex(signature)
        + "]";
  }
}
