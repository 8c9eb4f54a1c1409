package com.chittysync.sync.endpoint;

import java.util.Optional;

/**
 * What a sync asks an endpoint for.
 *
 * @param full whether every record is wanted (a full scan, which also reveals deletions); else only
 *     what changed since {@code cursor}
 * @param cursor the position the previous successful fetch returned, if any
 * @param dryRun whether the run only shows its plan: the fetch must write nothing, not even what an
 *     endpoint would otherwise write while reading (the Sheets endpoint's managed keys)
 */
public record FetchRequest(boolean full, Optional<String> cursor, boolean dryRun) {
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
    return new FetchRequest(full, cursor, dryRun);
  }
}
