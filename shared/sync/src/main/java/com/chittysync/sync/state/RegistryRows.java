package com.chittysync.sync.state;

import java.time.Instant;
import java.util.Optional;

/**
 * The row each registry has in the state (everything else refers to it), and the scheduler's claim
 * on a registry's next scheduled sync.
 */
public interface RegistryRows {
  /** When a schedule fires next after a given moment. */
  @FunctionalInterface
  interface Schedule {
    /** The first firing after {@code last}, or empty when it never fires again. */
    Optional<Instant> nextAfter(Instant last);
  }

  /**
   * A claim on a scheduled sync.
   *
   * @param previousRequest the request time the claim replaced, empty when there was none; {@link
   *     #giveBack} restores it
   */
  record Claim(Optional<Instant> previousRequest) {}

  /**
   * Since when {@code registry} has been converged, for the staleness alarm: the end of its latest
   * converged run; for a registry that never converged, the start of its first run (it has been
   * trying since); empty for a registry that never ran.
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} when the store
   *     cannot be reached
   */
  Optional<Instant> convergedSince(String registry);

  /**
   * Records {@code registry} if it is new; does nothing if it is known. Idempotent and safe to
   * race.
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.error} when the name is not one
   *     a registry may have, {@code database.unavailable} when the store cannot be reached
   */
  void ensure(String registry);

  /**
   * Claims {@code registry}'s next scheduled sync if it is due at {@code now}, recording {@code
   * now} as its last request. It is due when it was never run nor requested, or when {@code
   * schedule} fires after the later of its last request and its last run's start, and at or before
   * {@code now}.
   *
   * <p>Atomic per registry: of concurrent claims for the same firing exactly one succeeds, so two
   * scheduler ticks at once request each sync once. {@code schedule} may be called more than once
   * (the claim is retried on a serialization failure) and must have no side effects. Records the
   * registry if it is new.
   *
   * @return the claim, or empty when the registry is not due
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}; nothing is claimed then
   */
  Optional<Claim> claimSchedule(String registry, Instant now, Schedule schedule);

  /**
   * Undoes a claim whose request could not be sent, restoring its previous request time, so the
   * next tick asks again.
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  void giveBack(String registry, Claim claim);
}
