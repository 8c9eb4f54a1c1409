package com.chittysync.sync.engine;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.store.Database;
import com.chittysync.sync.state.Leases;
import com.chittysync.sync.state.jdbc.JdbcLeases;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One run per registry at a time, across processes and machines: a {@link Leases lease} with an
 * expiry that the holder renews in the background. A crashed holder's lease simply expires. A
 * fencing token makes sure only the holder renews or releases.
 */
public final class Lease implements AutoCloseable {
  /** How long a lease lasts without renewal. */
  public static final Duration TTL = Duration.ofSeconds(60);

  private static final DateTimeFormatter EXPIRY =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  private final Leases leases;
  private final String registry;
  private final UUID token;
  private final ScheduledExecutorService renewer;
  private volatile boolean lost;

  private Lease(Leases leases, String registry, UUID token) {
    this.leases = leases;
    this.registry = registry;
    this.token = token;
    this.renewer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "lease-" + registry);
              t.setDaemon(true);
              return t;
            });
    long period = TTL.toMillis() / 3;
    renewer.scheduleAtFixedRate(this::renew, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Takes the lease of {@code registry} for {@code holder}, in the state database.
   *
   * @throws LeaseHeldException naming the holder when another run holds it
   */
  public static Lease acquire(Database database, String registry, String holder) {
    return acquire(new JdbcLeases(database), registry, holder);
  }

  /**
   * Takes the lease of {@code registry} for {@code holder}.
   *
   * @throws LeaseHeldException naming the holder when another run holds it
   */
  public static Lease acquire(Leases leases, String registry, String holder) {
    Leases.Acquisition acquisition = leases.acquire(registry, holder, TTL);
    if (acquisition instanceof Leases.Granted granted) {
      return new Lease(leases, registry, granted.token());
    }
    String current =
        ((Leases.Refused) acquisition)
            .current()
            .map(h -> h.holder() + " (lease expires " + EXPIRY.format(h.expiresAt()) + ")")
            .orElse("another run");
    throw new LeaseHeldException("registry '" + registry + "' is being synced by " + current);
  }

  private void renew() {
    try {
      if (!leases.renew(registry, token, TTL)) {
        lost = true;
      }
    } catch (RuntimeException e) {
      // A missed renewal is retried; the lease only lapses after TTL without one.
    }
  }

  /**
   * Fails if the lease was lost (another run took it after it expired): the caller must stop
   * writing.
   */
  public void check() {
    if (lost) {
      throw new ChittySyncException(
          ErrorCode.LEASE_HELD,
          "lost the lease of registry '" + registry + "'; stopping before the next write");
    }
  }

  @Override
  public void close() {
    renewer.shutdownNow();
    leases.release(registry, token);
  }
}
