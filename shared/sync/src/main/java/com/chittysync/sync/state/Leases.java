package com.chittysync.sync.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The lease that keeps one run per registry at a time, across processes and machines. A lease
 * expires unless its holder renews it, so a crashed holder never blocks a registry for good; a
 * fencing token, chosen when the lease is granted, makes sure only the holder renews or releases.
 *
 * <p>Implementations keep no state between calls beyond what they store (each call stands alone, so
 * it works through a transaction-mode pooler) and are safe to call from several threads: the
 * renewing thread of one lease runs beside the work it protects.
 */
public interface Leases {
  /** What {@link #acquire} got. */
  sealed interface Acquisition permits Granted, Refused {}

  /**
   * The lease is the caller's until {@code ttl} after the grant, or after its last renewal.
   *
   * @param token the fencing token to renew and release it with
   */
  record Granted(UUID token) implements Acquisition {}

  /**
   * Another holder's unexpired lease stands.
   *
   * @param current who holds it and until when; empty when it was released between the refusal and
   *     the look at it (the caller may simply try again)
   */
  record Refused(Optional<Holder> current) implements Acquisition {}

  /**
   * A lease's holder as shown to the one refused.
   *
   * @param holder who, as given to {@link #acquire} (host/function/pid)
   * @param expiresAt when the lease lapses unless renewed, to the second
   */
  record Holder(String holder, Instant expiresAt) {}

  /**
   * Takes the lease of {@code registry} for {@code holder} when nobody holds it or its holder let
   * it expire, recording the registry first if it is new. Atomic: of two concurrent calls at most
   * one is granted; an expired lease is taken over, which makes its old token worthless.
   *
   * @param ttl how long the lease lasts without renewal
   * @return {@link Granted} with a fresh token, or {@link Refused} naming the current holder
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error} when the store fails; nothing is taken then
   */
  Acquisition acquire(String registry, String holder, Duration ttl);

  /**
   * Extends the lease to {@code ttl} from now, if {@code token} still holds it.
   *
   * @return false when the lease is no longer this token's (it expired and was taken over, or it
   *     was released): the holder must stop writing
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}; the lease is then unchanged and lapses at its current expiry
   */
  boolean renew(String registry, UUID token, Duration ttl);

  /**
   * Gives the lease up, if {@code token} still holds it; otherwise does nothing, so a holder that
   * lost its lease never releases its successor's. Idempotent.
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}; the lease then simply expires
   */
  void release(String registry, UUID token);
}
