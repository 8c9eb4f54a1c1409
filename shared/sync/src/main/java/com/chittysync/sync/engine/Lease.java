package com.chittysync.sync.engine;

import com.chittysync.core.ChittySyncException;
import com.chittysync.core.ErrorCode;
import com.chittysync.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One run per registry at a time, across processes and machines: a row in {@code chittysync.leases}
 * with an expiry that the holder renews in the background. A crashed holder's lease simply expires.
 * It is an ordinary row, so it works through a transaction-mode pooler, unlike a session advisory
 * lock. A fencing token makes sure only the holder renews or releases.
 */
public final class Lease implements AutoCloseable {
  /** How long a lease lasts without renewal. */
  public static final Duration TTL = Duration.ofSeconds(60);

  private final Database database;
  private final String registry;
  private final UUID token;
  private final ScheduledExecutorService renewer;
  private volatile boolean lost;

  private Lease(Database database, String registry, UUID token) {
    this.database = database;
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
   * Takes the lease of {@code registry} for {@code holder}.
   *
   * @throws LeaseHeldException naming the holder when another run holds it
   */
  public static Lease acquire(Database database, String registry, String holder) {
    UUID token = UUID.randomUUID();
    String current =
        database.inTransaction(
            c -> {
              SyncStore.ensureRegistry(c, registry);
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "INSERT INTO chittysync.leases (registry, holder, token, acquired_at, renewed_at, expires_at)"
                          + " VALUES (?, ?, ?, now(), now(), now() + make_interval(secs => ?))"
                          + " ON CONFLICT (registry) DO UPDATE SET holder = EXCLUDED.holder, token = EXCLUDED.token,"
                          + " acquired_at = now(), renewed_at = now(), expires_at = EXCLUDED.expires_at"
                          + " WHERE chittysync.leases.expires_at < now() RETURNING token")) {
                ps.setString(1, registry);
                ps.setString(2, holder);
                ps.setObject(3, token);
                ps.setLong(4, TTL.toSeconds());
                try (ResultSet rs = ps.executeQuery()) {
                  if (rs.next()) {
                    return null;
                  }
                }
              }
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT holder, to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM chittysync.leases WHERE registry = ?")) {
                ps.setString(1, registry);
                try (ResultSet rs = ps.executeQuery()) {
                  return rs.next()
                      ? rs.getString(1) + " (lease expires " + rs.getString(2) + ")"
                      : "another run";
                }
              }
            });
    if (current != null) {
      throw new LeaseHeldException("registry '" + registry + "' is being synced by " + current);
    }
    return new Lease(database, registry, token);
  }

  private void renew() {
    try {
      int renewed =
          database.inTransaction(
              c -> {
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "UPDATE chittysync.leases SET renewed_at = now(), expires_at = now() + make_interval(secs => ?)"
                            + " WHERE registry = ? AND token = ?")) {
                  ps.setLong(1, TTL.toSeconds());
                  ps.setString(2, registry);
                  ps.setObject(3, token);
                  return ps.executeUpdate();
                }
              });
      if (renewed == 0) {
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
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "DELETE FROM chittysync.leases WHERE registry = ? AND token = ?")) {
            ps.setString(1, registry);
            ps.setObject(2, token);
            return ps.executeUpdate();
          }
        });
  }
}
