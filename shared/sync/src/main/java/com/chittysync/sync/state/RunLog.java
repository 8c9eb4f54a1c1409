package com.chittysync.sync.state;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The history of runs: the engine starts and finishes them, people and tools read them back. */
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

  /**
   * Starts a run of {@code registry}, {@link RunStatus#RUNNING} from now; returns its id. The
   * caller has recorded the registry ({@link RegistryRows#ensure}).
   *
   * @param full whether it reads every endpoint in full
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  UUID startRun(String registry, RunKind kind, String trigger, boolean full);

  /**
   * Records how run {@code runId} ended, now.
   *
   * @param counts what it did
   * @param planId the plan it made or applied, or null
   * @param errorCode why it failed, as an error code, or null
   * @param error why it failed, or null
   * @throws com.chittysync.core.ChittySyncException {@code database.unavailable} or {@code
   *     database.error}
   */
  void finishRun(
      UUID runId,
      RunStatus status,
      com.fasterxml.jackson.databind.JsonNode counts,
      UUID planId,
      String errorCode,
      String error);
}
