package com.chittysync.connect;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What a fetch found.
 *
 * @param records the records fetched (all of them for a full scan)
 * @param complete whether {@code records} is the endpoint's whole content, so that a known record
 *     missing from it has been deleted
 * @param nextCursor the position to continue from next time, if the endpoint supports it
 * @param problems rows that could not be turned into records (no key, duplicate key, bad value),
 *     reported and never guessed at
 * @param deleted for an incremental read, the keys of records the endpoint deleted (or moved to its
 *     trash) since the cursor, which an incremental read cannot otherwise tell from unchanged ones;
 *     empty for a complete read, whose missing records are its deletions
 * @param unfinished present when a full read stopped at its request's {@link FetchRequest#stopBy}
 *     and kept what it read: how many records it has read so far. The result then holds nothing
 *     else; the next full read continues where this one stopped.
 */
public record FetchResult(
    List<RemoteRecord> records,
    boolean complete,
    Optional<String> nextCursor,
    List<RecordProblem> problems,
    Set<String> deleted,
    OptionalInt unfinished) {
  public FetchResult {
    records = List.copyOf(records);
    problems = List.copyOf(problems);
    deleted = Set.copyOf(deleted);
    Objects.requireNonNull(unfinished, "unfinished");
  }

  /** A finished read. */
  public FetchResult(
      List<RemoteRecord> records,
      boolean complete,
      Optional<String> nextCursor,
      List<RecordProblem> problems,
      Set<String> deleted) {
    this(records, complete, nextCursor, problems, deleted, OptionalInt.empty());
  }

  /**
   * A full read stopped before its end, {@code recordsRead} records in, what it read kept for the
   * next full read to continue from.
   */
  public static FetchResult unfinished(int recordsRead) {
    return new FetchResult(
        List.of(), false, Optional.empty(), List.of(), Set.of(), OptionalInt.of(recordsRead));
  }

  /** A read that reports no deletion by key (a complete read, or one that cannot see them). */
  public FetchResult(
      List<RemoteRecord> records,
      boolean complete,
      Optional<String> nextCursor,
      List<RecordProblem> problems) {
    this(records, complete, nextCursor, problems, Set.of());
  }
}
