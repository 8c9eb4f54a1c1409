package com.chittysync.dashboard.fleet;

import com.chittysync.sync.state.Overview;
import com.chittysync.sync.state.RunStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One registry on the fleet page.
 *
 * @param lastRunAt when its latest syncing run started
 * @param lastRunTook how long it took (to now while it runs)
 * @param outcome the latest run's status, or what a dead run really is
 * @param opsApplied ops the latest run applied
 * @param nextRun when the schedule next asks for it, if it has a schedule
 * @param runningFor who holds the lease, while a run is live
 * @param deadLetters events waiting in the pipeline's dead-letter queues; empty while they are
 *     still being read
 */
public record FleetRow(
    String registry,
    RegistryStatus status,
    Optional<Instant> lastRunAt,
    Optional<Duration> lastRunTook,
    Optional<String> outcome,
    long opsApplied,
    Optional<Instant> nextRun,
    Optional<String> runningFor,
    int conflicts,
    int heldDeletes,
    int quarantined,
    Optional<Integer> deadLetters) {

  /**
   * The row of {@code line}: "Running" only while its lease is live, so a run that died with its
   * process shows as failed, not as running for ever.
   */
  public static FleetRow of(
      Overview.Line line, Optional<Instant> nextRun, Optional<Integer> deadLetters, Instant now) {
    Optional<Overview.Run> last = line.lastRun();
    boolean live = line.lease().isPresent();
    boolean dead = !live && last.map(r -> r.status() == RunStatus.RUNNING).orElse(false);
    boolean waiting =
        line.openConflicts() > 0
            || line.heldDeletes() > 0
            || line.quarantined() > 0
            || deadLetters.orElse(0) > 0;
    RegistryStatus status;
    if (live) {
      status = RegistryStatus.RUNNING;
    } else if (last.isEmpty()) {
      status = RegistryStatus.NEVER_RUN;
    } else if (dead || last.get().status() == RunStatus.FAILED) {
      status = RegistryStatus.FAILED;
    } else if (waiting || last.get().status() == RunStatus.ATTENTION) {
      status = RegistryStatus.NEEDS_ATTENTION;
    } else {
      status = RegistryStatus.HEALTHY;
    }
    Optional<String> outcome =
        last.map(r -> dead ? "died while running" : r.status().wire().replace('_', ' '));
    return new FleetRow(
        line.registry(),
        status,
        last.map(Overview.Run::startedAt),
        last.map(r -> Duration.between(r.startedAt(), r.finishedAt().orElse(now))),
        outcome,
        last.map(r -> r.counts().path("applied").asLong()).orElse(0L),
        nextRun,
        line.lease().map(h -> h.holder()),
        line.openConflicts(),
        line.heldDeletes(),
        line.quarantined(),
        deadLetters);
  }
}
