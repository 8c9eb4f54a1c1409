package com.chittysync.sync.state;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the dashboard reads of the state: registries at a glance, their runs, plans, endpoints and
 * quarantined records. Every method answers from indexes and bounds what it returns; none reads a
 * whole registry's records.
 *
 * <p>Every method throws {@link com.chittysync.core.ChittySyncException} {@code
 * database.unavailable} or {@code database.error} when the state database cannot answer.
 */
public interface Overview {
  /**
   * One run as stored.
   *
   * @param counts what it did, per endpoint and in total, as the engine recorded it
   * @param finishedAt empty while it runs (or when it died running: see {@link Line#lease})
   */
  record Run(
      UUID runId,
      String registry,
      RunKind kind,
      String trigger,
      RunStatus status,
      boolean fullScan,
      Optional<UUID> planId,
      JsonNode counts,
      Optional<String> errorCode,
      Optional<String> error,
      Instant startedAt,
      Optional<Instant> finishedAt) {}

  /**
   * One registry at a glance.
   *
   * @param lastRun its latest run that syncs (sync, diff, apply or write), if any
   * @param lease who holds its lease now, if anyone: a run is live only while its lease is
   * @param quarantined records its latest planning run quarantined
   */
  record Line(
      String registry,
      Optional<Run> lastRun,
      Optional<Leases.Holder> lease,
      int openConflicts,
      int heldDeletes,
      int quarantined) {}

  /** Every registry the state knows, by name. */
  List<Line> fleet();

  /** Registry {@code registry} at a glance, if the state knows it. */
  Optional<Line> line(String registry);

  /**
   * Which runs to list.
   *
   * @param status only runs with this status
   * @param kind only runs of this kind
   * @param from only runs started at or after this
   * @param before only runs started strictly before this (the page cursor)
   * @param limit at most this many (1 to 500)
   */
  record RunQuery(
      Optional<RunStatus> status,
      Optional<RunKind> kind,
      Optional<Instant> from,
      Optional<Instant> before,
      int limit) {
    public RunQuery {
      if (limit < 1 || limit > 500) {
        throw new IllegalArgumentException("limit must be 1 to 500, got " + limit);
      }
    }

    /** The latest {@code limit} runs of any status and kind. */
    public static RunQuery latest(int limit) {
      return new RunQuery(
          Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), limit);
    }
  }

  /**
   * The latest drift check of {@code registry} (a run of kind {@link RunKind#DRIFT}, whatever its
   * status; its counts hold {@code differences} and the first {@code details}), if it was ever
   * checked.
   */
  Optional<Run> lastDrift(String registry);

  /** Runs of {@code registry} that {@code query} selects, newest first. */
  List<Run> runs(String registry, RunQuery query);

  /** Run {@code runId}, if there is one. */
  Optional<Run> run(UUID runId);

  /**
   * One op of a plan and how it ended.
   *
   * @param op create, update or delete
   * @param fields the fields it changes (an update), or writes (a create)
   * @param status pending, applied, failed or skipped_stale
   * @param error why it failed or was skipped
   */
  record PlanOp(
      int opNo,
      String endpoint,
      String op,
      String key,
      List<String> fields,
      String status,
      Optional<String> error) {}

  /**
   * A plan and its ops.
   *
   * @param summary per endpoint: how many creates, updates and deletes
   * @param ops its first ops, by number (at most the limit asked for)
   * @param totalOps how many ops it has in all
   */
  record Plan(
      UUID planId,
      PlanStatus status,
      boolean dryRun,
      JsonNode summary,
      Instant createdAt,
      Optional<Instant> appliedAt,
      List<PlanOp> ops,
      int totalOps) {}

  /** Plan {@code planId} with its first {@code limit} ops, if there is one. */
  Optional<Plan> plan(UUID planId, int limit);

  /**
   * What the state holds of one endpoint.
   *
   * @param records records of the registry its snapshot holds
   * @param lastSeen when it last saw one of them change
   * @param cursor its incremental position, as the connector stores it
   * @param lastFullScan when it was last read in full
   */
  record Endpoint(
      String endpoint,
      long records,
      Optional<Instant> lastSeen,
      Optional<String> cursor,
      Optional<Instant> lastFullScan) {}

  /** The endpoints of {@code registry} the state holds anything of, by name. */
  List<Endpoint> endpoints(String registry);

  /**
   * A record that failed validation and was quarantined.
   *
   * @param key empty when the key itself is missing or invalid
   * @param errors {@code [{"path": …, "message": …}]}
   */
  record Quarantined(
      long id,
      UUID runId,
      String endpoint,
      Optional<String> key,
      Optional<String> remoteId,
      JsonNode errors,
      Instant at) {}

  /**
   * What the latest planning run of {@code registry} quarantined: at most {@code limit}, with a key
   * containing {@code keyContains} when given.
   */
  List<Quarantined> quarantine(String registry, Optional<String> keyContains, int limit);
}
