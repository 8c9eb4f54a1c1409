package com.chittysync.envelope;

import java.sql.Connection;
import java.sql.SQLException;
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

  /**
   * Records {@code nonce} as accepted inside the caller's transaction on {@code connection}, so
   * that it is spent if and only if the work it authorises commits.
   *
   * @return {@code true} if the nonce is new, {@code false} if seen before
   * @throws UnsupportedOperationException if this store keeps nonces outside the database
   */
  default boolean accept(Connection connection, String nonce, String keyId, Instant expiresAt)
      throws SQLException {
    throw new UnsupportedOperationException(getClass().getSimpleName() + " is not transactional");
  }

  /** Whether {@code nonce} was accepted before; a cheap early check, not a guarantee. */
  default boolean seen(String nonce) {
    return false;
  }
}
