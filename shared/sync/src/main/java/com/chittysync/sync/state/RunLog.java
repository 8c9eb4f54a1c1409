package com.chittysync.sync.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The history of runs, read side. Runs are started and finished by the engine (in {@code
 * SyncStore}); this is what people and tools read back.
 */
public interface RunLog {
  /**
   * One run.
   *
   * @param trigger what started it: cli, schedule, notion.webhook, api, ...
   * @param duration from its start to its end, or to now while it runs, to the millisecond
   * @param counts what it did, as JSON text as the store renders it
   * @param error why it failed, when it did
   */
  record RunSummary(
      UUID runId,
      String registry,
      RunKind kind,
      String trigger,
      RunStatus status,
      Instant startedAt,
      Duration duration,
      String counts,
      Optional<String> error) {}

  /**
   * The latest {@code limit} runs, of {@code registry} or of every registry, newest first.
   *
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  List<RunSummary> recentRuns(Optional<String> registry, int limit);
}
