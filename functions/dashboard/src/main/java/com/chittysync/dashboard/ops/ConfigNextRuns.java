package com.chittysync.dashboard.ops;

import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.connect.config.SyncConfig;
import com.chittysync.schedule.Schedules;
import com.chittysync.sync.SyncService;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.inject.Inject;
import javax.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each registry's {@code schedule:} next fires, from the sync config the functions load
 * ({@code CHITTYSYNC_CONFIG}, verified as {@link SyncService#config} verifies it) and the
 * pipeline's {@link Schedules}.
 *
 * <p>Cheap per request: the schedules are read from the config at most once per {@link #TTL} per
 * container (the config is a Lambda layer that changes only with a deployment, which starts new
 * containers anyway). A config that cannot be loaded leaves the last schedules read in place (none
 * at first) and is tried again after the TTL; the page shows no next run rather than failing.
 */
@Singleton
public final class ConfigNextRuns implements NextRuns {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigNextRuns.class);

  /** How long schedules read from the config are used before it is read again. */
  public static final Duration TTL = Duration.ofMinutes(5);

  private record Snapshot(Map<String, String> schedules, Instant readAt) {}

  private final Supplier<SyncConfig> config;
  private final Clock clock;
  private final Duration ttl;
  private volatile Snapshot snapshot;

  /** Schedules of the config {@code sync} loads. */
  @Inject
  public ConfigNextRuns(dagger.Lazy<SyncService> sync, Clock clock) {
    // The sync service (endpoint types, schema sources) is built on the first page that needs a
    // schedule, not at cold start.
    this(() -> sync.get().config(Optional.empty()), clock, TTL);
  }

  /** Schedules of the config {@code config} supplies, read again after {@code ttl}. */
  public ConfigNextRuns(Supplier<SyncConfig> config, Clock clock, Duration ttl) {
    this.config = config;
    this.clock = clock;
    this.ttl = ttl;
  }

  @Override
  public Optional<Instant> next(String registry, Instant now) {
    String schedule = schedules().get(registry);
    if (schedule == null) {
      return Optional.empty();
    }
    try {
      return Schedules.next(schedule, now);
    } catch (IllegalArgumentException e) {
      // Config validation rejects such an expression; never fail a page over it.
      return Optional.empty();
    }
  }

  /** Registry name to schedule expression, for registries that have one. */
  Map<String, String> schedules() {
    Snapshot s = snapshot;
    Instant now = clock.instant();
    if (s != null && now.isBefore(s.readAt().plus(ttl))) {
      return s.schedules();
    }
    synchronized (this) {
      s = snapshot;
      if (s != null && now.isBefore(s.readAt().plus(ttl))) {
        return s.schedules();
      }
      Map<String, String> schedules;
      try {
        schedules = new HashMap<>();
        for (RegistryConfig r : config.get().registries().values()) {
          if (r.schedule().isPresent()) {
            schedules.put(r.name(), r.schedule().get());
          }
        }
        schedules = Map.copyOf(schedules);
      } catch (RuntimeException e) {
        LOG.warn("cannot read the schedules from the config: {}", e.getMessage());
        schedules = s == null ? Map.of() : s.schedules();
      }
      snapshot = new Snapshot(schedules, now);
      return schedules;
    }
  }
}
