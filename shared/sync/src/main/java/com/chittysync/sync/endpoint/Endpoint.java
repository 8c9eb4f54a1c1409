package com.chittysync.sync.endpoint;

import java.util.List;

/**
 * One place a registry lives: a PostgreSQL table, a Notion database, a Google Sheet. The engine
 * talks to every kind through this interface (in the manner of a Kafka Connect source and sink in
 * one): it reads canonical records, and it applies ops idempotently under their preconditions.
 *
 * <p>Implementations own their transport concerns (pagination, rate limits, retries, batching,
 * remote ids, read-only fields); the engine owns merging and planning.
 */
public interface Endpoint extends AutoCloseable {
  /** The endpoint's name in the registry config. */
  String name();

  /** What this endpoint can do. */
  EndpointCapabilities capabilities();

  /**
   * Checks the config against the live endpoint (the table, its columns and their types; the
   * database's properties...) and fails naming what is missing or incompatible.
   *
   * @throws com.chittysync.core.ChittySyncException {@code config.invalid}
   */
  void check();

  /** Reads records. */
  FetchResult fetch(FetchRequest request);

  /**
   * Applies {@code ops} (at most {@link EndpointCapabilities#maxBatch()}), each under its
   * precondition, and reports each op's outcome, in the order given. Must be idempotent: applying
   * the same ops again after a crash reports {@code ALREADY_APPLIED} and never duplicates.
   */
  List<OpResult> apply(List<Op> ops);

  @Override
  void close();
}
