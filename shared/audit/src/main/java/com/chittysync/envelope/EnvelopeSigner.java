package com.chittysync.envelope;

import com.chittysync.audit.AuditException;
import com.chittysync.audit.Jcs;
import com.chittysync.audit.NoteSigner;
import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.fasterxml.jackson.databind.JsonNode;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Makes signed envelopes with one Ed25519 key; thread-safe. {@link #toString()} never reveals the
 * key. The {@code key_id} of its envelopes is the public key in lowercase hex.
 */
public final class EnvelopeSigner {
  /** Random bytes in each fresh nonce (24 base64url characters). */
  public static final int NONCE_BYTES = 18;

  /** The key name {@link #fromSeed} gives its signed-note key. */
  private static final String SEED_KEY_NAME = "chittysync-envelope";

  private final NoteSigner key;
  private final String keyId;
  private final SecureRandom random;

  /** A signer with {@code key} (a signed-note Ed25519 key), nonces from {@code random}. */
  public EnvelopeSigner(NoteSigner key, SecureRandom random) {
    this.key = Objects.requireNonNull(key, "key");
    this.keyId = key.publicKeyHex();
    this.random = Objects.requireNonNull(random, "random");
  }

  /** A signer with {@code key} (a signed-note Ed25519 key). */
  public EnvelopeSigner(NoteSigner key) {
    this(key, new SecureRandom());
  }

  /**
   * A signer with the 32-byte Ed25519 {@code seed} (copied), nonces from {@code random}.
   *
   * @throws com.chittysync.audit.AuditException when the seed is not 32 bytes
   */
  public static EnvelopeSigner fromSeed(byte[] seed, SecureRandom random) {
    return new EnvelopeSigner(NoteSigner.fromSeed(SEED_KEY_NAME, seed), random);
  }

  /** A signer with the 32-byte Ed25519 {@code seed} (copied). */
  public static EnvelopeSigner fromSeed(byte[] seed) {
    return fromSeed(seed, new SecureRandom());
  }

  /** The {@code key_id} of this signer's envelopes: the public key as 64 lowercase hex digits. */
  public String keyId() {
    return keyId;
  }

  /**
   * Signs {@code payload} with a fresh random nonce, {@code issued_at} = {@code issuedAt} and, when
   * {@code ttl} is present, {@code expires_at} = {@code issuedAt + ttl} (otherwise verifiers apply
   * {@link Envelope#DEFAULT_LIFETIME}).
   *
   * @throws IllegalArgumentException when {@code ttl} is negative or longer than {@link
   *     Envelope#MAX_LIFETIME}, or a time is outside years 0000-9999
   * @throws EnvelopeException {@code malformed} when the payload is not I-JSON
   */
  public Envelope sign(JsonNode payload, Instant issuedAt, Optional<Duration> ttl) {
    Objects.requireNonNull(issuedAt, "issuedAt");
    Objects.requireNonNull(ttl, "ttl");
    ttl.ifPresent(
        t -> {
          if (t.isNegative() || t.compareTo(Envelope.MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException(
                "ttl must be between 0 and " + Envelope.MAX_LIFETIME + ", got " + t);
          }
        });
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    return sign(
        payload,
        Base64.getUrlEncoder().withoutPadding().encodeToString(nonce),
        issuedAt,
        ttl.map(issuedAt::plus));
  }

  /**
   * Signs exactly these members (for tools and tests that need a fixed nonce). Times are written as
   * {@link Instant#toString()} does.
   *
   * @throws IllegalArgumentException when the nonce is not unpadded base64url of {@value
   *     Envelope#MIN_NONCE_BYTES} to {@value Envelope#MAX_NONCE_BYTES} bytes, or a time is outside
   *     years 0000-9999
   * @throws EnvelopeException {@code malformed} when the payload is not I-JSON
   */
  public Envelope sign(
      JsonNode payload, String nonce, Instant issuedAt, Optional<Instant> expiresAt) {
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(nonce, "nonce");
    String issued = time(issuedAt);
    String expires = expiresAt.map(EnvelopeSigner::time).orElse(null);
    EnvelopeSigningInput members =
        new EnvelopeSigningInput(payload.deepCopy(), nonce, issued, expires, keyId);
    byte[] signature = key.signBytes(members.bytes());
    try {
      return Envelope.of(members, signature);
    } catch (EnvelopeException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /**
   * Parses payload JSON text strictly (UTF-8 I-JSON: no duplicate member names, nothing after the
   * value); any JSON value is a payload.
   *
   * @throws ChittySyncException {@code input.malformed} saying what is wrong
   */
  public static JsonNode parsePayload(byte[] utf8Json) {
    Objects.requireNonNull(utf8Json, "utf8Json");
    try {
      return Jcs.parseStrict(utf8Json);
    } catch (AuditException e) {
      throw new ChittySyncException(
          ErrorCode.MALFORMED_INPUT,
          "payload is not I-JSON: " + EnvelopeParser.firstLine(e.getMessage()));
    }
  }

  private static String time(Instant instant) {
    Objects.requireNonNull(instant, "time");
    try {
      return EnvelopeParser.formatTime(instant);
    } catch (EnvelopeException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "EnvelopeSigner[key_id=" + keyId + "]";
  }
}
