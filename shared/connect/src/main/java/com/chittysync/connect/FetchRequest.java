package com.chittysync.connect;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a sync asks an endpoint for.
 *
 * @param full whether every record is wanted (a full scan, which also reveals deletions); else only
 *     what changed since {@code cursor}
 * @param cursor the position the previous successful fetch returned, if any
 * @param dryRun whether the run only shows its plan: the fetch must write nothing, not even what an
 *     endpoint would otherwise write while reading (the Sheets endpoint's managed keys)
 * @param recheck keys an incremental read must return as they are now whatever their edit time (in
 *     {@link FetchResult#records()}, or in {@link FetchResult#deleted()} when the endpoint does not
 *     hold them): records waiting for a person (a held conflict or delete, a quarantined value),
 *     whose state every run must see to keep reporting them; a full scan returns them anyway
 * @param stopBy for a full read that may not finish in the time the caller has (a Lambda
 *     invocation): once this instant has passed, an endpoint that can keep a read in parts stops at
 *     a safe point, keeps what it read and where it stopped, and answers {@link
 *     FetchResult#unfinished}; the next full read continues from there. Endpoints that cannot
 *     ignore it. Never set for a dry run, which must write nothing.
 */
public record FetchRequest(
    boolean full,
    Optional<String> cursor,
    boolean dryRun,
    Set<String> recheck,
    Optional<Instant> stopBy) {
  public FetchRequest {
    recheck = Set.copyOf(recheck);
    Objects.requireNonNull(stopBy, "stopBy");
  }

  /** A request without a time limit. */
  public FetchRequest(boolean full, Optional<String> cursor, boolean dryRun, Set<String> recheck) {
    this(full, cursor, dryRun, recheck, Optional.empty());
  }

  /** A request that rechecks nothing. */
  public FetchRequest(boolean full, Optional<String> cursor, boolean dryRun) {
    this(full, cursor, dryRun, Set.of());
  }

  /** A request of a run that may write. */
  public FetchRequest(boolean full, Optional<String> cursor) {
    this(full, cursor, false);
  }

  /** A full scan. */
  public static FetchRequest fullScan() {
    return new FetchRequest(true, Optional.empty());
  }

  /** This request, for a run that only shows its plan when {@code dryRun}. */
  public FetchRequest withDryRun(boolean dryRun) {
    return new FetchRequest(full, cursor, dryRun, recheck, stopBy);
  }

  /** This request, also asking for {@code keys} as they are now. */
  public FetchRequest withRecheck(Set<String> keys) {
    return new FetchRequest(full, cursor, dryRun, keys, stopBy);
  }

  /** This request, to stop reading at a safe point once {@code stopBy} has passed. */
  public FetchRequest withStopBy(Instant stopBy) {
    return new FetchRequest(full, cursor, dryRun, recheck, Optional.of(stopBy));
  }
}
