package com.chittysync.connect;

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

  /**
   * Reads records.
   *
   * <p>A complete read ({@link FetchResult#complete()}) returns every record; a record it does not
   * return is gone. An incremental read returns every record changed since the cursor, and in
   * {@link FetchResult#deleted()} the keys of records deleted since then; the engine takes any
   * other record as unchanged (it still holds what it held at its last sync), so an incremental
   * read must never miss a change: an endpoint that cannot see its deletions incrementally must
   * read in full.
   *
   * <p>Called once per sync per endpoint, possibly on a thread of its own (the engine reads every
   * endpoint of a registry at once). A record that cannot be read is returned as a {@link
   * RecordProblem}, never thrown: it is quarantined and the rest syncs.
   *
   * <p>A full read given a {@link FetchRequest#stopBy} it cannot finish by may stop at a safe point
   * once it has passed, keep what it read and where it stopped (in the state database, with the
   * cursor in the same transaction as the records), and answer {@link FetchResult#unfinished}; the
   * next full read continues from there and returns the whole content, each record read once. What
   * changed among the records kept meanwhile must be read again before the read completes. An
   * endpoint may ignore {@code stopBy}.
   *
   * @throws EndpointFailure.Unavailable when the service cannot be reached or keeps refusing past
   *     the connector's own retries: the run fails and a later sync retries
   * @throws EndpointFailure.CredentialsRefused when the credentials are refused: the run fails and
   *     no retry can succeed until an operator fixes them
   */
  FetchResult fetch(FetchRequest request);

  /**
   * Reads records as {@link #fetch(FetchRequest)} does, handing each to {@code sink} as it is read
   * rather than in the result, whose {@link FetchResult#records()} is then empty: the engine keeps
   * of most records no more than their content hash, so a large endpoint need not be held whole.
   * The default reads whole and hands the records on; an endpoint that can read a large content row
   * by row overrides it.
   */
  default FetchResult fetch(FetchRequest request, RecordSink sink) {
    FetchResult result = fetch(request);
    result.records().forEach(sink::accept);
    return new FetchResult(
        List.of(),
        result.complete(),
        result.nextCursor(),
        result.problems(),
        result.deleted(),
        result.unfinished());
  }

  /**
   * The record as this endpoint holds it once {@code record} is written to it: the record as the
   * next fetch would return it. Values the endpoint cannot hold the way they are given come back as
   * it stores them (a Notion checkbox has no null, so null becomes {@code false}; a sheet cell
   * cannot tell an empty string from empty). The engine compares through it, so a difference no
   * endpoint can hold is never a change, never drift and never an op, and it stores what this
   * returns as the snapshot after a write.
   *
   * <p>Pure and idempotent ({@code represent(represent(r)).equals(represent(r))}); fields the
   * endpoint does not map or cannot write are returned as given. The default holds every value as
   * given.
   */
  default CanonicalRecord represent(CanonicalRecord record) {
    return record;
  }

  /**
   * Applies {@code ops} (at most {@link EndpointCapabilities#maxBatch()}), each under its
   * precondition, and reports each op's outcome, in the order given. Must be idempotent: applying
   * the same ops again after a crash reports {@code ALREADY_APPLIED} and never duplicates.
   *
   * <p>The precondition ({@code expected}) is checked against what the endpoint holds now, not
   * against the last fetch: after an incremental read the engine plans against the snapshot of
   * records the read did not return, so an endpoint without conditional writes reads such a record
   * before writing it. {@code ALREADY_APPLIED} means the endpoint holds the op's target as {@link
   * #represent} gives it, every written field compared; anything else held is {@code STALE}.
   *
   * <p>An op the service refuses (a value it will not hold, a constraint) is that op's {@code
   * FAILED} result with the service's reason, and the others go on. Only failures of the whole call
   * are thrown; the engine's journal then holds which ops were done, and the apply is retried from
   * there.
   *
   * @throws EndpointFailure.Unavailable when the service cannot be reached or keeps refusing past
   *     the connector's own retries
   * @throws EndpointFailure.CredentialsRefused when the credentials are refused
   */
  List<OpResult> apply(List<Op> ops);

  @Override
  void close();
}
