package com.chittysync.envelope;

import com.chittysync.audit.Ed25519Crypto;
import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.SQLException;
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
    Unspent unspent = check(envelope);
    if (!nonces.accept(envelope.nonce(), unspent.verified().keyId(), unspent.validUntil())) {
      throw replayed(envelope.nonce());
    }
    return unspent.verified();
  }

  /**
   * An envelope that verified but whose nonce is not spent yet: the caller spends it with {@link
   * #spend} in the transaction that does what the envelope asks, so that a request that fails (or a
   * process that dies) before that commits leaves the nonce usable for a retry.
   *
   * @param verified what verified
   * @param validUntil when the envelope stops verifying
   */
  public record Unspent(Verified verified, Instant validUntil) {}

  /**
   * Verifies {@code json} fully except for spending its nonce (one already spent is refused).
   *
   * @throws EnvelopeException when it is rejected
   */
  public Unspent verifyUnspent(byte[] json) {
    Envelope envelope = Envelope.parse(json);
    Unspent unspent = check(envelope);
    if (nonces.seen(envelope.nonce())) {
      throw replayed(envelope.nonce());
    }
    return unspent;
  }

  /**
   * Spends {@code unspent}'s nonce in the caller's transaction on {@code connection}.
   *
   * @throws EnvelopeException {@code replayed_nonce} if another request spent it first
   */
  public void spend(Connection connection, Unspent unspent) throws SQLException {
    Verified v = unspent.verified();
    if (!nonces.accept(connection, v.nonce(), v.keyId(), unspent.validUntil())) {
      throw replayed(v.nonce());
    }
  }

  private static EnvelopeException replayed(String nonce) {
    return new EnvelopeException(
        EnvelopeFailure.REPLAYED_NONCE,
        "nonce " + nonce + " was already accepted: the envelope is a replay");
  }

  private Unspent check(Envelope envelope) {
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
    return new Unspent(new Verified(envelope.payload(), keyId, envelope.nonce()), validUntil);
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
