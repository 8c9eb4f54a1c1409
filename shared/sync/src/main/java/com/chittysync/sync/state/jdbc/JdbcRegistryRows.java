package com.chittysync.sync.state.jdbc;

import com.chittysync.store.Database;
import com.chittysync.sync.state.RegistryRows;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/** {@link RegistryRows} in {@code chittysync.registries}. */
public final class JdbcRegistryRows implements RegistryRows {
  private final Database database;

  public JdbcRegistryRows(Database database) {
    this.database = database;
  }

  /**
   * Records {@code registry} if it is new, inside the caller's transaction: every table refers to
   * the registry's row, so whatever writes one first calls this in the same transaction.
   */
  public static void ensure(Connection c, String registry) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO chittysync.registries (name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
      ps.setString(1, registry);
      ps.executeUpdate();
    }
  }

  @Override
  public void ensure(String registry) {
    database.inTransaction(
        c -> {
          ensure(c, registry);
          return null;
        });
  }

  @Override
  public Optional<Claim> claimSchedule(String registry, Instant now, Schedule schedule) {
    return database.inTransaction(
        c -> {
          ensure(c, registry);
          Instant lastRequest = null;
          Instant lastRun = null;
          // The row lock makes a second tick wait for this one and then see its request time.
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT r.last_scheduled_at,"
                      + " (SELECT max(started_at) FROM chittysync.runs u WHERE u.registry = r.name)"
                      + " FROM chittysync.registries r WHERE r.name = ? FOR UPDATE")) {
            ps.setString(1, registry);
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                lastRequest = instant(rs.getTimestamp(1));
                lastRun = instant(rs.getTimestamp(2));
              }
            }
          }
          Instant last =
              lastRequest == null
                  ? lastRun
                  : lastRun == null || lastRequest.isAfter(lastRun) ? lastRequest : lastRun;
          if (last != null) {
            Optional<Instant> next = schedule.nextAfter(last);
            if (next.isEmpty() || next.get().isAfter(now)) {
              return Optional.empty();
            }
          }
          setLastScheduled(c, registry, now);
          return Optional.of(new Claim(Optional.ofNullable(lastRequest)));
        });
  }

  @Override
  public Optional<Instant> convergedSince(String registry) {
    return database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT coalesce("
                      + " (SELECT max(finished_at) FROM chittysync.runs"
                      + "   WHERE registry = ? AND status = 'converged'),"
                      + " (SELECT min(started_at) FROM chittysync.runs WHERE registry = ?))")) {
            ps.setString(1, registry);
            ps.setString(2, registry);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.ofNullable(instant(rs.getTimestamp(1)))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public void giveBack(String registry, Claim claim) {
    database.inTransaction(
        c -> {
          setLastScheduled(c, registry, claim.previousRequest().orElse(null));
          return null;
        });
  }

  private static void setLastScheduled(Connection c, String registry, Instant at)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "UPDATE chittysync.registries SET last_scheduled_at = ? WHERE name = ?")) {
      ps.setTimestamp(1, at == null ? null : Timestamp.from(at));
      ps.setString(2, registry);
      ps.executeUpdate();
    }
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
