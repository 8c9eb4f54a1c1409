package com.chittysync.envelope;

import java.time.Instant;

/**
 * Remembers accepted envelope nonces so each is accepted once only. Implementations must be
 * thread-safe, and atomic: of concurrent calls with the same nonce, exactly one returns {@code
 * true}.
 */
@FunctionalInterface
public interface NonceStore {
  /**
   * Records {@code nonce} as accepted, unless it was accepted before.
   *
   * @param nonce the envelope's nonce, as sent
   * @param keyId the key that signed it
   * @param expiresAt when the envelope stops verifying; the nonce must be remembered at least until
   *     then
   * @return {@code true} if the nonce is new (and now recorded), {@code false} if seen before
   */
  boolean accept(String nonce, String keyId, Instant expiresAt);
}
