package com.chittysync.schedule;

import com.chittysync.connect.config.RegistryConfig;
import com.chittysync.connect.config.SyncConfig;
import com.chittysync.observe.metrics.Dimensions;
import com.chittysync.observe.metrics.Metric;
import com.chittysync.observe.metrics.Metrics;
import com.chittysync.pipeline.events.EventSink;
import com.chittysync.pipeline.events.SyncRequested;
import com.chittysync.sync.SyncService;
import com.chittysync.sync.state.PendingSyncs;
import com.chittysync.sync.state.RegistryRows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedule function's service: finds the registries whose {@code schedule:} is due and puts one
 * {@code SyncRequested} event for each on the bus.
 *
 * <p>A registry is due when its schedule fires between the later of its last run and its last
 * request, and now. The request is claimed in PostgreSQL before it is published, so two ticks at
 * once (EventBridge may deliver a scheduled event twice) request each sync once; a claim whose
 * event could not be published is given back, so the next tick asks again. A due registry whose
 * sync already waits (asked for by a webhook or a person, not yet begun) gets no second event: the
 * request joins the waiting one ({@link PendingSyncs}).
 */
public final class Scheduler {
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  private final Supplier<SyncConfig> config;
  private final RegistryRows registries;
  private final EventSink events;
  private final PendingSyncs pending;
  private final Clock clock;

  /**
   * @param sync loads the config
   * @param registries when each registry was last requested and run, and the claims on it
   * @param events the bus
   * @param clock now
   */
  public Scheduler(SyncService sync, RegistryRows registries, EventSink events, Clock clock) {
    this(() -> sync.config(Optional.empty()), registries, events, PendingSyncs.NONE, clock);
  }

  /**
   * @param config loads the config, at every tick, so a changed config takes effect on the next
   * @param registries when each registry was last requested and run, and the claims on it
   * @param events the bus
   * @param clock now
   */
  public Scheduler(
      Supplier<SyncConfig> config, RegistryRows registries, EventSink events, Clock clock) {
    this(config, registries, events, PendingSyncs.NONE, clock);
  }

  /**
   * @param config loads the config, at every tick, so a changed config takes effect on the next
   * @param registries when each registry was last requested and run, and the claims on it
   * @param events the bus
   * @param pending the registries' pending syncs: a due registry whose sync already waits gets no
   *     second event
   * @param clock now
   */
  public Scheduler(
      Supplier<SyncConfig> config,
      RegistryRows registries,
      EventSink events,
      PendingSyncs pending,
      Clock clock) {
    this.config = config;
    this.registries = registries;
    this.events = events;
    this.pending = pending;
    this.clock = clock;
  }

  /** Requests a sync of every due registry; returns their names. */
  public List<String> tick() {
    return tick(new Metrics());
  }

  /**
   * Requests a sync of every due registry and returns their names; records in {@code metrics} how
   * long each scheduled registry has gone without converging ({@code SecondsSinceConverged}) and
   * how many have gone longer than twice their schedule's interval ({@code
   * RegistriesNotConverged}).
   */
  public List<String> tick(Metrics metrics) {
    SyncConfig current = config.get();
    Instant now = clock.instant();
    staleness(current, now, metrics);
    Map<String, RegistryRows.Claim> claimed = new LinkedHashMap<>();
    for (RegistryConfig registry : current.registries().values()) {
      if (registry.schedule().isEmpty()) {
        continue;
      }
      String schedule = registry.schedule().get();
      registries
          .claimSchedule(registry.name(), now, last -> Schedules.next(schedule, last))
          .ifPresent(claim -> claimed.put(registry.name(), claim));
    }
    if (claimed.isEmpty()) {
      return List.of();
    }
    List<SyncRequested> requests =
        claimed.keySet().stream().map(r -> SyncRequested.of(r, "schedule")).toList();
    try {
      pending.request(
          requests, r -> PendingSyncs.Request.of(r.registry(), r.reason()), events::publish);
    } catch (RuntimeException e) {
      claimed.forEach(registries::giveBack);
      throw e;
    }
    LOG.info("requested syncs of {}", claimed.keySet());
    return List.copyOf(claimed.keySet());
  }

  private void staleness(SyncConfig current, Instant now, Metrics metrics) {
    int notConverged = 0;
    for (RegistryConfig registry : current.registries().values()) {
      if (registry.schedule().isEmpty()) {
        continue;
      }
      Optional<Instant> since = registries.convergedSince(registry.name());
      if (since.isEmpty()) {
        // Never ran: its first scheduled sync is being asked for.
        continue;
      }
      Duration gone = Duration.between(since.get(), now);
      metrics.add(
          Metric.SECONDS_SINCE_CONVERGED,
          Dimensions.registry(registry.name()),
          Math.max(0, gone.toSeconds()));
      Optional<Duration> interval = interval(registry.schedule().get(), now);
      if (interval.isPresent() && gone.compareTo(interval.get().multipliedBy(2)) > 0) {
        notConverged++;
        LOG.warn(
            "registry '{}' has not converged for {} s, over twice its schedule's {} s",
            registry.name(),
            gone.toSeconds(),
            interval.get().toSeconds());
      }
    }
    metrics.add(Metric.REGISTRIES_NOT_CONVERGED, Dimensions.none(), notConverged);
  }

  /**
   * A schedule's interval: the gap between its next two firings, which for {@code rate(...)} is the
   * rate and for a cron expression the gap at hand (a weekday schedule's weekend gap is longer).
   */
  static Optional<Duration> interval(String schedule, Instant now) {
    return Schedules.next(schedule, now)
        .flatMap(first -> Schedules.next(schedule, first).map(s -> Duration.between(first, s)));
  }
}
