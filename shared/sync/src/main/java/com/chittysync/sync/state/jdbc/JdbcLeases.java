package com.chittysync.sync.state.jdbc;

import com.chittysync.store.Database;
import com.chittysync.sync.state.Leases;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link Leases} as rows of {@code chittysync.leases}. An ordinary row with an expiry rather than
 * an advisory lock, so it works through a transaction-mode pooler; expiry is judged by the
 * database's clock, the one clock every holder shares.
 */
public final class JdbcLeases implements Leases {
  private final Database database;

  public JdbcLeases(Database database) {
    this.database = database;
  }

  @Override
  public Acquisition acquire(String registry, String holder, Duration ttl) {
    UUID token = UUID.randomUUID();
    return database.inTransaction(
        c -> {
          JdbcRegistryRows.ensure(c, registry);
          // One statement takes a free or expired lease: the conflict arbiter serialises racers.
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
            ps.setDouble(4, seconds(ttl));
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                return new Granted(token);
              }
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT holder, date_trunc('second', expires_at) FROM chittysync.leases WHERE registry = ?")) {
            ps.setString(1, registry);
            try (ResultSet rs = ps.executeQuery()) {
              return new Refused(
                  rs.next()
                      ? Optional.of(new Holder(rs.getString(1), rs.getTimestamp(2).toInstant()))
                      : Optional.empty());
            }
          }
        });
  }

  @Override
  public boolean renew(String registry, UUID token, Duration ttl) {
    return database.inTransaction(
            c -> {
              try (PreparedStatement ps =
                  c.prepareStatement(
                      "UPDATE chittysync.leases SET renewed_at = now(), expires_at = now() + make_interval(secs => ?)"
                          + " WHERE registry = ? AND token = ?")) {
                ps.setDouble(1, seconds(ttl));
                ps.setString(2, registry);
                ps.setObject(3, token);
                return ps.executeUpdate();
              }
            })
        > 0;
  }

  @Override
  public void release(String registry, UUID token) {
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

  private static double seconds(Duration ttl) {
    return ttl.toMillis() / 1000.0;
  }
}
