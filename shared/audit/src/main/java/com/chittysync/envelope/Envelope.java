package com.chittysync.envelope;

import com.chittysync.audit.Ed25519Crypto;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * A parsed, well-formed signed envelope; immutable. Well-formed is not verified: {@link
 * EnvelopeVerifier} checks the key, signature, time window and nonce.
 *
 * <p>Wire form: {@code {"payload": <any JSON>, "nonce": "<base64url>", "issued_at": "<RFC 3339
 * UTC>", "expires_at": "<RFC 3339 UTC>" (optional), "key_id": "<64 lowercase hex>", "signature":
 * "<base64url>"}}. The signature covers {@link #signedBytes()}: the UTF-8 bytes of {@value
 * #SIGNATURE_CONTEXT_TEXT} plus a newline, followed by the RFC 8785 (JCS) form of the envelope
 * without {@code signature}.
 */
// Not a record: the time members must be re-signed byte for byte as they were sent (an RFC 3339
// time has many spellings of one instant, e.g. "...:00Z" and "...:00.000Z"), so their text is kept
// next to the parsed Instant, and the payload tree is copied on the way out to stay immutable.
public final class Envelope {
  /** The signing context line, without its newline. */
  public static final String SIGNATURE_CONTEXT_TEXT = "chittysync-envelope/v1";

  /** What the signed bytes start with: {@code chittysync-envelope/v1\n}. */
  public static final String SIGNATURE_CONTEXT = SIGNATURE_CONTEXT_TEXT + "\n";

  /** Fewest random bytes a nonce may carry. */
  public static final int MIN_NONCE_BYTES = 16;

  /** Most bytes a nonce may carry (it is stored until the envelope expires). */
  public static final int MAX_NONCE_BYTES = 64;

  /** How long an envelope without {@code expires_at} is valid after {@code issued_at}. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

  /** The longest {@code expires_at - issued_at} allowed. */
  public static final Duration MAX_LIFETIME = Duration.ofMinutes(15);

  static final String PAYLOAD = "payload";
  static final String NONCE = "nonce";
  static final String ISSUED_AT = "issued_at";
  static final String EXPIRES_AT = "expires_at";
  static final String KEY_ID = "key_id";
  static final String SIGNATURE = "signature";

  private static final ObjectMapper WRITER = new ObjectMapper();

  private final EnvelopeSigningInput members;
  private final Instant issuedAt;
  private final Instant expiresAt;
  private final String signature;
  private final byte[] signatureBytes;
  private final byte[] signedBytes;

  /** For {@link EnvelopeParser}: {@code members} must be checked and owned by the envelope. */
  Envelope(EnvelopeSigningInput members, String signature, byte[] signatureBytes) {
    this.members = members;
    this.issuedAt = EnvelopeParser.parseTime(ISSUED_AT, members.issuedAt());
    this.expiresAt =
        members.expiresAt() == null
            ? null
            : EnvelopeParser.parseTime(EXPIRES_AT, members.expiresAt());
    this.signature = signature;
    this.signatureBytes = signatureBytes;
    this.signedBytes = members.bytes();
  }

  /**
   * Parses an envelope strictly: UTF-8 I-JSON (no duplicate members), a JSON object with exactly
   * the members above and no others, strings where strings are due, times in RFC 3339 UTC ending in
   * {@code Z}, a nonce of unpadded base64url decoding to {@value #MIN_NONCE_BYTES} to {@value
   * #MAX_NONCE_BYTES} bytes, a {@code key_id} of exactly 64 lowercase hex digits and an unpadded
   * base64url signature of 64 bytes.
   *
   * @throws EnvelopeException {@link EnvelopeFailure#MALFORMED}, saying what is wrong
   */
  public static Envelope parse(byte[] json) {
    return EnvelopeParser.parse(json);
  }

  /**
   * An envelope from its parts, which must be well formed; for {@link EnvelopeSigner}, which hands
   * over {@code members} (with its own copy of the payload).
   *
   * @throws EnvelopeException {@link EnvelopeFailure#MALFORMED} if a part is not
   */
  static Envelope of(EnvelopeSigningInput members, byte[] signature) {
    EnvelopeParser.requireNonce(members.nonce());
    EnvelopeParser.requireKeyId(members.keyId());
    if (signature.length != Ed25519Crypto.SIGNATURE_SIZE) {
      throw EnvelopeParser.malformed(
          "signature must be " + Ed25519Crypto.SIGNATURE_SIZE + " bytes");
    }
    return new Envelope(members, EnvelopeParser.encodeBase64Url(signature), signature.clone());
  }

  /** The payload (a fresh copy: the envelope stays immutable). */
  public JsonNode payload() {
    return members.payload().deepCopy();
  }

  /** The nonce, unpadded base64url as sent. */
  public String nonce() {
    return members.nonce();
  }

  /** When the envelope was issued. */
  public Instant issuedAt() {
    return issuedAt;
  }

  /** The explicit expiry, if the envelope has an {@code expires_at} member. */
  public Optional<Instant> expiresAt() {
    return Optional.ofNullable(expiresAt);
  }

  /**
   * The instant after which the envelope no longer verifies: {@code expires_at}, else {@code
   * issued_at} + {@link #DEFAULT_LIFETIME}.
   */
  public Instant validUntil() {
    return expiresAt != null ? expiresAt : issuedAt.plus(DEFAULT_LIFETIME);
  }

  /** The signer's Ed25519 public key as 64 lowercase hex digits. */
  public String keyId() {
    return members.keyId();
  }

  /** The signature, unpadded base64url as sent. */
  public String signature() {
    return signature;
  }

  /** The 64 signature bytes (a fresh copy). */
  public byte[] signatureBytes() {
    return signatureBytes.clone();
  }

  byte[] signatureBytesUnsafe() {
    return signatureBytes;
  }

  /**
   * The exact bytes the signature covers: UTF-8 {@code chittysync-envelope/v1\n} followed by the
   * JCS form of this envelope without {@code signature} (a fresh copy).
   */
  public byte[] signedBytes() {
    return signedBytes.clone();
  }

  byte[] signedBytesUnsafe() {
    return signedBytes;
  }

  /**
   * The envelope as one line of JSON, members in the order payload, nonce, issued_at, expires_at
   * (when present), key_id, signature.
   */
  public String toJson() {
    ObjectNode out = members.toObject();
    out.put(SIGNATURE, signature);
    try {
      return WRITER.writeValueAsString(out);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize an envelope", e);
    }
  }

  /** Equal when the signed bytes and the signature are. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Envelope other
        && Arrays.equals(signedBytes, other.signedBytes)
        && signature.equals(other.signature);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(signedBytes) + signature.hashCode();
  }

  /** A short description without the payload. */
  @Override
  public String toString() {
    return "Envelope[key_id="
        + members.keyId()
        + ", nonce="
        + members.nonce()
        + ", issued_at="
        + members.issuedAt()
        + (members.expiresAt() == null ? "" : ", expires_at=" + members.expiresAt())
        + "]";
  }
}
