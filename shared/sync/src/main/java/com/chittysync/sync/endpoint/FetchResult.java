package com.chittysync.sync.endpoint;

import java.util.List;
import java.util.Optional;

/**
 * What a fetch found.
 *
 * @param records the records fetched (all of them for a full scan)
 * @param complete whether {@code records} is the endpoint's whole content, so that a known record
 *     missing from it has been deleted
 * @param nextCursor the position to continue from next time, if the endpoint supports it
 * @param problems rows that could not be turned into records (no key, duplicate key, bad value),
 *     reported and never guessed at
 */
public record FetchResult(
    List<RemoteRecord> records,
    boolean complete,
    Optional<String> nextCursor,
    List<RecordProblem> problems) {
  public FetchResult {
    records = List.copyOf(records);
    problems = List.copyOf(problems);
  }
}
