package com.chittysync.dashboard.fleet;

import com.chittysync.dashboard.ops.DeadLetters;
import com.chittysync.dashboard.ops.NextRuns;
import com.chittysync.sync.state.Overview;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.inject.Inject;

/** Builds the fleet page from the state: one query for every registry, then the filter. */
public final class FleetPage {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(FleetPage.class);

  /** How long the page waits for the dead-letter queues before it shows them as being read. */
  static final Duration LETTERS_WAIT = Duration.ofMillis(250);

  private final Overview overview;
  private final DeadLetters deadLetters;
  private final NextRuns nextRuns;
  private final Clock clock;

  @Inject
  public FleetPage(Overview overview, DeadLetters deadLetters, NextRuns nextRuns, Clock clock) {
    this.overview = overview;
    this.deadLetters = deadLetters;
    this.nextRuns = nextRuns;
    this.clock = clock;
  }

  /**
   * The fleet, keeping registries whose name contains {@code query} and whose status is {@code
   * status}.
   */
  public FleetView view(String query, Optional<RegistryStatus> status) {
    Instant now = clock.instant();
    // The queues and the database answer at once: neither waits for the other. The page waits
    // for the queues only so long: a cold SQS client or a slow queue shows as "still reading",
    // and the next refresh has the counts (the look goes on, and its answer is kept a while).
    CompletableFuture<Map<String, Integer>> counting =
        CompletableFuture.supplyAsync(deadLetters::countsByRegistry)
            .whenComplete(
                (ok, failed) -> {
                  if (failed != null) {
                    LOG.warn("fleet: the dead-letter queues could not be read", failed);
                  }
                });
    List<Overview.Line> lines = overview.fleet();
    Optional<Map<String, Integer>> letters;
    try {
      letters = Optional.of(counting.get(LETTERS_WAIT.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException | ExecutionException e) {
      letters = Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      letters = Optional.empty();
    }
    List<FleetRow> all = new ArrayList<>();
    for (Overview.Line line : lines) {
      all.add(
          FleetRow.of(
              line,
              nextRuns.next(line.registry(), now),
              letters.map(l -> l.getOrDefault(line.registry(), 0)),
              now));
    }
    Map<RegistryStatus, Integer> counts = new EnumMap<>(RegistryStatus.class);
    for (FleetRow r : all) {
      counts.merge(r.status(), 1, Integer::sum);
    }
    String q = query.strip().toLowerCase(Locale.ROOT);
    List<FleetRow> kept =
        all.stream()
            .filter(r -> q.isEmpty() || r.registry().toLowerCase(Locale.ROOT).contains(q))
            .filter(r -> status.isEmpty() || r.status() == status.get())
            .toList();
    return new FleetView(
        kept,
        counts,
        all.size(),
        query.strip(),
        status.map(RegistryStatus::slug).orElse(""),
        now,
        letters.isEmpty());
  }
}
