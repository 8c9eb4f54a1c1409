package com.chittysync.pipeline;

import com.chittysync.aws.EventPublisher;
import com.chittysync.store.Database;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.config.RegistryConfig;
import com.chittysync.sync.config.SyncConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedule function's service: finds the registries whose {@code schedule:} is due and puts one
 * {@code SyncRequested} event for each on the bus.
 *
 * <p>A registry is due when its schedule fires between the later of its last run and its last
 * request, and now. The request is claimed in PostgreSQL before it is published, so two ticks at
 * once (EventBridge may deliver a scheduled event twice) request each sync once; a claim whose
 * event could not be published is given back, so the next tick asks again.
 */
public final class Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  private final SyncService sync;
  private final Database database;
  private final EventSink events;
  private final Clock clock;

  /**
   * @param sync loads the config
   * @param database the state database (runs, and when each registry was last requested)
   * @param events the bus
   * @param clock now
   */
  public Scheduler(SyncService sync, Database database, EventSink events, Clock clock) {
    this.sync = sync;
    this.database = database;
    this.events = events;
    this.clock = clock;
  }

  /** Requests a sync of every due registry; returns their names. */
  public List<String> tick() {
    SyncConfig config = sync.config(Optional.empty());
    Instant now = clock.instant();
    Map<String, Optional<Instant>> claimed = new LinkedHashMap<>();
    for (RegistryConfig registry : config.registries().values()) {
      if (registry.schedule().isEmpty()) {
        continue;
      }
      claim(registry.name(), registry.schedule().get(), now)
          .ifPresent(previous -> claimed.put(registry.name(), previous));
    }
    if (claimed.isEmpty()) {
      return List.of();
    }
    List<EventPublisher.Event> requests = new ArrayList<>();
    claimed.keySet().forEach(r -> requests.add(PipelineEvents.syncRequested(r, "schedule")));
    try {
      events.publish(requests);
    } catch (RuntimeException e) {
      claimed.forEach(this::giveBack);
      throw e;
    }
    LOG.info("requested syncs of {}", claimed.keySet());
    return List.copyOf(claimed.keySet());
  }

  /**
   * Claims the registry's next request when it is due: returns the previous request time (empty
   * inside when there was none), or empty when it is not due.
   */
  private Optional<Optional<Instant>> claim(String registry, String schedule, Instant now) {
    return database.inTransaction(
        c -> {
          ensureRegistry(c, registry);
          Instant lastRequest = null;
          Instant lastRun = null;
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
            Optional<Instant> next = Schedules.next(schedule, last);
            if (next.isEmpty() || next.get().isAfter(now)) {
              return Optional.empty();
            }
          }
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE chittysync.registries SET last_scheduled_at = ? WHERE name = ?")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setString(2, registry);
            ps.executeUpdate();
          }
          return Optional.of(Optional.ofNullable(lastRequest));
        });
  }

  private void giveBack(String registry, Optional<Instant> previous) {
    database.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE chittysync.registries SET last_scheduled_at = ? WHERE name = ?")) {
            ps.setTimestamp(1, previous.map(Timestamp::from).orElse(null));
            ps.setString(2, registry);
            ps.executeUpdate();
          }
          return null;
        });
  }

  private static void ensureRegistry(Connection c, String registry) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO chittysync.registries (name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
      ps.setString(1, registry);
      ps.executeUpdate();
    }
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }
}
