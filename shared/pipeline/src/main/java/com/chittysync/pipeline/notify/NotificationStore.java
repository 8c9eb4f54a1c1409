package com.chittysync.pipeline.notify;

import com.chittysync.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import java.util.UUID;

/**
 * The state of each registry last told to people, in {@code chittysync.registry_notifications}
 * (migration V22). Claiming a change is atomic, so of two invocations that see the same change only
 * one tells it.
 */
public final class NotificationStore {
  private final Database database;

  public NotificationStore(Database database) {
    this.database = database;
  }

  /**
   * A change of a registry's told state.
   *
   * @param from what people were told before; empty when nothing was recorded yet
   * @param to what the latest run says
   */
  public record Change(Optional<RegistryHealth> from, RegistryHealth to) {}

  /**
   * Records that {@code registry} is {@code health} as run {@code runId} says, if that changes what
   * was recorded.
   *
   * @return the change, or empty when {@code health} is what was recorded already (or another
   *     invocation recorded the registry's first state at the same time)
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  public Optional<Change> claim(String registry, RegistryHealth health, UUID runId) {
    return database.inTransaction(
        c -> {
          Optional<RegistryHealth> previous = Optional.empty();
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT state FROM chittysync.registry_notifications WHERE registry = ?"
                      + " FOR UPDATE")) {
            ps.setString(1, registry);
            try (ResultSet rs = ps.executeQuery()) {
              if (rs.next()) {
                previous = Optional.of(RegistryHealth.fromWire(rs.getString(1)));
              }
            }
          }
          if (previous.equals(Optional.of(health))) {
            return Optional.empty();
          }
          String sql =
              previous.isEmpty()
                  ? "INSERT INTO chittysync.registry_notifications (state, run_id, registry)"
                      + " VALUES (?, ?, ?) ON CONFLICT (registry) DO NOTHING"
                  : "UPDATE chittysync.registry_notifications SET state = ?, run_id = ?,"
                      + " changed_at = now() WHERE registry = ?";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, health.wire());
            ps.setObject(2, runId);
            ps.setString(3, registry);
            if (ps.executeUpdate() == 0) {
              return Optional.empty();
            }
          }
          return Optional.of(new Change(previous, health));
        });
  }

  /**
   * Gives back a change that could not be told, so the next run tells it again: the registry's told
   * state returns to {@code change.from()} unless something else was recorded meanwhile.
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  public void release(String registry, Change change) {
    database.inTransaction(
        c -> {
          String sql =
              change.from().isEmpty()
                  ? "DELETE FROM chittysync.registry_notifications"
                      + " WHERE registry = ? AND state = ?"
                  : "UPDATE chittysync.registry_notifications SET state = ?"
                      + " WHERE registry = ? AND state = ?";
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            if (change.from().isPresent()) {
              ps.setString(i++, change.from().get().wire());
            }
            ps.setString(i++, registry);
            ps.setString(i, change.to().wire());
            ps.executeUpdate();
          }
          return null;
        });
  }

  /** What people were last told of {@code registry}, if anything. */
  public Optional<RegistryHealth> told(String registry) {
    return database.withConnection(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "SELECT state FROM chittysync.registry_notifications WHERE registry = ?")) {
            ps.setString(1, registry);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next()
                  ? Optional.of(RegistryHealth.fromWire(rs.getString(1)))
                  : Optional.empty();
            }
          }
        });
  }
}
