package com.chittysync.envelope;

import com.chittysync.audit.Ed25519Crypto;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Fully verifies signed envelopes; thread-safe. Checks, in this order, each failure with its own
 * {@link EnvelopeFailure}:
 *
 * <ol>
 *   <li>{@code malformed}: {@link Envelope#parse} rules;
 *   <li>{@code unknown_key}: {@code key_id} is not in the {@link TrustedKeys};
 *   <li>{@code bad_signature}: the Ed25519 signature over {@link Envelope#signedBytes()} fails;
 *   <li>the time window: {@code malformed} when {@code expires_at} is before {@code issued_at} or
 *       more than {@link Envelope#MAX_LIFETIME} after it; {@code not_yet_valid} when now is before
 *       {@code issued_at - }{@link #CLOCK_SKEW}; {@code expired} when now is after {@code
 *       expires_at} (default {@code issued_at + }{@link Envelope#DEFAULT_LIFETIME});
 *   <li>{@code replayed_nonce}: the {@link NonceStore} saw the nonce before. The nonce is recorded
 *       only after every other check passed, so a rejected envelope burns nothing.
 * </ol>
 */
public final class EnvelopeVerifier {
  /** How far in the future {@code issued_at} may be, for clocks that run ahead. */
  public static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

  /**
   * A verified envelope's content.
   *
   * @param payload the payload (the caller's own copy)
   * @param keyId the trusted key that signed it (64 lowercase hex digits)
   * @param nonce the nonce, now spent
   */
  public record Verified(JsonNode payload, String keyId, String nonce) {}

  private final TrustedKeys keys;
  private final NonceStore nonces;
  private final Clock clock;

  /**
   * A verifier accepting {@code keys}, spending nonces in {@code nonces}, telling time by {@code
   * clock}.
   */
  public EnvelopeVerifier(TrustedKeys keys, NonceStore nonces, Clock clock) {
    this.keys = Objects.requireNonNull(keys, "keys");
    this.nonces = Objects.requireNonNull(nonces, "nonces");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Parses and fully verifies the envelope {@code json}, spending its nonce.
   *
   * @throws EnvelopeException when it is rejected; {@link EnvelopeException#failure()} says why
   * @throws com.chittysync.core.ChittySyncException {@code database.*} when the nonce store cannot
   *     be reached (the envelope is then neither accepted nor rejected)
   */
  public Verified verify(byte[] json) {
    return verify(Envelope.parse(json));
  }

  /**
   * Fully verifies {@code envelope}, spending its nonce.
   *
   * @throws EnvelopeException when it is rejected; {@link EnvelopeException#failure()} says why
   */
  public Verified verify(Envelope envelope) {
    String keyId = envelope.keyId();
    byte[] publicKey = keys.rawKey(keyId);
    if (publicKey == null) {
      throw new EnvelopeException(
          EnvelopeFailure.UNKNOWN_KEY,
          "key_id " + keyId + " is not a trusted key (" + TrustedKeys.ENGINE_PUBKEY_HEX + ")");
    }
    if (!Ed25519Crypto.verify(
        publicKey, envelope.signedBytesUnsafe(), envelope.signatureBytesUnsafe())) {
      throw new EnvelopeException(
          EnvelopeFailure.BAD_SIGNATURE,
          "signature does not verify under key_id "
              + keyId
              + " (the envelope was altered or signed by another key)");
    }
    Instant validUntil = checkTimeWindow(envelope, clock.instant());
    if (!nonces.accept(envelope.nonce(), keyId, validUntil)) {
      throw new EnvelopeException(
          EnvelopeFailure.REPLAYED_NONCE,
          "nonce " + envelope.nonce() + " was already accepted: the envelope is a replay");
    }
    return new Verified(envelope.payload(), keyId, envelope.nonce());
  }

  /** Checks the window at {@code now} and returns the envelope's expiry. */
  private static Instant checkTimeWindow(Envelope envelope, Instant now) {
    Instant issuedAt = envelope.issuedAt();
    if (envelope.expiresAt().isPresent()) {
      Instant expiresAt = envelope.expiresAt().get();
      if (expiresAt.isBefore(issuedAt)) {
        throw new EnvelopeException(
            EnvelopeFailure.MALFORMED,
            "expires_at " + expiresAt + " is before issued_at " + issuedAt);
      }
      if (Duration.between(issuedAt, expiresAt).compareTo(Envelope.MAX_LIFETIME) > 0) {
        throw new EnvelopeException(
            EnvelopeFailure.MALFORMED,
            "expires_at "
                + expiresAt
                + " is more than "
                + Envelope.MAX_LIFETIME.toMinutes()
                + " minutes after issued_at "
                + issuedAt);
      }
    }
    Instant notBefore = issuedAt.minus(CLOCK_SKEW);
    if (now.isBefore(notBefore)) {
      throw new EnvelopeException(
          EnvelopeFailure.NOT_YET_VALID,
          "issued_at "
              + issuedAt
              + " is more than "
              + CLOCK_SKEW.toSeconds()
              + " s in the future (now "
              + now
              + ")");
    }
    Instant validUntil = envelope.validUntil();
    if (now.isAfter(validUntil)) {
      throw new EnvelopeException(
          EnvelopeFailure.EXPIRED,
          "envelope expired at "
              + validUntil
              + (envelope.expiresAt().isPresent()
                  ? ""
                  : " (issued_at + " + Envelope.DEFAULT_LIFETIME.toMinutes() + " min)")
              + " (now "
              + now
              + ")");
    }
    return validUntil;
  }

  @Override
  public String toString() {
    return "EnvelopeVerifier[" + keys + ", " + nonces + "]";
  }
}
