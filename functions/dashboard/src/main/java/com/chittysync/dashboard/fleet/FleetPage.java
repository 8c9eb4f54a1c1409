package com.chittysync.dashboard.fleet;

import com.chittysync.dashboard.ops.DeadLetters;
import com.chittysync.dashboard.ops.NextRuns;
import com.chittysync.sync.state.Overview;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.inject.Inject;

/** Builds the fleet page from the state: one query for every registry, then the filter. */
public final class FleetPage {
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
    // The queues and the database answer at once: neither waits for the other.
    java.util.concurrent.CompletableFuture<Map<String, Integer>> counting =
        java.util.concurrent.CompletableFuture.supplyAsync(deadLetters::countsByRegistry);
    List<Overview.Line> lines = overview.fleet();
    Map<String, Integer> letters;
    try {
      letters = counting.join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
    List<FleetRow> all = new ArrayList<>();
    for (Overview.Line line : lines) {
      all.add(
          FleetRow.of(
              line,
              nextRuns.next(line.registry(), now),
              letters.getOrDefault(line.registry(), 0),
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
        kept, counts, all.size(), query.strip(), status.map(RegistryStatus::slug).orElse(""), now);
  }
}
